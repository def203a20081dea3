package dev.brine.core.format;

import dev.brine.core.json.Json;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.Signature;
import dev.brine.core.model.TensorRole;
import dev.brine.core.model.TensorSpec;
import dev.brine.core.model.TrainingState;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Shape;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The model behind {@code safetensors/brine-written/sample.brine}: a file Brine wrote that the independent reader
 * {@code tools/safetensors_read.py} then read, its report committed beside it. The content is a fixed function of a
 * seed (every dtype, scalars, zero-size tensors, every role), so the test can write it again and compare.
 *
 * <p>Run {@link #main} to rewrite the committed file (see the README next to it).
 */
final class BrineWrittenSample {
    static final Provenance PROVENANCE = new Provenance("0.1.0-SNAPSHOT", "25", Instant.parse("2025-01-01T00:00:00Z"),
            Optional.of("safetensors"), Optional.of("original.safetensors"), Optional.of("ab".repeat(32)),
            Optional.empty(), Optional.empty());
    static final Map<String, String> EXTRA_METADATA = Map.of("format", "pt");

    private BrineWrittenSample() {
    }

    static ModelSnapshot snapshot(Arena arena) {
        SplittableRandom random = new SplittableRandom(20250101);
        List<NamedTensor> tensors = new ArrayList<>();
        TensorRole[] roles = TensorRole.values();
        for (DType dtype : DType.values()) {
            String name = "layer." + dtype.name().toLowerCase(java.util.Locale.ROOT) + ".weight";
            tensors.add(new NamedTensor(name, RandomTensors.tensor(dtype, Shape.of(3, 5), random, arena),
                    roles[tensors.size() % roles.length]));
        }
        tensors.add(new NamedTensor("scalar.step", RandomTensors.tensor(DType.I64, Shape.scalar(), random, arena),
                TensorRole.TRAINING_STATE));
        tensors.add(new NamedTensor("empty.rows", RandomTensors.tensor(DType.F32, Shape.of(0, 4), random, arena),
                TensorRole.DATA));
        tensors.add(new NamedTensor("名前.bias ✓", RandomTensors.tensor(DType.BF16, Shape.of(7), random, arena),
                TensorRole.PARAMETER));
        Signature signature = new Signature(List.of(new TensorSpec("input", DType.F32, new long[] {-1, 5})),
                List.of(new TensorSpec("probabilities", DType.F32, new long[] {-1, 3})),
                List.of("a", "b", "c", "d", "e"));
        TrainingState training = new TrainingState(3, 120, 40,
                List.of(Json.object().put("epoch", 1).put("loss", 0.5).build()),
                Json.object().put("optimizer", "adam").build());
        return new ModelSnapshot("sample.model", Json.object().put("layers", 2).build(), tensors, signature,
                List.of("setosa", "versicolor", "virginica"), Optional.of(training));
    }

    static Manifest write(Path target) {
        try (Arena arena = Arena.ofConfined()) {
            return BrineFile.write(target, snapshot(arena), PROVENANCE,
                    Json.object().put("note", "written for the independent reader").build(), EXTRA_METADATA);
        }
    }

    public static void main(String[] args) {
        write(Path.of(args[0]));
    }
}
