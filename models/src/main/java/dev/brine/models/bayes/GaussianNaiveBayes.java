package dev.brine.models.bayes;

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
import dev.brine.models.tabular.TabularSignature;

import java.util.List;
import java.util.Optional;

/**
 * Gaussian naive Bayes as scikit-learn's {@code GaussianNB}: per class a prior and a per-feature mean and variance
 * (the variance already smoothed, scikit-learn's {@code var_}). The joint log-likelihood is computed term for term
 * as scikit-learn does; probabilities normalise it with log-sum-exp. Inference only.
 */
public final class GaussianNaiveBayes implements TabularClassifier {

    public static final String TYPE = "gaussian_naive_bayes";

    private final Matrix theta;
    private final Matrix variance;
    private final double[] classPrior;
    private final List<String> classLabels;
    private final List<String> featureNames;

    public GaussianNaiveBayes(Matrix theta, Matrix variance, double[] classPrior, List<String> classLabels,
                              List<String> featureNames) {
        int classes = classLabels.size();
        if (theta.rows() != classes || variance.rows() != classes || classPrior.length != classes
                || variance.cols() != theta.cols()) {
            throw new IncompatibleModelException("Gaussian naive Bayes of " + classes + " classes needs " + classes
                    + " rows of means and variances of equal width and " + classes + " priors");
        }
        this.theta = theta;
        this.variance = variance;
        this.classPrior = classPrior.clone();
        this.classLabels = List.copyOf(classLabels);
        this.featureNames = List.copyOf(featureNames);
    }

    /** {@code log P(c) + log P(x | c)} per row and class. */
    public Matrix jointLogLikelihood(Matrix input) {
        input.requireColumns(featureCount(), TYPE);
        int classes = classLabels.size();
        int width = theta.cols();
        Matrix out = Matrix.zeros(input.rows(), classes);
        for (int k = 0; k < classes; k++) {
            double logPrior = Math.log(classPrior[k]);
            double normaliser = 0;
            for (int c = 0; c < width; c++) normaliser += Math.log(2.0 * Math.PI * variance.get(k, c));
            normaliser = -0.5 * normaliser;
            for (int r = 0; r < input.rows(); r++) {
                double squares = 0;
                for (int c = 0; c < width; c++) {
                    double d = input.get(r, c) - theta.get(k, c);
                    squares += d * d / variance.get(k, c);
                }
                out.set(r, k, logPrior + (normaliser - 0.5 * squares));
            }
        }
        return out;
    }

    @Override
    public Tensor predict(Matrix input) {
        return Tensor.of(Probabilities.argmaxRows(jointLogLikelihood(input)));
    }

    @Override
    public Matrix predictProba(Matrix input) {
        Matrix jll = jointLogLikelihood(input);
        int classes = jll.cols();
        for (int r = 0; r < jll.rows(); r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) max = Math.max(max, jll.get(r, k));
            double sum = 0;
            for (int k = 0; k < classes; k++) sum += Math.exp(jll.get(r, k) - max);
            double logSum = Math.log(sum) + max;
            for (int k = 0; k < classes; k++) jll.set(r, k, Math.exp(jll.get(r, k) - logSum));
        }
        return jll;
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
        return theta.cols();
    }

    @Override
    public List<String> featureNames() {
        return featureNames;
    }

    @Override
    public ModelSnapshot snapshot() {
        return new ModelSnapshot(TYPE, Json.JsonObject.EMPTY, List.of(
                new NamedTensor("theta", theta.toTensor(), TensorRole.PARAMETER),
                new NamedTensor("var", variance.toTensor(), TensorRole.PARAMETER),
                new NamedTensor("class_prior", Tensor.of(classPrior), TensorRole.PARAMETER)),
                signature(), classLabels, Optional.empty());
    }

    static GaussianNaiveBayes restore(ModelSnapshot snapshot) {
        SnapshotReader reader = new SnapshotReader(snapshot, TYPE);
        int classes = snapshot.classLabels().size();
        int features = TabularSignature.featureCount(snapshot);
        return new GaussianNaiveBayes(new Matrix(classes, features, reader.doubles("theta", classes, features)),
                new Matrix(classes, features, reader.doubles("var", classes, features)),
                reader.doubles("class_prior", classes), snapshot.classLabels(), snapshot.signature().featureNames());
    }
}
