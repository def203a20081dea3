package dev.brine.core.format;

import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Shape;
import dev.brine.core.tensor.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

/**
 * Tensors with random bytes: every bit pattern of a float dtype (NaN payloads, subnormals, negative zero) must
 * survive a round trip unchanged, so values are raw random bytes rather than random numbers. BOOL holds 0 or 1.
 */
final class RandomTensors {
    private RandomTensors() {
    }

    static Tensor tensor(DType dtype, Shape shape, SplittableRandom random, Arena arena) {
        Tensor tensor = Tensor.allocate(dtype, shape, arena);
        byte[] bytes = new byte[(int) tensor.byteSize()];
        random.nextBytes(bytes);
        if (dtype == DType.BOOL) {
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] &= 1;
            }
        }
        tensor.data().copyFrom(java.lang.foreign.MemorySegment.ofArray(bytes));
        return tensor;
    }

    /** Rank 0 to {@code maxRank}; about one shape in five has a zero dimension. */
    static Shape shape(SplittableRandom random, int maxRank) {
        long[] dims = new long[random.nextInt(maxRank + 1)];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(maxRank > 4 ? 3 : 6);
        }
        return Shape.of(dims);
    }

    static DType dtype(SplittableRandom random) {
        DType[] all = DType.values();
        return all[random.nextInt(all.length)];
    }

    static byte[] bytes(Tensor tensor) {
        return tensor.data().toArray(ValueLayout.JAVA_BYTE);
    }
}
