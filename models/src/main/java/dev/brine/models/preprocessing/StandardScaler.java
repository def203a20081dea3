package dev.brine.models.preprocessing;

import dev.brine.core.json.Json;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.Signature;
import dev.brine.core.model.TensorRole;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.data.Matrix;
import dev.brine.models.data.Table;
import dev.brine.models.snapshot.SnapshotReader;
import dev.brine.models.tabular.Transformer;

import java.util.List;
import java.util.Optional;

/**
 * Removes each feature's mean and divides by its standard deviation (population, ddof 0), as scikit-learn's
 * {@code StandardScaler}; a constant feature keeps scale 1. Missing values (NaN) are ignored when fitting and stay
 * NaN. Saved as {@code mean} and {@code scale}.
 */
public final class StandardScaler implements Transformer {

    public static final String TYPE = "standard_scaler";

    private final double[] mean;
    private final double[] scale;
    private final List<String> featureNames;

    public StandardScaler(double[] mean, double[] scale, List<String> featureNames) {
        if (mean.length != scale.length) {
            throw new IllegalArgumentException(mean.length + " means but " + scale.length + " scales");
        }
        this.mean = mean.clone();
        this.scale = scale.clone();
        this.featureNames = List.copyOf(featureNames);
    }

    /** Fits on a table's columns (all numeric), remembering their names. */
    public static StandardScaler fit(Table x) {
        return fit(x.toMatrix(), x.names());
    }

    public static StandardScaler fit(Matrix x) {
        return fit(x, List.of());
    }

    public static StandardScaler fit(Matrix x, List<String> featureNames) {
        ColumnStatistics statistics = ColumnStatistics.of(x);
        double[] scale = new double[x.cols()];
        for (int c = 0; c < x.cols(); c++) {
            double std = Math.sqrt(statistics.variance()[c]);
            scale[c] = std == 0 || !Double.isFinite(std) ? 1.0 : std;
        }
        return new StandardScaler(statistics.mean(), scale, featureNames);
    }

    public double[] mean() {
        return mean.clone();
    }

    public double[] scale() {
        return scale.clone();
    }

    @Override
    public Matrix transform(Matrix input) {
        input.requireColumns(mean.length, TYPE);
        Matrix out = Matrix.zeros(input.rows(), input.cols());
        double[] in = input.values();
        double[] values = out.values();
        for (int i = 0; i < in.length; i++) {
            int c = i % mean.length;
            values[i] = (in[i] - mean[c]) / scale[c];
        }
        return out;
    }

    @Override
    public int outputWidth() {
        return mean.length;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean passesMissingThrough() {
        return true;   // NaN in, NaN out, as in scikit-learn
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
        return new ModelSnapshot(TYPE, Json.JsonObject.EMPTY, List.of(
                new NamedTensor("mean", Tensor.of(mean), TensorRole.PARAMETER),
                new NamedTensor("scale", Tensor.of(scale), TensorRole.PARAMETER)),
                signature(), List.of(), Optional.empty());
    }

    static StandardScaler restore(ModelSnapshot snapshot) {
        SnapshotReader reader = new SnapshotReader(snapshot, TYPE);
        double[] mean = reader.doubles("mean", -1);
        return new StandardScaler(mean, reader.doubles("scale", mean.length), snapshot.signature().featureNames());
    }
}
