package dev.brine.models.linearclassifier;

import dev.brine.core.CorruptModelException;
import dev.brine.core.IncompatibleModelException;
import dev.brine.core.UnsupportedModelException;
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

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A fitted linear classifier of scikit-learn's {@code LinearClassifierMixin} family (SGDClassifier, LinearSVC,
 * LogisticRegression one-vs-rest): scores {@code X·coefᵀ + intercept}, one for two classes (the second class's) and
 * one per class otherwise. The label is the score's sign for two classes and its argmax otherwise, as scikit-learn
 * decides it (never through probabilities, which can tie where scores do not). Probabilities follow the loss the
 * model was fitted with ({@link ProbabilityMode}); hinge-type losses have none.
 */
public final class LinearClassifier implements TabularClassifier {

    public static final String TYPE = "linear_classifier";

    /** How scores become probabilities. */
    public enum ProbabilityMode {
        /** No probabilities (hinge, squared hinge, perceptron losses). */
        NONE,
        /** Logistic per score, rows normalised for more than two classes (one-vs-rest log loss). */
        OVR_LOGISTIC,
        /** Softmax over the scores; two classes over {@code (−s, s)} (multinomial logistic regression). */
        SOFTMAX,
        /** {@code (clip(s, −1, 1) + 1) / 2} per score, rows normalised (modified Huber loss). */
        MODIFIED_HUBER
    }

    private final double[] coef;
    private final double[] intercept;
    private final List<String> classLabels;
    private final int featureCount;
    private final List<String> featureNames;
    private final ProbabilityMode probabilityMode;

    /** {@code coef} row-major {@code (1 or classes, features)}: one row for two classes. */
    public LinearClassifier(double[] coef, double[] intercept, List<String> classLabels, List<String> featureNames,
                            ProbabilityMode probabilityMode) {
        int rows = classLabels.size() == 2 ? 1 : classLabels.size();
        if (classLabels.size() < 2 || intercept.length != rows || coef.length % rows != 0) {
            throw new IncompatibleModelException("a linear classifier of " + classLabels.size() + " classes needs "
                    + rows + " rows of coefficients and intercepts, got " + intercept.length + " intercepts and "
                    + coef.length + " coefficients");
        }
        this.coef = coef.clone();
        this.intercept = intercept.clone();
        this.classLabels = List.copyOf(classLabels);
        this.featureCount = coef.length / rows;
        this.featureNames = List.copyOf(featureNames);
        this.probabilityMode = probabilityMode;
    }

    public ProbabilityMode probabilityMode() {
        return probabilityMode;
    }

    /** Raw scores {@code (n, 1 or classes)}. */
    public Matrix decisionFunction(Matrix input) {
        input.requireColumns(featureCount, TYPE);
        int scores = intercept.length;
        Matrix out = Matrix.zeros(input.rows(), scores);
        double[] values = input.values();
        for (int r = 0; r < input.rows(); r++) {
            for (int k = 0; k < scores; k++) {
                double sum = 0;
                for (int c = 0; c < featureCount; c++) sum += values[r * featureCount + c] * coef[k * featureCount + c];
                out.set(r, k, sum + intercept[k]);
            }
        }
        return out;
    }

    @Override
    public Tensor predict(Matrix input) {
        Matrix scores = decisionFunction(input);
        if (scores.cols() > 1) {
            return Tensor.of(Probabilities.argmaxRows(scores));
        }
        long[] labels = new long[input.rows()];
        for (int r = 0; r < labels.length; r++) labels[r] = scores.get(r, 0) > 0 ? 1 : 0;
        return Tensor.of(labels);
    }

    @Override
    public Matrix predictProba(Matrix input) {
        Matrix scores = decisionFunction(input);
        int classes = classLabels.size();
        Matrix out = Matrix.zeros(input.rows(), classes);
        for (int r = 0; r < input.rows(); r++) {
            double[] row = scores.row(r);
            double[] proba = switch (probabilityMode) {
                case NONE -> throw new UnsupportedModelException(TYPE + " fitted with a hinge-type loss has no "
                        + "probabilities (scikit-learn has no predict_proba for it either); use predict");
                case OVR_LOGISTIC -> normalised(map(row, Probabilities::sigmoid));
                case SOFTMAX -> softmax(row.length == 1 ? new double[] {-row[0], row[0]} : row);
                case MODIFIED_HUBER -> modifiedHuber(row, classes);
            };
            System.arraycopy(proba, 0, out.values(), r * classes, classes);
        }
        return out;
    }

    private static double[] map(double[] row, java.util.function.DoubleUnaryOperator function) {
        double[] out = new double[row.length];
        for (int i = 0; i < row.length; i++) out[i] = function.applyAsDouble(row[i]);
        return out;
    }

    /** One score is the second class's probability; several are normalised to sum to one. */
    private static double[] normalised(double[] positives) {
        if (positives.length == 1) {
            return new double[] {1 - positives[0], positives[0]};
        }
        double sum = 0;
        for (double p : positives) sum += p;
        for (int i = 0; i < positives.length; i++) positives[i] /= sum;
        return positives;
    }

    private static double[] softmax(double[] scores) {
        Matrix row = new Matrix(1, scores.length, scores.clone());
        Probabilities.softmaxRowsInPlace(row);
        return row.values();
    }

    /** scikit-learn's rule: a row of all-zero scores gets equal probabilities. */
    private static double[] modifiedHuber(double[] scores, int classes) {
        double[] p = map(scores, s -> (Math.min(Math.max(s, -1), 1) + 1) / 2);
        if (p.length == 1) {
            return new double[] {1 - p[0], p[0]};
        }
        double sum = 0;
        for (double v : p) sum += v;
        if (sum == 0) {
            java.util.Arrays.fill(p, 1.0 / classes);
            return p;
        }
        for (int i = 0; i < p.length; i++) p[i] /= sum;
        return p;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<String> classLabels() {
        return classLabels;
    }

    @Override
    public int featureCount() {
        return featureCount;
    }

    @Override
    public List<String> featureNames() {
        return featureNames;
    }

    @Override
    public ModelSnapshot snapshot() {
        Json.JsonObject config = Json.object().put("probability", probabilityMode.name().toLowerCase(Locale.ROOT))
                .build();
        return new ModelSnapshot(TYPE, config, List.of(
                new NamedTensor("coef", Tensor.of(coef, intercept.length, featureCount), TensorRole.PARAMETER),
                new NamedTensor("intercept", Tensor.of(intercept), TensorRole.PARAMETER)),
                signature(), classLabels, Optional.empty());
    }

    static LinearClassifier restore(ModelSnapshot snapshot) {
        SnapshotReader reader = new SnapshotReader(snapshot, TYPE);
        ProbabilityMode mode = reader.config(config ->
                ProbabilityMode.valueOf(config.getString("probability").toUpperCase(Locale.ROOT)));
        int classes = snapshot.classLabels().size();
        if (classes < 2) {
            throw new CorruptModelException("model type " + TYPE + ": needs at least two class labels, has "
                    + snapshot.classLabels());
        }
        int rows = classes == 2 ? 1 : classes;
        return new LinearClassifier(reader.doubles("coef", rows, -1), reader.doubles("intercept", rows),
                snapshot.classLabels(), snapshot.signature().featureNames(), mode);
    }
}
