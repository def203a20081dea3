package dev.brine.models.mlp;

import dev.brine.core.CorruptModelException;
import dev.brine.core.IncompatibleModelException;
import dev.brine.core.json.Json;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.Signature;
import dev.brine.core.model.TensorRole;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.data.Matrix;
import dev.brine.models.snapshot.SnapshotReader;
import dev.brine.models.tabular.Probabilities;
import dev.brine.models.tabular.TabularClassifier;
import dev.brine.models.tabular.TabularModel;
import dev.brine.models.tabular.TabularSignature;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A multi-layer perceptron in float64 as scikit-learn's {@code MLPClassifier} and {@code MLPRegressor} predict:
 * {@code a ← a·Wᵢ + bᵢ} per layer ({@code Wᵢ} of shape {@code (in, out)}, scikit-learn's {@code coefs_}), the hidden
 * activation after every layer but the last and the output activation after it. Classifiers of two classes have
 * one logistic output (class 1 when above one half); of more, a softmax over one output per class. Inference only
 * (the float32 networks Brine trains are {@code nn.Sequential} and {@code nn.TabularNetwork}).
 */
public abstract sealed class MultilayerPerceptron implements TabularModel
        permits MultilayerPerceptron.Classifier, MultilayerPerceptron.Regressor {

    public static final String CLASSIFIER = "perceptron_classifier";
    public static final String REGRESSOR = "perceptron_regressor";

    /** scikit-learn's activation names; each but softmax (which acts on rows) is a function of nn's one vocabulary. */
    public enum Activation {
        IDENTITY, LOGISTIC, TANH, RELU, SOFTMAX;

        private dev.brine.models.nn.Activation.Kind kind() {
            return switch (this) {
                case IDENTITY -> dev.brine.models.nn.Activation.Kind.IDENTITY;
                case LOGISTIC -> dev.brine.models.nn.Activation.Kind.SIGMOID;
                case TANH -> dev.brine.models.nn.Activation.Kind.TANH;
                case RELU -> dev.brine.models.nn.Activation.Kind.RELU;
                case SOFTMAX -> throw new IllegalStateException("softmax acts on whole rows");
            };
        }
    }

    /** One dense layer: {@code weights} row-major {@code (inputs, outputs)}. */
    public record Layer(Matrix weights, double[] bias) {
        public Layer {
            if (bias.length != weights.cols()) {
                throw new IncompatibleModelException("a layer of " + weights.cols() + " outputs has " + bias.length
                        + " biases");
            }
        }
    }

    private final List<Layer> layers;
    private final Activation hidden;
    private final Activation output;
    private final List<String> featureNames;

    private MultilayerPerceptron(List<Layer> layers, Activation hidden, Activation output,
                                 List<String> featureNames) {
        if (layers.isEmpty()) {
            throw new IncompatibleModelException("a perceptron needs at least one layer");
        }
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i).weights().rows() != layers.get(i - 1).weights().cols()) {
                throw new IncompatibleModelException("layer " + i + " takes " + layers.get(i).weights().rows()
                        + " inputs, layer " + (i - 1) + " gives " + layers.get(i - 1).weights().cols());
            }
        }
        if (hidden == Activation.SOFTMAX) {
            throw new IncompatibleModelException("softmax is an output activation only");
        }
        this.layers = List.copyOf(layers);
        this.hidden = hidden;
        this.output = output;
        this.featureNames = List.copyOf(featureNames);
    }

    public static Classifier classifier(List<Layer> layers, Activation hidden, Activation output,
                                        List<String> classLabels, List<String> featureNames) {
        return new Classifier(layers, hidden, output, classLabels, featureNames);
    }

    public static Regressor regressor(List<Layer> layers, Activation hidden, List<String> featureNames) {
        return new Regressor(layers, hidden, featureNames);
    }

    /** The network's output {@code (n, outputs)} after the output activation. */
    public Matrix forward(Matrix input) {
        input.requireColumns(featureCount(), type());
        Matrix current = input;
        for (int i = 0; i < layers.size(); i++) {
            current = dense(current, layers.get(i));
            activate(current, i < layers.size() - 1 ? hidden : output);
        }
        return current;
    }

    private static Matrix dense(Matrix input, Layer layer) {
        Matrix weights = layer.weights();
        int inputs = weights.rows();
        int outputs = weights.cols();
        Matrix out = Matrix.zeros(input.rows(), outputs);
        double[] x = input.values();
        double[] w = weights.values();
        double[] y = out.values();
        for (int r = 0; r < input.rows(); r++) {
            for (int o = 0; o < outputs; o++) {
                double sum = 0;
                for (int i = 0; i < inputs; i++) sum += x[r * inputs + i] * w[i * outputs + o];
                y[r * outputs + o] = sum + layer.bias()[o];
            }
        }
        return out;
    }

    private static void activate(Matrix values, Activation activation) {
        double[] v = values.values();
        switch (activation) {
            case IDENTITY -> { }
            case SOFTMAX -> Probabilities.softmaxRowsInPlace(values);
            default -> {
                dev.brine.models.nn.Activation.Kind kind = activation.kind();
                for (int i = 0; i < v.length; i++) v[i] = kind.apply(v[i], 0);
            }
        }
    }

    public int outputCount() {
        return layers.getLast().weights().cols();
    }

    @Override
    public int featureCount() {
        return layers.getFirst().weights().rows();
    }

    @Override
    public List<String> featureNames() {
        return featureNames;
    }

    protected abstract List<String> labels();

    @Override
    public ModelSnapshot snapshot() {
        List<NamedTensor> tensors = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            tensors.add(new NamedTensor("layers." + i + ".weight", layers.get(i).weights().toTensor(),
                    TensorRole.PARAMETER));
            tensors.add(new NamedTensor("layers." + i + ".bias", Tensor.of(layers.get(i).bias()),
                    TensorRole.PARAMETER));
        }
        Json.JsonObject config = Json.object().put("layers", layers.size())
                .put("activation", hidden.name().toLowerCase(Locale.ROOT))
                .put("out_activation", output.name().toLowerCase(Locale.ROOT)).build();
        return new ModelSnapshot(type(), config, tensors, signature(), labels(), Optional.empty());
    }

    static MultilayerPerceptron restore(ModelSnapshot snapshot) {
        SnapshotReader reader = new SnapshotReader(snapshot, snapshot.type());
        int count = reader.config(config -> Math.toIntExact(config.getLong("layers")));
        Activation hidden = reader.config(config -> activation(config.getString("activation")));
        Activation output = reader.config(config -> activation(config.getString("out_activation")));
        if (count < 1) {
            throw new CorruptModelException("model type " + snapshot.type() + ": no layers");
        }
        List<Layer> layers = new ArrayList<>();
        int inputs = TabularSignature.featureCount(snapshot);
        for (int i = 0; i < count; i++) {
            double[] weights = reader.doubles("layers." + i + ".weight", inputs, -1);
            int outputs = weights.length / Math.max(inputs, 1);
            layers.add(new Layer(new Matrix(inputs, outputs, weights), reader.doubles("layers." + i + ".bias",
                    outputs)));
            inputs = outputs;
        }
        List<String> names = snapshot.signature().featureNames();
        return snapshot.type().equals(CLASSIFIER)
                ? classifier(layers, hidden, output, snapshot.classLabels(), names)
                : regressor(layers, hidden, names);
    }

    private static Activation activation(String name) {
        return Activation.valueOf(name.toUpperCase(Locale.ROOT));
    }

    public static final class Classifier extends MultilayerPerceptron implements TabularClassifier {
        private final List<String> classLabels;

        private Classifier(List<Layer> layers, Activation hidden, Activation output, List<String> classLabels,
                           List<String> featureNames) {
            super(layers, hidden, output, featureNames);
            int outputs = outputCount();
            boolean binary = classLabels.size() == 2 && outputs == 1 && output == Activation.LOGISTIC;
            boolean multiclass = classLabels.size() > 2 && outputs == classLabels.size()
                    && output == Activation.SOFTMAX;
            if (!binary && !multiclass) {
                throw new IncompatibleModelException("a perceptron classifier of " + classLabels.size()
                        + " classes needs one logistic output (two classes) or a softmax output per class; it has "
                        + outputs + " " + output.name().toLowerCase(Locale.ROOT) + " outputs");
            }
            this.classLabels = List.copyOf(classLabels);
        }

        @Override
        public Matrix predictProba(Matrix input) {
            Matrix out = forward(input);
            if (out.cols() > 1) {
                return out;
            }
            Matrix proba = Matrix.zeros(out.rows(), 2);
            for (int r = 0; r < out.rows(); r++) {
                proba.set(r, 0, 1 - out.get(r, 0));
                proba.set(r, 1, out.get(r, 0));
            }
            return proba;
        }

        /** scikit-learn's label binarizer: above one half for two classes, the argmax otherwise. */
        @Override
        public Tensor predict(Matrix input) {
            Matrix out = forward(input);
            if (out.cols() > 1) {
                return Tensor.of(Probabilities.argmaxRows(out));
            }
            long[] labels = new long[out.rows()];
            for (int r = 0; r < labels.length; r++) labels[r] = out.get(r, 0) > 0.5 ? 1 : 0;
            return Tensor.of(labels);
        }

        @Override
        public List<String> classLabels() {
            return classLabels;
        }

        @Override
        protected List<String> labels() {
            return classLabels;
        }

        @Override
        public String type() {
            return CLASSIFIER;
        }
    }

    public static final class Regressor extends MultilayerPerceptron {
        private Regressor(List<Layer> layers, Activation hidden, List<String> featureNames) {
            super(layers, hidden, Activation.IDENTITY, featureNames);
        }

        @Override
        public Tensor predict(Matrix input) {
            Matrix out = forward(input);
            return out.cols() == 1 ? Tensor.of(out.values()) : out.toTensor();
        }

        @Override
        protected List<String> labels() {
            return List.of();
        }

        @Override
        public String type() {
            return REGRESSOR;
        }

        @Override
        public Signature signature() {
            return TabularSignature.regressor(featureCount(), featureNames(), outputCount());
        }
    }
}
