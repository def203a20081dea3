package dev.brine.models.preprocessing;

import dev.brine.core.json.Json;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.Signature;
import dev.brine.core.model.TensorRole;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.data.Matrix;
import dev.brine.models.snapshot.SnapshotReader;
import dev.brine.models.tabular.TransformerSpec;
import dev.brine.models.tabular.Transformer;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Principal component analysis as scikit-learn's {@code PCA(svd_solver="full", whiten=False)}: centre, take the SVD
 * {@code X = U·S·Vᵀ}, keep the first {@code k} rows of {@code Vᵀ} by decreasing singular value, with scikit-learn's
 * sign rule ({@code svd_flip}, U-based: the largest-magnitude entry of each column of U is positive) so components
 * agree with it. Saved as {@code mean}, {@code components} {@code (k, features)} and {@code explained_variance}.
 */
public final class Pca implements Transformer {

    public static final String TYPE = "pca";

    private final double[] mean;
    private final Matrix components;
    private final double[] explainedVariance;
    private final List<String> featureNames;

    public Pca(double[] mean, Matrix components, double[] explainedVariance, List<String> featureNames) {
        if (components.cols() != mean.length || explainedVariance.length != components.rows()) {
            throw new IllegalArgumentException("components " + components.rows() + "x" + components.cols()
                    + " do not fit " + mean.length + " features and " + explainedVariance.length + " variances");
        }
        this.mean = mean.clone();
        this.components = components;
        this.explainedVariance = explainedVariance.clone();
        this.featureNames = List.copyOf(featureNames);
    }

    /** {@code componentCount} ≤ 0 keeps them all ({@code min(rows, features)}). */
    public static TransformerSpec spec(int componentCount) {
        return x -> fit(x.toMatrix(), componentCount, x.names());
    }

    public static Pca fit(Matrix x, int componentCount, List<String> featureNames) {
        int rows = x.rows();
        int cols = x.cols();
        double[] mean = ColumnStatistics.of(x).mean();
        DMatrixRMaj centered = new DMatrixRMaj(rows, cols);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) centered.set(r, c, x.get(r, c) - mean[c]);
        }
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(rows, cols, true, true, true);
        if (!svd.decompose(centered)) {
            throw new IllegalStateException("the SVD of the " + rows + "x" + cols + " centred data failed");
        }
        int rank = Math.min(rows, cols);
        int keep = componentCount <= 0 ? rank : Math.min(componentCount, rank);
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj v = svd.getV(null, false);
        double[] singular = svd.getSingularValues();
        Integer[] order = new Integer[singular.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(singular[b], singular[a]));
        Matrix components = Matrix.zeros(keep, cols);
        double[] variance = new double[keep];
        for (int k = 0; k < keep; k++) {
            int source = order[k];
            int largest = 0;
            for (int r = 1; r < rows; r++) {
                if (Math.abs(u.get(r, source)) > Math.abs(u.get(largest, source))) largest = r;
            }
            double sign = u.get(largest, source) < 0 ? -1 : 1;
            for (int c = 0; c < cols; c++) components.set(k, c, sign * v.get(c, source));
            variance[k] = singular[source] * singular[source] / Math.max(rows - 1, 1);
        }
        return new Pca(mean, components, variance, featureNames);
    }

    public Matrix components() {
        return new Matrix(components.rows(), components.cols(), components.values().clone());
    }

    public double[] explainedVariance() {
        return explainedVariance.clone();
    }

    @Override
    public Matrix transform(Matrix input) {
        input.requireColumns(mean.length, TYPE);
        int cols = mean.length;
        int keep = components.rows();
        Matrix out = Matrix.zeros(input.rows(), keep);
        double[] centered = new double[cols];
        for (int r = 0; r < input.rows(); r++) {
            for (int c = 0; c < cols; c++) centered[c] = input.get(r, c) - mean[c];
            for (int k = 0; k < keep; k++) {
                double sum = 0;
                for (int c = 0; c < cols; c++) sum += centered[c] * components.get(k, c);
                out.set(r, k, sum);
            }
        }
        return out;
    }

    @Override
    public int outputWidth() {
        return components.rows();
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public int featureCount() {
        return mean.length;
    }

    @Override
    public List<String> featureNames() {
        return featureNames;
    }

    @Override
    public ModelSnapshot snapshot() {
        Json.JsonObject config = Json.object().put("n_components", components.rows()).build();
        return new ModelSnapshot(TYPE, config, List.of(
                new NamedTensor("mean", Tensor.of(mean), TensorRole.PARAMETER),
                new NamedTensor("components", components.toTensor(), TensorRole.PARAMETER),
                new NamedTensor("explained_variance", Tensor.of(explainedVariance), TensorRole.PARAMETER)),
                signature(), List.of(), Optional.empty());
    }

    static Pca restore(ModelSnapshot snapshot) {
        SnapshotReader reader = new SnapshotReader(snapshot, TYPE);
        int keep = reader.config(config -> Math.toIntExact(config.getLong("n_components")));
        double[] mean = reader.doubles("mean", -1);
        Matrix components = new Matrix(keep, mean.length, reader.doubles("components", keep, mean.length));
        return new Pca(mean, components, reader.doubles("explained_variance", keep),
                snapshot.signature().featureNames());
    }

}
