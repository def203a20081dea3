package dev.brine.models.linear;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.json.Json;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.Signature;
import dev.brine.core.model.TensorRole;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.data.DoubleRows;
import dev.brine.models.data.Labels;
import dev.brine.models.data.Matrix;
import dev.brine.models.snapshot.SnapshotReader;
import dev.brine.models.tabular.EstimatorSpec;
import dev.brine.models.tabular.IncrementalModel;
import dev.brine.models.tabular.Probabilities;
import dev.brine.models.tabular.TabularClassifier;
import dev.brine.models.tabular.Target;

import java.util.List;
import java.util.Optional;

/**
 * A fitted logistic regression. Like scikit-learn, two classes have one row of coefficients (the score of the
 * second class, through the logistic function) and more classes one row per class (through softmax).
 *
 * <p>A fit also keeps, as training state, the Hessian of its objective at the optimum (the {@code precision}, for up
 * to {@value #MAX_PRECISION_PARAMETERS} parameters): the second-order summary of the rows fitted so far, with which
 * {@link #partialFit} trains further on new rows without them (a Laplace update), so the result is close to a fit
 * on all rows and not a drift towards the newest ones.
 */
public final class LogisticClassifier implements TabularClassifier, IncrementalModel {

    private final LogisticRegression spec;
    private final double[] coef;
    private final double[] intercept;
    private final List<String> classLabels;
    private final int featureCount;
    private final List<String> featureNames;
    private final int iterations;
    private final double[] precision;

    /** Past this many parameters the precision (their square, in doubles) is not kept, and cannot continue. */
    public static final int MAX_PRECISION_PARAMETERS = 512;

    public LogisticClassifier(LogisticRegression spec, double[] coef, double[] intercept, List<String> classLabels,
                              List<String> featureNames, int iterations) {
        this(spec, coef, intercept, classLabels, featureNames, iterations, null);
    }

    private LogisticClassifier(LogisticRegression spec, double[] coef, double[] intercept, List<String> classLabels,
                               List<String> featureNames, int iterations, double[] precision) {
        int rowsNeeded = classLabels.size() == 2 ? 1 : classLabels.size();
        if (classLabels.size() < 2 || intercept.length != rowsNeeded || coef.length % rowsNeeded != 0) {
            throw new IncompatibleModelException("logistic regression with " + classLabels.size() + " classes needs "
                    + rowsNeeded + " coefficient rows, got intercepts for " + intercept.length);
        }
        this.spec = spec;
        this.coef = coef.clone();
        this.intercept = intercept.clone();
        this.classLabels = List.copyOf(classLabels);
        this.featureCount = coef.length / rowsNeeded;
        this.featureNames = List.copyOf(featureNames);
        this.iterations = iterations;
        this.precision = precision;
    }

    /** The model at the optimum {@code result} of {@code objective}, with its precision when small enough to keep. */
    static LogisticClassifier of(LogisticRegression spec, NewtonCg.Result result, LogisticObjective objective,
                                 List<String> classLabels, List<String> featureNames) {
        int scores = classLabels.size() == 2 ? 1 : classLabels.size();
        int stride = objective.dimension() / scores;
        int cols = stride - (spec.fitIntercept() ? 1 : 0);
        double[] theta = result.theta();
        double[] coef = new double[scores * cols];
        double[] intercept = new double[scores];
        for (int k = 0; k < scores; k++) {
            System.arraycopy(theta, k * stride, coef, k * cols, cols);
            intercept[k] = spec.fitIntercept() ? theta[k * stride + cols] : 0;
        }
        double[] precision = objective.dimension() <= MAX_PRECISION_PARAMETERS ? objective.hessian(theta) : null;
        return new LogisticClassifier(spec, coef, intercept, classLabels, featureNames, result.iterations(),
                precision);
    }

    /**
     * This model trained further on new rows {@code x, y} (any subset of its classes): it minimises the new rows' loss
     * plus the Gaussian summary of everything fitted before, from the current coefficients. Exact for a quadratic
     * loss, and for the logistic loss close to one fit on all rows (the tests hold it to the same predictions).
     */
    public LogisticClassifier partialFit(Matrix x, Labels y) {
        x.requireColumns(featureCount, type());
        if (x.rows() != y.size() || x.rows() == 0) {
            throw new IllegalArgumentException(x.rows() + " rows of features but " + y.size() + " labels");
        }
        if (precision == null) {
            throw new IncompatibleModelException("this logistic regression has no summary of its earlier rows to "
                    + "continue from: it was saved without its training state (a weights-only save, a model converted "
                    + "from scikit-learn) or has more than " + MAX_PRECISION_PARAMETERS + " parameters; refit it on "
                    + "all rows");
        }
        Labels coded = y.codedAs(classLabels, type());
        double[] start = theta();
        LogisticObjective objective = new LogisticObjective(x, coded.codes(), intercept.length, spec.fitIntercept(),
                new LogisticObjective.GaussianPrior(start, precision));
        NewtonCg.Result result = NewtonCg.minimize(objective, start, spec.maxIter(), spec.tol());
        return of(spec, result, objective, classLabels, featureNames);
    }

    @Override
    public LogisticClassifier partialFit(Matrix x, Target y) {
        return partialFit(x, EstimatorSpec.classes(y, type()));
    }

    /** The parameters as the objective lays them out: class by class, the weights then (if fitted) the intercept. */
    private double[] theta() {
        int stride = featureCount + (spec.fitIntercept() ? 1 : 0);
        double[] theta = new double[intercept.length * stride];
        for (int k = 0; k < intercept.length; k++) {
            System.arraycopy(coef, k * featureCount, theta, k * stride, featureCount);
            if (spec.fitIntercept()) theta[k * stride + featureCount] = intercept[k];
        }
        return theta;
    }

    public LogisticRegression spec() {
        return spec;
    }

    /** Coefficients, row-major {@code (1 or classes, features)}. */
    public double[] coefficients() {
        return coef.clone();
    }

    public double[] intercepts() {
        return intercept.clone();
    }

    /** Newton iterations the fit took. */
    public int iterations() {
        return iterations;
    }

    @Override
    public String type() {
        return LogisticRegression.TYPE;
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

    /** The raw scores {@code X·coefᵀ + intercept}, {@code (n, 1 or classes)}. */
    public Matrix decisionFunction(Matrix input) {
        return decisionFunction(DoubleRows.of(input));
    }

    private Matrix decisionFunction(DoubleRows input) {
        input.requireColumns(featureCount, type());
        return new Matrix(input.rows(), intercept.length, AffineRows.apply(input, coef, intercept));
    }

    @Override
    public Matrix predictProba(Matrix input) {
        return Probabilities.fromScores(decisionFunction(input));
    }

    /** An F64 batch is read where it lies, without the copy into a {@link Matrix}. */
    @Override
    public Tensor predictProba(Tensor input) {
        return Probabilities.fromScores(decisionFunction(DoubleRows.of(input))).toTensor();
    }

    @Override
    public Tensor predict(Tensor input) {
        return Tensor.of(Probabilities.argmaxRows(Probabilities.fromScores(decisionFunction(DoubleRows.of(input)))));
    }

    @Override
    public ModelSnapshot snapshot() {
        int rows = intercept.length;
        Json.JsonObject config = Json.object().put("params", spec.toJson()).put("n_iter", iterations).build();
        List<NamedTensor> tensors = new java.util.ArrayList<>(List.of(
                new NamedTensor("coef", Tensor.of(coef, rows, featureCount), TensorRole.PARAMETER),
                new NamedTensor("intercept", Tensor.of(intercept), TensorRole.PARAMETER)));
        if (precision != null) {
            int n = theta().length;
            tensors.add(new NamedTensor("precision", Tensor.of(precision, n, n), TensorRole.TRAINING_STATE));
        }
        return new ModelSnapshot(type(), config, tensors, signature(), classLabels, Optional.empty());
    }

    static LogisticClassifier restore(ModelSnapshot snapshot) {
        SnapshotReader reader = new SnapshotReader(snapshot, LogisticRegression.TYPE);
        LogisticRegression spec = reader.config(config -> LogisticRegression.fromJson(config.getObject("params")));
        int iterations = reader.config(config -> Math.toIntExact(config.getLong("n_iter")));
        int rows = snapshot.classLabels().size() == 2 ? 1 : snapshot.classLabels().size();
        double[] coef = reader.doubles("coef", rows, -1);
        int parameters = coef.length + (spec.fitIntercept() ? rows : 0);
        double[] precision = reader.has("precision") ? reader.doubles("precision", parameters, parameters) : null;
        return new LogisticClassifier(spec, coef, reader.doubles("intercept", rows), snapshot.classLabels(),
                snapshot.signature().featureNames(), iterations, precision);
    }
}
