package dev.brine.python.pickle;

import dev.brine.core.Limits;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Objects;

/**
 * How to unpickle: which globals are allowed, the limits, the host's persistent-id loader (PyTorch) and the
 * out-of-band buffers of a protocol-5 pickle, in the order the pickler produced them.
 */
public record UnpicklerOptions(AllowList allowList, Limits limits, PersistentLoader persistentLoader,
                               List<MemorySegment> buffers) {

    public UnpicklerOptions {
        Objects.requireNonNull(allowList, "allowList");
        Objects.requireNonNull(limits, "limits");
        buffers = List.copyOf(buffers);
    }

    public static UnpicklerOptions of(AllowList allowList, Limits limits) {
        return new UnpicklerOptions(allowList, limits, null, List.of());
    }

    public UnpicklerOptions withPersistentLoader(PersistentLoader loader) {
        return new UnpicklerOptions(allowList, limits, loader, buffers);
    }

    public UnpicklerOptions withBuffers(List<MemorySegment> outOfBandBuffers) {
        return new UnpicklerOptions(allowList, limits, persistentLoader, outOfBandBuffers);
    }

    public UnpicklerOptions withAllowList(AllowList value) {
        return new UnpicklerOptions(value, limits, persistentLoader, buffers);
    }
}
