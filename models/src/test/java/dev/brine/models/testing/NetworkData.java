package dev.brine.models.testing;

import dev.brine.core.json.Json;
import dev.brine.models.data.Labels;
import dev.brine.models.data.Matrix;
import dev.brine.models.nn.Activation;
import dev.brine.models.nn.BatchNorm;
import dev.brine.models.nn.Dropout;
import dev.brine.models.nn.FloatMatrix;
import dev.brine.models.nn.Linear;
import dev.brine.models.nn.Loss;
import dev.brine.models.nn.LrSchedule;
import dev.brine.models.nn.Sequential;
import dev.brine.models.nn.Targets;
import dev.brine.models.nn.TrainingSettings;
import dev.brine.models.random.Pcg64;

/** A small iris classifier network and the settings the training tests (and the resume subprocesses) share. */
public final class NetworkData {

    private NetworkData() {
    }

    public record Classification(FloatMatrix x, Targets y) {
    }

    public static Classification iris() {
        Matrix x = Datasets.x("iris");
        float[] values = new float[x.values().length];
        for (int i = 0; i < values.length; i++) values[i] = (float) x.values()[i];
        Labels labels = Datasets.labels("iris");
        return new Classification(new FloatMatrix(x.rows(), x.cols(), values), new Targets.Classes(labels.codes()));
    }

    /** Linear(4,16) → BatchNorm1d → ReLU → Dropout(0.1) → Linear(16,3), initialised from {@code seed}. */
    public static Sequential network(long seed) {
        Pcg64 rng = Pcg64.seeded(seed);
        return Sequential.of(4, Linear.initialized(4, 16, true, rng), BatchNorm.of1d(16),
                Activation.of(Activation.Kind.RELU), new Dropout(0.1), Linear.initialized(16, 3, true, rng));
    }

    public static TrainingSettings sgdSettings() {
        return TrainingSettings.of(Loss.CROSS_ENTROPY, Json.object().put("type", "sgd").put("lr", 0.05)
                .put("momentum", 0.9).put("nesterov", true).put("weight_decay", 1e-4).build(), 16, 42);
    }

    public static TrainingSettings adamSettings() {
        return TrainingSettings.of(Loss.CROSS_ENTROPY, Json.object().put("type", "adam").put("lr", 0.01).build(), 16, 42)
                .withSchedule(new LrSchedule.Cosine(10, 0.001));
    }

    public static int[] range(int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) out[i] = i;
        return out;
    }
}
