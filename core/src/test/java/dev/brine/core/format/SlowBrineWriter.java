package dev.brine.core.format;

import dev.brine.core.json.Json;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.Signature;
import dev.brine.core.model.TensorRole;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Shape;
import dev.brine.core.tensor.Tensor;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The process {@link AtomicWriteTest} kills: writes a large {@code .brine} file of fixed content (the same bytes
 * every run) to {@code args[0]}, {@code args[1]} tensors of 8 MB each. It prints {@code writing} just before the
 * write starts and {@code done} after the file is in place.
 */
final class SlowBrineWriter {
    static final long TENSOR_BYTES = 8 << 20;

    private SlowBrineWriter() {
    }

    public static void main(String[] args) {
        Path target = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        try (Arena arena = Arena.ofConfined()) {
            List<NamedTensor> tensors = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Tensor tensor = Tensor.allocate(DType.U8, Shape.of(TENSOR_BYTES), arena);
                tensor.data().fill((byte) (i + 1));
                tensors.add(new NamedTensor("block." + i, tensor, TensorRole.PARAMETER));
            }
            ModelSnapshot snapshot = new ModelSnapshot("slow.writer", Json.JsonObject.EMPTY, tensors,
                    Signature.UNKNOWN, List.of(), Optional.empty());
            System.out.println("writing");
            System.out.flush();
            BrineFile.write(target, snapshot, BrineWrittenSample.PROVENANCE, Json.JsonObject.EMPTY, Map.of());
            System.out.println("done");
        }
    }
}
