package dev.brine.models.nn;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.json.Json;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.TensorRole;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.data.Matrix;
import dev.brine.models.snapshot.SnapshotReader;
import dev.brine.models.tabular.IncrementalModel;
import dev.brine.models.tabular.Probabilities;
import dev.brine.models.tabular.TabularClassifier;
import dev.brine.models.tabular.TabularRegressor;
import dev.brine.models.tabular.Target;

import java.util.ArrayList;
import java.util.List;

/**
 * A network over rows of features (scikit-learn's {@code MLPRegressor} / {@code MLPClassifier} in spirit): inputs
 * standardised with the training data's mean and scale, a {@link Sequential}, and for regression the target's mean
 * and scale undone on the way out; for classification one logit per class, through softmax. The network's tensors
 * keep their PyTorch names ({@code 0.weight}); the scaling is saved as buffers {@code input_mean},
 * {@code input_scale} (and {@code target_mean}, {@code target_scale}). A checkpoint's training state rides on the
 * network.
 */
public abstract sealed class TabularNetwork implements IncrementalModel
        permits TabularNetwork.Regressor, TabularNetwork.Classifier {

    public static final String REGRESSOR = "mlp_regressor";
    public static final String CLASSIFIER = "mlp_classifier";

    private final Sequential network;
    private final double[] inputMean;
    private final double[] inputScale;
    private final List<String> featureNames;

    private TabularNetwork(Sequential network, double[] inputMean, double[] inputScale, List<String> featureNames) {
        if (inputMean.length != network.inputFeatures() || inputScale.length != inputMean.length) {
            throw new IncompatibleModelException("input scaling for " + inputMean.length + " features does not fit a "
                    + "network taking " + network.inputFeatures());
        }
        this.network = network;
        this.inputMean = inputMean.clone();
        this.inputScale = inputScale.clone();
        this.featureNames = List.copyOf(featureNames);
    }

    public static Regressor regressor(Sequential network, double[] inputMean, double[] inputScale, double targetMean,
                                      double targetScale, List<String> featureNames) {
        return new Regressor(network, inputMean, inputScale, targetMean, targetScale, featureNames);
    }

    public static Classifier classifier(Sequential network, double[] inputMean, double[] inputScale,
                                        List<String> classLabels, List<String> featureNames) {
        return new Classifier(network, inputMean, inputScale, classLabels, featureNames);
    }

    public Sequential network() {
        return network;
    }

    double[] inputMean() {
        return inputMean.clone();
    }

    double[] inputScale() {
        return inputScale.clone();
    }

    /** The same model around another network (a newer checkpoint of the same run). */
    public abstract TabularNetwork withNetwork(Sequential value);

    /**
     * One more epoch over the new rows (as scikit-learn's {@code MLPClassifier.partial_fit} does one pass), continuing
     * the saved run: its optimizer moments, random stream, counters and history, and the input scaling of the first
     * data. Needs a model that carries its training state ({@code MlpSpec.fit} and {@code brine train} keep it), at
     * the end of an epoch; {@link MlpRun#continueOn} trains more epochs at once.
     */
    @Override
    public TabularNetwork partialFit(Matrix x, Target y) {
        MlpRun run = MlpRun.continueOn(this, x, y);
        run.trainUntil(run.epoch() + 1, report -> { });
        return run.checkpoint();
    }

    /** Standardised float32 rows for the network. */
    public FloatMatrix scaledInput(Matrix input) {
        input.requireColumns(inputMean.length, type());
        int cols = input.cols();
        float[] out = new float[input.rows() * cols];
        double[] values = input.values();
        for (int offset = 0; offset < out.length; offset += cols) {
            for (int c = 0; c < cols; c++) out[offset + c] = (float) ((values[offset + c] - inputMean[c]) / inputScale[c]);
        }
        return new FloatMatrix(input.rows(), cols, out);
    }

    protected FloatMatrix outputs(Matrix input) {
        return network.evaluate(scaledInput(input));
    }

    @Override
    public int featureCount() {
        return inputMean.length;
    }

    @Override
    public List<String> featureNames() {
        return featureNames;
    }

    protected abstract Json.ObjectBuilder task(Json.ObjectBuilder config);

    protected abstract List<NamedTensor> taskTensors();

    protected abstract List<String> labels();

    @Override
    public ModelSnapshot snapshot() {
        ModelSnapshot inner = network.snapshot();
        List<NamedTensor> tensors = new ArrayList<>(inner.tensors());
        tensors.add(new NamedTensor("input_mean", Tensor.of(inputMean), TensorRole.BUFFER));
        tensors.add(new NamedTensor("input_scale", Tensor.of(inputScale), TensorRole.BUFFER));
        tensors.addAll(taskTensors());
        Json.JsonObject config = task(Json.object().put("network", network.architecture())).build();
        return new ModelSnapshot(type(), config, tensors, signature(), labels(), inner.training());
    }

    static TabularNetwork restore(ModelSnapshot snapshot) {
        SnapshotReader reader = new SnapshotReader(snapshot, snapshot.type());
        Json.JsonObject architecture = reader.config(config -> config.getObject("network"));
        List<NamedTensor> networkTensors = snapshot.tensors().stream()
                .filter(t -> !t.name().startsWith("input_") && !t.name().startsWith("target_")).toList();
        Sequential network = Sequential.restore(new SnapshotReader(new ModelSnapshot(Sequential.TYPE, architecture,
                networkTensors, snapshot.signature(), List.of(), snapshot.training()), Sequential.TYPE));
        int features = network.inputFeatures();
        double[] mean = reader.doubles("input_mean", features);
        double[] scale = reader.doubles("input_scale", features);
        List<String> names = snapshot.signature().featureNames();
        if (snapshot.type().equals(CLASSIFIER)) {
            return new Classifier(network, mean, scale, snapshot.classLabels(), names);
        }
        return new Regressor(network, mean, scale, reader.doubles("target_mean", 1)[0],
                reader.doubles("target_scale", 1)[0], names);
    }

    public static final class Regressor extends TabularNetwork implements TabularRegressor {
        private final double targetMean;
        private final double targetScale;

        private Regressor(Sequential network, double[] inputMean, double[] inputScale, double targetMean,
                          double targetScale, List<String> featureNames) {
            super(network, inputMean, inputScale, featureNames);
            if (network.outputFeatures() != 1) {
                throw new IncompatibleModelException("a regression network has one output, this one has "
                        + network.outputFeatures());
            }
            this.targetMean = targetMean;
            this.targetScale = targetScale;
        }

        @Override
        public String type() {
            return REGRESSOR;
        }

        @Override
        public Regressor withNetwork(Sequential value) {
            return new Regressor(value, inputMean(), inputScale(), targetMean, targetScale, featureNames());
        }

        /** The training target in the network's units. */
        public float scaleTarget(double value) {
            return (float) ((value - targetMean) / targetScale);
        }

        @Override
        public Tensor predict(Matrix input) {
            float[] out = outputs(input).data();
            double[] values = new double[out.length];
            for (int i = 0; i < out.length; i++) values[i] = out[i] * targetScale + targetMean;
            return Tensor.of(values);
        }

        @Override
        protected Json.ObjectBuilder task(Json.ObjectBuilder config) {
            return config.put("task", "regression");
        }

        @Override
        protected List<NamedTensor> taskTensors() {
            return List.of(new NamedTensor("target_mean", Tensor.of(new double[] {targetMean}), TensorRole.BUFFER),
                    new NamedTensor("target_scale", Tensor.of(new double[] {targetScale}), TensorRole.BUFFER));
        }

        @Override
        protected List<String> labels() {
            return List.of();
        }
    }

    public static final class Classifier extends TabularNetwork implements TabularClassifier {
        private final List<String> classLabels;

        private Classifier(Sequential network, double[] inputMean, double[] inputScale, List<String> classLabels,
                           List<String> featureNames) {
            super(network, inputMean, inputScale, featureNames);
            if (network.outputFeatures() != classLabels.size()) {
                throw new IncompatibleModelException("a classifier network for " + classLabels.size()
                        + " classes needs as many outputs, this one has " + network.outputFeatures());
            }
            this.classLabels = List.copyOf(classLabels);
        }

        @Override
        public String type() {
            return CLASSIFIER;
        }

        @Override
        public Classifier withNetwork(Sequential value) {
            return new Classifier(value, inputMean(), inputScale(), classLabels, featureNames());
        }

        @Override
        public List<String> classLabels() {
            return classLabels;
        }

        @Override
        public Matrix predictProba(Matrix input) {
            FloatMatrix logits = outputs(input);
            double[] values = new double[logits.data().length];
            for (int i = 0; i < values.length; i++) values[i] = logits.data()[i];
            Matrix probabilities = new Matrix(logits.rows(), logits.cols(), values);
            Probabilities.softmaxRowsInPlace(probabilities);
            return probabilities;
        }

        @Override
        protected Json.ObjectBuilder task(Json.ObjectBuilder config) {
            return config.put("task", "classification");
        }

        @Override
        protected List<NamedTensor> taskTensors() {
            return List.of();
        }

        @Override
        protected List<String> labels() {
            return classLabels;
        }
    }
}
