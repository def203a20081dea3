package dev.brine.models.nn;

import dev.brine.core.json.Json;
import dev.brine.models.data.Labels;
import dev.brine.models.data.Matrix;
import dev.brine.models.random.Pcg64;
import dev.brine.models.tabular.EstimatorSpec;
import dev.brine.models.tabular.Target;

import java.util.ArrayList;
import java.util.List;

/**
 * A multi-layer perceptron for tabular data: hidden layer widths, their activation and dropout, the training
 * settings and the number of epochs. Classification trains one logit per class with cross-entropy; regression one
 * output with mean squared error on the standardised target. Weights are initialised from the training seed.
 */
public record MlpSpec(int[] hidden, Activation.Kind activation, double dropout, Json.JsonObject optimizer,
                      int batchSize, int epochs, long seed) implements EstimatorSpec {

    public MlpSpec {
        hidden = hidden.clone();
        for (int width : hidden) {
            if (width < 1) throw new IllegalArgumentException("hidden layer widths must be >= 1");
        }
        if (epochs < 0) throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
    }

    /** Settings for a trainer: cross-entropy or MSE by task, the optimizer, shuffled batches. */
    public TrainingSettings settings(boolean classification) {
        return TrainingSettings.of(classification ? Loss.CROSS_ENTROPY : Loss.MSE, optimizer, batchSize, seed);
    }

    /** The untrained network: Linear → activation (→ Dropout) per hidden layer, then the output layer. */
    public Sequential network(int inputs, int outputs) {
        Pcg64 rng = Pcg64.seeded(seed);
        List<Layer> layers = new ArrayList<>();
        int width = inputs;
        for (int size : hidden) {
            layers.add(Linear.initialized(width, size, true, rng));
            layers.add(Activation.of(activation));
            if (dropout > 0) layers.add(new Dropout(dropout));
            width = size;
        }
        layers.add(Linear.initialized(width, outputs, true, rng));
        return Sequential.of(inputs, layers.toArray(Layer[]::new));
    }

    /** A run ready to train (the CLI drives it epoch by epoch to checkpoint). */
    public MlpRun start(Matrix x, Target y, List<String> featureNames) {
        return MlpRun.start(this, x, y, featureNames);
    }

    /** The trained model, carrying its training state so that it can train further ({@link MlpRun#continueOn}). */
    @Override
    public TabularNetwork fit(Matrix x, Target y, List<String> featureNames) {
        MlpRun run = start(x, y, featureNames);
        run.trainUntil(epochs, report -> { });
        return run.checkpoint();
    }

    static Labels classes(Target y) {
        return EstimatorSpec.classes(y, "mlp");
    }
}
