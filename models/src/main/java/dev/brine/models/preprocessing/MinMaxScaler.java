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
 * Maps each feature's fitted range onto {@code [low, high]} (default [0, 1]) as scikit-learn's {@code MinMaxScaler}:
 * {@code x·scale + min}. A constant feature gets scale {@code high − low}. Saved as the fitted {@code data_min} and
 * {@code data_max} with the range in the configuration; scale and min follow from them exactly as when fitted.
 */
public final class MinMaxScaler implements Transformer {

    public static final String TYPE = "min_max_scaler";

    private final double[] scale;
    private final double[] min;
    private final double[] dataMin;
    private final double[] dataMax;
    private final double low;
    private final double high;
    private final List<String> featureNames;

    public MinMaxScaler(double[] dataMin, double[] dataMax, double low, double high, List<String> featureNames) {
        if (dataMin.length != dataMax.length || !(low < high)) {
            throw new IllegalArgumentException("need equally many minima and maxima and low < high");
        }
        this.dataMin = dataMin.clone();
        this.dataMax = dataMax.clone();
        this.low = low;
        this.high = high;
        this.featureNames = List.copyOf(featureNames);
        this.scale = new double[dataMin.length];
        this.min = new double[dataMin.length];
        for (int c = 0; c < dataMin.length; c++) {
            double range = dataMax[c] - dataMin[c];
            scale[c] = (high - low) / (range == 0 ? 1.0 : range);
            min[c] = low - dataMin[c] * scale[c];
        }
    }

    public static MinMaxScaler fit(Table x) {
        return fit(x.toMatrix(), 0, 1, x.names());
    }

    public static MinMaxScaler fit(Matrix x, double low, double high, List<String> featureNames) {
        ColumnStatistics statistics = ColumnStatistics.of(x);
        return new MinMaxScaler(statistics.min(), statistics.max(), low, high, featureNames);
    }

    @Override
    public Matrix transform(Matrix input) {
        input.requireColumns(scale.length, TYPE);
        Matrix out = Matrix.zeros(input.rows(), input.cols());
        double[] in = input.values();
        double[] values = out.values();
        for (int i = 0; i < in.length; i++) {
            int c = i % scale.length;
            values[i] = in[i] * scale[c] + min[c];
        }
        return out;
    }

    @Override
    public int outputWidth() {
        return scale.length;
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
        return scale.length;
    }

    @Override
    public List<String> featureNames() {
        return featureNames;
    }

    @Override
    public ModelSnapshot snapshot() {
        Json.JsonObject config = Json.object().put("feature_range", Json.array(List.of(Json.of(low), Json.of(high))))
                .build();
        return new ModelSnapshot(TYPE, config, List.of(
                new NamedTensor("data_min", Tensor.of(dataMin), TensorRole.PARAMETER),
                new NamedTensor("data_max", Tensor.of(dataMax), TensorRole.PARAMETER)),
                signature(), List.of(), Optional.empty());
    }

    static MinMaxScaler restore(ModelSnapshot snapshot) {
        SnapshotReader reader = new SnapshotReader(snapshot, TYPE);
        double[] range = reader.config(config -> {
            double[] pair = config.getArray("feature_range").toDoubleArray();
            if (pair.length != 2) {
                throw new IllegalArgumentException("feature_range must be two numbers, got " + pair.length);
            }
            return pair;
        });
        double[] dataMin = reader.doubles("data_min", -1);
        return new MinMaxScaler(dataMin, reader.doubles("data_max", dataMin.length), range[0], range[1],
                snapshot.signature().featureNames());
    }
}
