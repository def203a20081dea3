package dev.brine.models.svm;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.json.Json;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.TensorRole;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.data.Matrix;
import dev.brine.models.snapshot.SnapshotReader;
import dev.brine.models.tabular.TabularClassifier;
import dev.brine.models.tabular.TabularModel;
import dev.brine.models.tabular.TabularRegressor;
import dev.brine.models.tabular.TabularSignature;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A fitted support vector machine as libsvm predicts with it (scikit-learn's {@code SVC} and {@code SVR}): support
 * vectors, their dual coefficients and intercepts in libsvm's internal layout (scikit-learn's {@code _dual_coef_}
 * and {@code _intercept_}, i.e. before its sign flip for two classes), and the {@link Kernel}. Inference only.
 */
public abstract sealed class SupportVectorMachine implements TabularModel
        permits SupportVectorMachine.Classifier, SupportVectorMachine.Regressor {

    public static final String CLASSIFIER = "support_vector_classifier";
    public static final String REGRESSOR = "support_vector_regressor";

    private final Kernel kernel;
    private final Matrix supportVectors;
    private final Matrix dualCoef;
    private final double[] intercept;
    private final List<String> featureNames;

    private SupportVectorMachine(Kernel kernel, Matrix supportVectors, Matrix dualCoef, double[] intercept,
                                 List<String> featureNames) {
        if (dualCoef.cols() != supportVectors.rows()) {
            throw new IncompatibleModelException("dual coefficients for " + dualCoef.cols() + " support vectors, but "
                    + supportVectors.rows() + " support vectors");
        }
        this.kernel = kernel;
        this.supportVectors = supportVectors;
        this.dualCoef = dualCoef;
        this.intercept = intercept.clone();
        this.featureNames = List.copyOf(featureNames);
    }

    /** An SVC: {@code nSupport} support vectors per class (grouped by class, as libsvm orders them). */
    public static Classifier classifier(Kernel kernel, Matrix supportVectors, Matrix dualCoef, double[] intercept,
                                        int[] nSupport, List<String> classLabels, double[] probA, double[] probB,
                                        List<String> featureNames) {
        return new Classifier(kernel, supportVectors, dualCoef, intercept, nSupport, classLabels, probA, probB,
                featureNames);
    }

    /** An SVR: one row of dual coefficients and one intercept. */
    public static Regressor regressor(Kernel kernel, Matrix supportVectors, double[] dualCoef, double intercept,
                                      List<String> featureNames) {
        return new Regressor(kernel, supportVectors, new Matrix(1, dualCoef.length, dualCoef.clone()),
                new double[] {intercept}, featureNames);
    }

    public Kernel kernel() {
        return kernel;
    }

    /** The kernel of row {@code row} of {@code input} against every support vector. */
    protected double[] kernelValues(Matrix input, int row) {
        int width = supportVectors.cols();
        double[] values = new double[supportVectors.rows()];
        for (int i = 0; i < values.length; i++) {
            values[i] = kernel.apply(input.values(), row * width, supportVectors.values(), i * width, width);
        }
        return values;
    }

    @Override
    public int featureCount() {
        return supportVectors.cols();
    }

    @Override
    public List<String> featureNames() {
        return featureNames;
    }

    protected List<NamedTensor> commonTensors() {
        List<NamedTensor> tensors = new ArrayList<>();
        tensors.add(new NamedTensor("support_vectors", supportVectors.toTensor(), TensorRole.PARAMETER));
        tensors.add(new NamedTensor("dual_coef", dualCoef.toTensor(), TensorRole.PARAMETER));
        tensors.add(new NamedTensor("intercept", Tensor.of(intercept), TensorRole.PARAMETER));
        return tensors;
    }

    static SupportVectorMachine restore(ModelSnapshot snapshot) {
        SnapshotReader reader = new SnapshotReader(snapshot, snapshot.type());
        Kernel kernel = reader.config(config -> Kernel.fromJson(config.getObject("kernel")));
        int featureCount = TabularSignature.featureCount(snapshot);
        double[] sv = reader.doubles("support_vectors", -1, featureCount);
        Matrix supportVectors = new Matrix(sv.length / featureCount, featureCount, sv);
        List<String> names = snapshot.signature().featureNames();
        if (snapshot.type().equals(REGRESSOR)) {
            return regressor(kernel, supportVectors, reader.doubles("dual_coef", 1, supportVectors.rows()),
                    reader.doubles("intercept", 1)[0], names);
        }
        int classes = snapshot.classLabels().size();
        if (classes < 2) {
            throw new IncompatibleModelException("model type " + CLASSIFIER + ": needs at least two class labels");
        }
        int pairs = classes * (classes - 1) / 2;
        Matrix dualCoef = new Matrix(classes - 1, supportVectors.rows(),
                reader.doubles("dual_coef", classes - 1, supportVectors.rows()));
        boolean probability = reader.config(config -> config.getBoolean("probability"));
        return classifier(kernel, supportVectors, dualCoef, reader.doubles("intercept", pairs),
                reader.ints("n_support", classes), snapshot.classLabels(),
                probability ? reader.doubles("prob_a", pairs) : null,
                probability ? reader.doubles("prob_b", pairs) : null, names);
    }

    /** One-vs-one classification by votes; probabilities by Platt scaling and pairwise coupling. */
    public static final class Classifier extends SupportVectorMachine implements TabularClassifier {
        private final int[] nSupport;
        private final int[] start;
        private final List<String> classLabels;
        private final double[] probA;
        private final double[] probB;

        private Classifier(Kernel kernel, Matrix supportVectors, Matrix dualCoef, double[] intercept, int[] nSupport,
                           List<String> classLabels, double[] probA, double[] probB, List<String> featureNames) {
            super(kernel, supportVectors, dualCoef, intercept, featureNames);
            int classes = classLabels.size();
            int pairs = classes * (classes - 1) / 2;
            if (classes < 2 || nSupport.length != classes || intercept.length != pairs
                    || dualCoef.rows() != classes - 1 || (probA == null) != (probB == null)
                    || probA != null && (probA.length != pairs || probB.length != pairs)) {
                throw new IncompatibleModelException("a support vector classifier of " + classes + " classes needs "
                        + classes + " support counts, " + pairs + " intercepts (and Platt parameters) and "
                        + (classes - 1) + " rows of dual coefficients");
            }
            this.nSupport = nSupport.clone();
            this.start = new int[classes];
            int total = 0;
            for (int i = 0; i < classes; i++) {
                if (nSupport[i] < 0) {
                    throw new IncompatibleModelException("negative support vector count " + nSupport[i]);
                }
                start[i] = total;
                total += nSupport[i];
            }
            if (total != supportVectors.rows()) {
                throw new IncompatibleModelException("support counts add up to " + total + ", there are "
                        + supportVectors.rows() + " support vectors");
            }
            this.classLabels = List.copyOf(classLabels);
            this.probA = probA == null ? null : probA.clone();
            this.probB = probB == null ? null : probB.clone();
        }

        /** libsvm's {@code predict_values}: one decision value per class pair (i, j), i &lt; j, in that order. */
        public double[] decisionValues(Matrix input, int row) {
            double[] kvalue = kernelValues(input, row);
            int classes = classLabels.size();
            double[] decisions = new double[classes * (classes - 1) / 2];
            double[] coef = super.dualCoef.values();
            int width = super.dualCoef.cols();
            int pair = 0;
            for (int i = 0; i < classes; i++) {
                for (int j = i + 1; j < classes; j++) {
                    double sum = 0;
                    int coef1 = (j - 1) * width;
                    int coef2 = i * width;
                    for (int k = 0; k < nSupport[i]; k++) sum += coef[coef1 + start[i] + k] * kvalue[start[i] + k];
                    for (int k = 0; k < nSupport[j]; k++) sum += coef[coef2 + start[j] + k] * kvalue[start[j] + k];
                    decisions[pair] = sum + super.intercept[pair];
                    pair++;
                }
            }
            return decisions;
        }

        @Override
        public Tensor predict(Matrix input) {
            input.requireColumns(featureCount(), CLASSIFIER);
            int classes = classLabels.size();
            long[] out = new long[input.rows()];
            for (int r = 0; r < input.rows(); r++) {
                double[] decisions = decisionValues(input, r);
                int[] votes = new int[classes];
                int pair = 0;
                for (int i = 0; i < classes; i++) {
                    for (int j = i + 1; j < classes; j++) {
                        votes[decisions[pair++] > 0 ? i : j]++;
                    }
                }
                int best = 0;
                for (int i = 1; i < classes; i++) if (votes[i] > votes[best]) best = i;
                out[r] = best;
            }
            return Tensor.of(out);
        }

        @Override
        public Matrix predictProba(Matrix input) {
            if (probA == null) {
                throw new UnsupportedModelException(CLASSIFIER + " was fitted without probability estimates "
                        + "(scikit-learn's probability=False); only predict is available");
            }
            input.requireColumns(featureCount(), CLASSIFIER);
            int classes = classLabels.size();
            Matrix out = Matrix.zeros(input.rows(), classes);
            for (int r = 0; r < input.rows(); r++) {
                double[] p = PairwiseCoupling.probabilities(classes, decisionValues(input, r), probA, probB);
                System.arraycopy(p, 0, out.values(), r * classes, classes);
            }
            return out;
        }

        public boolean hasProbabilities() {
            return probA != null;
        }

        @Override
        public List<String> classLabels() {
            return classLabels;
        }

        @Override
        public String type() {
            return CLASSIFIER;
        }

        @Override
        public ModelSnapshot snapshot() {
            List<NamedTensor> tensors = commonTensors();
            long[] counts = new long[nSupport.length];
            for (int i = 0; i < counts.length; i++) counts[i] = nSupport[i];
            tensors.add(new NamedTensor("n_support", Tensor.of(counts), TensorRole.PARAMETER));
            if (probA != null) {
                tensors.add(new NamedTensor("prob_a", Tensor.of(probA), TensorRole.PARAMETER));
                tensors.add(new NamedTensor("prob_b", Tensor.of(probB), TensorRole.PARAMETER));
            }
            Json.JsonObject config = Json.object().put("kernel", kernel().toJson()).put("probability", probA != null)
                    .build();
            return new ModelSnapshot(CLASSIFIER, config, tensors, signature(), classLabels, Optional.empty());
        }
    }

    /** Epsilon-support vector regression: {@code Σ coefᵢ·K(x, svᵢ) + intercept}. */
    public static final class Regressor extends SupportVectorMachine implements TabularRegressor {
        private Regressor(Kernel kernel, Matrix supportVectors, Matrix dualCoef, double[] intercept,
                          List<String> featureNames) {
            super(kernel, supportVectors, dualCoef, intercept, featureNames);
        }

        @Override
        public Tensor predict(Matrix input) {
            input.requireColumns(featureCount(), REGRESSOR);
            double[] coef = super.dualCoef.values();
            double[] out = new double[input.rows()];
            for (int r = 0; r < out.length; r++) {
                double[] kvalue = kernelValues(input, r);
                double sum = 0;
                for (int i = 0; i < kvalue.length; i++) sum += coef[i] * kvalue[i];
                out[r] = sum + super.intercept[0];
            }
            return Tensor.of(out);
        }

        @Override
        public String type() {
            return REGRESSOR;
        }

        @Override
        public ModelSnapshot snapshot() {
            Json.JsonObject config = Json.object().put("kernel", kernel().toJson()).build();
            return new ModelSnapshot(REGRESSOR, config, commonTensors(), signature(), List.of(), Optional.empty());
        }
    }
}
