package dev.brine.bench;

import dev.brine.core.json.Json;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.Signature;
import dev.brine.core.model.TensorRole;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Shape;
import dev.brine.core.tensor.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A model-shaped set of F32 tensors of an exact total size: an embedding holding 5/8 of the bytes (2.5 GB of a
 * 4 GB model, so the suite crosses the 2 GB boundary in one tensor) and {@value #LAYERS} layers of a weight matrix
 * and a bias sharing the rest. The values are pseudo-random so that no layer of the stack can skip or compress them.
 */
public final class SyntheticModel {
    /** Width of every matrix; sizes are whole MiB, which makes every row count below an integer. */
    static final int COLUMNS = 1024;
    static final int LAYERS = 8;
    static final String TYPE = "bench_synthetic";
    private static final long MIB = 1 << 20;

    private SyntheticModel() {
    }

    /** Names and shapes of the tensors of a model of {@code totalBytes} (a positive multiple of 1 MiB). */
    public static List<Layout> layout(long totalBytes) {
        if (totalBytes <= 0 || totalBytes % MIB != 0) {
            throw new IllegalArgumentException("model size must be a positive whole number of MiB, got " + totalBytes);
        }
        long floats = totalBytes / Float.BYTES;
        long embeddingRows = floats * 5 / 8 / COLUMNS;
        long layerRows = floats * 3 / 8 / LAYERS / COLUMNS;
        List<Layout> layout = new ArrayList<>();
        layout.add(new Layout("embed.weight", Shape.of(embeddingRows, COLUMNS)));
        for (int layer = 0; layer < LAYERS; layer++) {
            layout.add(new Layout("layers." + layer + ".weight", Shape.of(layerRows - 1, COLUMNS)));
            layout.add(new Layout("layers." + layer + ".bias", Shape.of(COLUMNS)));
        }
        return layout;
    }

    /** A tensor's name and shape. */
    public record Layout(String name, Shape shape) {
        public long byteSize() {
            return shape.numElements() * Float.BYTES;
        }
    }

    /** The snapshot of a model of {@code totalBytes}, its tensors allocated in {@code arena}. */
    public static ModelSnapshot snapshot(long totalBytes, Arena arena) {
        List<NamedTensor> tensors = new ArrayList<>();
        long seed = 1;
        for (Layout tensor : layout(totalBytes)) {
            Tensor values = Tensor.allocate(DType.F32, tensor.shape(), arena);
            fill(values.data(), seed++);
            tensors.add(new NamedTensor(tensor.name(), values, TensorRole.PARAMETER));
        }
        Json.JsonObject config = Json.object()
                .put("columns", COLUMNS)
                .put("layers", LAYERS)
                .put("total_bytes", totalBytes)
                .build();
        return new ModelSnapshot(TYPE, config, tensors, Signature.UNKNOWN, List.of(), Optional.empty());
    }

    /** Small floats in [-0.5, 0.5) from a multiplicative hash of the index: cheap, deterministic, incompressible. */
    private static void fill(MemorySegment data, long seed) {
        long count = data.byteSize() / Float.BYTES;
        for (long index = 0; index < count; index++) {
            long mixed = (index + seed * 0x632BE59BD9B4E019L) * 0x9E3779B97F4A7C15L;
            data.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, index, (mixed >>> 40) * 0x1p-24f - 0.5f);
        }
    }
}
