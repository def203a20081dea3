package dev.brine.models.nn;

import dev.brine.core.IncompatibleModelException;
import dev.brine.models.data.Labels;
import dev.brine.models.data.Matrix;
import dev.brine.models.tabular.EstimatorSpec;
import dev.brine.models.tabular.Target;

import java.util.List;
import java.util.function.Consumer;

/**
 * A training run of a {@link TabularNetwork}: the trainer, the fixed data in the network's units, and the model
 * shell (scaling, labels) the trained network goes into. {@link #checkpoint()} gives a model that carries the whole
 * training state; {@link #resume} continues one.
 */
public final class MlpRun {

    private final TabularNetwork shell;
    private final Trainer trainer;
    private final FloatMatrix x;
    private final Targets y;

    private MlpRun(TabularNetwork shell, Trainer trainer, FloatMatrix x, Targets y) {
        this.shell = shell;
        this.trainer = trainer;
        this.x = x;
        this.y = y;
    }

    static MlpRun start(MlpSpec spec, Matrix x, Target y, List<String> featureNames) {
        double[][] scaling = standardization(x);
        boolean classification = y instanceof Target.Classes;
        TabularNetwork shell;
        if (classification) {
            Labels labels = MlpSpec.classes(y);
            shell = TabularNetwork.classifier(spec.network(x.cols(), labels.classCount()), scaling[0], scaling[1],
                    labels.classes(), featureNames);
        } else {
            double[] values = EstimatorSpec.values(y, TabularNetwork.REGRESSOR);
            double[] moments = meanAndScale(values);
            shell = TabularNetwork.regressor(spec.network(x.cols(), 1), scaling[0], scaling[1], moments[0], moments[1],
                    featureNames);
        }
        Trainer trainer = Trainer.start(shell.network(), spec.settings(classification));
        return new MlpRun(shell, trainer, shell.scaledInput(x), targets(shell, y));
    }

    /** Continues the run saved in a checkpoint model, on the same training data (stopped mid-epoch or not). */
    public static MlpRun resume(TabularNetwork checkpoint, Matrix x, Target y) {
        Trainer trainer = Trainer.resume(checkpoint.network());
        return new MlpRun(checkpoint, trainer, checkpoint.scaledInput(x), targets(checkpoint, y));
    }

    /**
     * Continues the run saved in a model on new rows (incremental training): the same optimizer state, random stream
     * and counters, the new data in the model's units (the first data's input scaling). The run must have stopped
     * at the end of an epoch; the new rows may hold any of the model's classes but no new one.
     */
    public static MlpRun continueOn(TabularNetwork model, Matrix x, Target y) {
        Sequential.Checkpoint checkpoint = model.network().checkpoint().orElseThrow(() -> new IncompatibleModelException(
                "this network was saved without its training state (optimizer moments, random stream, counters), so "
                        + "there is no run to continue; save it with its state (MlpSpec.fit and `brine train` keep it)"
                        + " or train a new one"));
        if (checkpoint.state().dataPosition() != 0) {
            throw new IncompatibleModelException("this checkpoint stopped inside epoch " + (checkpoint.state().epoch()
                    + 1) + "; finish that epoch on its own data (`brine train --resume`) before training on new rows");
        }
        return resume(model, x, y);
    }

    public long epoch() {
        return trainer.epoch();
    }

    public void trainUntil(long totalEpochs, Consumer<Trainer.EpochReport> listener) {
        trainer.trainUntil(x, y, totalEpochs, listener);
    }

    /** The trained model without training state. */
    public TabularNetwork model() {
        return shell.withNetwork(trainer.model());
    }

    /** The model with its complete training state, to save as a checkpoint. */
    public TabularNetwork checkpoint() {
        return shell.withNetwork(trainer.checkpoint());
    }

    public List<dev.brine.core.json.Json.JsonObject> history() {
        return trainer.history();
    }

    private static Targets targets(TabularNetwork shell, Target y) {
        return switch (shell) {
            case TabularNetwork.Classifier classifier -> new Targets.Classes(MlpSpec.classes(y)
                    .codedAs(classifier.classLabels(), "mlp").codes());
            case TabularNetwork.Regressor regressor -> {
                double[] values = EstimatorSpec.values(y, TabularNetwork.REGRESSOR);
                float[] scaled = new float[values.length];
                for (int i = 0; i < values.length; i++) scaled[i] = regressor.scaleTarget(values[i]);
                yield new Targets.Values(new FloatMatrix(values.length, 1, scaled));
            }
        };
    }

    /** Per-column mean and population standard deviation (1 for a constant column). */
    private static double[][] standardization(Matrix x) {
        double[] mean = new double[x.cols()];
        double[] scale = new double[x.cols()];
        for (int c = 0; c < x.cols(); c++) {
            double[] moments = meanAndScale(x.column(c));
            mean[c] = moments[0];
            scale[c] = moments[1];
        }
        return new double[][] {mean, scale};
    }

    private static double[] meanAndScale(double[] values) {
        double mean = 0;
        for (double v : values) mean += v;
        mean /= values.length;
        double variance = 0;
        for (double v : values) variance += (v - mean) * (v - mean);
        double std = Math.sqrt(variance / values.length);
        return new double[] {mean, std == 0 || !Double.isFinite(std) ? 1.0 : std};
    }
}
