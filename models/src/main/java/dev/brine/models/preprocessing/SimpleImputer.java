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

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Replaces missing values (NaN) by a per-column statistic of the fitted data, as scikit-learn's {@code SimpleImputer}
 * on numbers: the mean, the median, the most frequent value (the smallest on ties) or a constant. A column with no
 * values at fit time imputes NaN (scikit-learn drops it; keeping the width keeps column positions stable). Saved as
 * {@code statistics}.
 */
public final class SimpleImputer implements Transformer {

    public static final String TYPE = "simple_imputer";

    public enum Strategy { MEAN, MEDIAN, MOST_FREQUENT, CONSTANT }

    private final Strategy strategy;
    private final double[] statistics;
    private final List<String> featureNames;

    public SimpleImputer(Strategy strategy, double[] statistics, List<String> featureNames) {
        this.strategy = strategy;
        this.statistics = statistics.clone();
        this.featureNames = List.copyOf(featureNames);
    }

    /** A spec for pipelines: fits with {@code strategy} ({@code fillValue} only used by CONSTANT). */
    public static dev.brine.models.tabular.TransformerSpec spec(Strategy strategy, double fillValue) {
        return x -> fit(x.toMatrix(), strategy, fillValue, x.names());
    }

    public static SimpleImputer fit(Table x, Strategy strategy) {
        return fit(x.toMatrix(), strategy, 0, x.names());
    }

    public static SimpleImputer fit(Matrix x, Strategy strategy, double fillValue, List<String> featureNames) {
        double[] statistics = new double[x.cols()];
        for (int c = 0; c < x.cols(); c++) {
            double[] present = Arrays.stream(x.column(c)).filter(v -> !Double.isNaN(v)).sorted().toArray();
            statistics[c] = present.length == 0 && strategy != Strategy.CONSTANT ? Double.NaN : switch (strategy) {
                case MEAN -> Arrays.stream(present).sum() / present.length;
                case MEDIAN -> present.length % 2 == 1 ? present[present.length / 2]
                        : (present[present.length / 2 - 1] + present[present.length / 2]) / 2;
                case MOST_FREQUENT -> mostFrequent(present);
                case CONSTANT -> fillValue;
            };
        }
        return new SimpleImputer(strategy, statistics, featureNames);
    }

    private static double mostFrequent(double[] sorted) {
        double best = sorted[0];
        int bestCount = 0;
        for (int start = 0; start < sorted.length; ) {
            int end = start;
            while (end < sorted.length && sorted[end] == sorted[start]) end++;
            if (end - start > bestCount) {
                best = sorted[start];
                bestCount = end - start;
            }
            start = end;
        }
        return best;
    }

    public double[] statistics() {
        return statistics.clone();
    }

    @Override
    public Matrix transform(Matrix input) {
        input.requireColumns(statistics.length, TYPE);
        double[] values = input.values().clone();
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) values[i] = statistics[i % statistics.length];
        }
        return new Matrix(input.rows(), input.cols(), values);
    }

    @Override
    public int outputWidth() {
        return statistics.length;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean acceptsMissing(int feature) {
        return true;   // it fills missing values in
    }

    @Override
    public int featureCount() {
        return statistics.length;
    }

    @Override
    public List<String> featureNames() {
        return featureNames;
    }

    @Override
    public ModelSnapshot snapshot() {
        Json.JsonObject config = Json.object().put("strategy", strategy.name().toLowerCase(Locale.ROOT)).build();
        return new ModelSnapshot(TYPE, config,
                List.of(new NamedTensor("statistics", Tensor.of(statistics), TensorRole.PARAMETER)),
                signature(), List.of(), Optional.empty());
    }

    static SimpleImputer restore(ModelSnapshot snapshot) {
        SnapshotReader reader = new SnapshotReader(snapshot, TYPE);
        Strategy strategy = reader.config(config ->
                Strategy.valueOf(config.getString("strategy").toUpperCase(Locale.ROOT)));
        return new SimpleImputer(strategy, reader.doubles("statistics", -1), snapshot.signature().featureNames());
    }
}
