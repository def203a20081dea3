package dev.brine.models.linear;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.json.Json;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.Signature;
import dev.brine.core.model.TensorRole;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.data.DoubleRows;
import dev.brine.models.data.Matrix;
import dev.brine.models.snapshot.SnapshotReader;
import dev.brine.models.tabular.Probabilities;
import dev.brine.models.tabular.TabularClassifier;
import dev.brine.models.tabular.TabularSignature;

import java.util.List;
import java.util.Optional;

/**
 * A fitted logistic regression. Like scikit-learn, two classes have one row of coefficients (the score of the
 * second class, through the logistic function) and more classes one row per class (through softmax).
 */
public final class LogisticClassifier implements TabularClassifier {

    private final LogisticRegression spec;
    private final double[] coef;
    private final double[] intercept;
    private final List<String> classLabels;
    private final int featureCount;
    private final List<String> featureNames;
    private final int iterations;

    public LogisticClassifier(LogisticRegression spec, double[] coef, double[] intercept, List<String> classLabels,
                              List<String> featureNames, int iterations) {
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

    @Override
    public Signature signature() {
        return TabularSignature.classifier(featureCount, featureNames);
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
        return new ModelSnapshot(type(), config, List.of(
                new NamedTensor("coef", Tensor.of(coef, rows, featureCount), TensorRole.PARAMETER),
                new NamedTensor("intercept", Tensor.of(intercept), TensorRole.PARAMETER)),
                signature(), classLabels, Optional.empty());
    }

    static LogisticClassifier restore(ModelSnapshot snapshot) {
        SnapshotReader reader = new SnapshotReader(snapshot, LogisticRegression.TYPE);
        LogisticRegression spec = reader.config(config -> LogisticRegression.fromJson(config.getObject("params")));
        int iterations = reader.config(config -> Math.toIntExact(config.getLong("n_iter")));
        int rows = snapshot.classLabels().size() == 2 ? 1 : snapshot.classLabels().size();
        return new LogisticClassifier(spec, reader.doubles("coef", rows, -1), reader.doubles("intercept", rows),
                snapshot.classLabels(), snapshot.signature().featureNames(), iterations);
    }
}
