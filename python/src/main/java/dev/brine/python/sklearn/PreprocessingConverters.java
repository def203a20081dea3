package dev.brine.python.sklearn;

import dev.brine.models.data.Matrix;
import dev.brine.models.preprocessing.MinMaxScaler;
import dev.brine.models.preprocessing.Passthrough;
import dev.brine.models.preprocessing.Pca;
import dev.brine.models.preprocessing.SimpleImputer;
import dev.brine.models.preprocessing.StandardScaler;
import dev.brine.models.tabular.TabularModel;
import dev.brine.python.pickle.PyFloat;
import dev.brine.python.pickle.PyStr;
import dev.brine.python.pickle.PyValue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Scalers, the imputer, PCA and the identity FunctionTransformer, onto Brine's preprocessing steps. RobustScaler's
 * transform is StandardScaler's {@code (x − center) / scale}, so it becomes one with its centres and scales.
 */
final class PreprocessingConverters {

    private PreprocessingConverters() {
    }

    static TabularModel standardScaler(Estimator estimator, Conversion conversion) {
        int width = width(estimator, estimator.has("mean_") ? "mean_" : "scale_");
        double[] mean = estimator.bool("with_mean", true) ? estimator.doubles("mean_") : new double[width];
        double[] scale = estimator.bool("with_std", true) ? estimator.doubles("scale_") : ones(width);
        return new StandardScaler(mean, scale, estimator.featureNames());
    }

    static TabularModel robustScaler(Estimator estimator, Conversion conversion) {
        int width = width(estimator, estimator.has("center_") ? "center_" : "scale_");
        double[] center = estimator.bool("with_centering", true) ? estimator.doubles("center_") : new double[width];
        double[] scale = estimator.bool("with_scaling", true) ? estimator.doubles("scale_") : ones(width);
        return new StandardScaler(center, scale, estimator.featureNames());
    }

    /** Brine recomputes {@code scale_} and {@code min_} from the data range; they must come out as pickled. */
    static TabularModel minMaxScaler(Estimator estimator, Conversion conversion) {
        if (estimator.bool("clip", false)) {
            throw estimator.unsupported("clips its output (clip=True)");
        }
        List<dev.brine.python.pickle.PyValue> range = estimator.items("feature_range");
        double low = estimator.number(range.get(0), "feature_range");
        double high = estimator.number(range.get(1), "feature_range");
        double[] dataMin = estimator.doubles("data_min_");
        double[] dataMax = estimator.doubles("data_max_");
        double[] scale = estimator.doubles("scale_");
        double[] min = estimator.doubles("min_");
        for (int c = 0; c < dataMin.length; c++) {
            double spread = dataMax[c] - dataMin[c];
            double expectedScale = (high - low) / (spread == 0 ? 1.0 : spread);
            if (Double.doubleToLongBits(expectedScale) != Double.doubleToLongBits(scale[c])
                    || Double.doubleToLongBits(low - dataMin[c] * expectedScale) != Double.doubleToLongBits(min[c])) {
                throw estimator.unsupported("scales feature " + c + " by " + scale[c] + " where its range gives "
                        + expectedScale + " (a nearly constant feature, which scikit-learn leaves unscaled)");
            }
        }
        return new MinMaxScaler(dataMin, dataMax, low, high, estimator.featureNames());
    }

    static TabularModel simpleImputer(Estimator estimator, Conversion conversion) {
        if (!(estimator.require("missing_values") instanceof PyFloat missing) || !Double.isNaN(missing.value())) {
            throw estimator.unsupported("imputes missing_values=" + estimator.require("missing_values")
                    + "; Brine imputes NaN");
        }
        if (estimator.bool("add_indicator", false)) {
            throw estimator.unsupported("adds missing-value indicator columns (add_indicator=True)");
        }
        if (estimator.array("statistics_").dtype().kind() == 'O') {
            throw estimator.unsupported("imputes text columns; Brine imputes numbers");
        }
        return imputer(estimator);
    }

    /**
     * Imputer of {@code sklearn.preprocessing.imputation} (0.18–0.21, removed in 0.22): along columns
     * ({@code axis=0}, the default) its transform is SimpleImputer's, with NaN written as NaN or {@code 'NaN'}.
     */
    static TabularModel oldImputer(Estimator estimator, Conversion conversion) {
        if (estimator.integer("axis", 0) != 0) {
            throw estimator.unsupported("imputes along rows (axis=1), from each row's own values; Brine imputes "
                    + "fitted column statistics");
        }
        boolean nan = switch (estimator.require("missing_values")) {
            case PyFloat number -> Double.isNaN(number.value());
            case PyStr text -> text.value().equals("NaN");
            default -> false;
        };
        if (!nan) {
            throw estimator.unsupported("imputes missing_values=" + estimator.require("missing_values")
                    + "; Brine imputes NaN");
        }
        return imputer(estimator);
    }

    private static TabularModel imputer(Estimator estimator) {
        double[] statistics = estimator.doubles("statistics_");
        String strategy = estimator.string("strategy", "mean");
        if (Arrays.stream(statistics).anyMatch(Double::isNaN) && !strategy.equals("constant")
                && !estimator.bool("keep_empty_features", false)) {
            throw estimator.unsupported("drops columns that were empty when fitted; Brine keeps every column");
        }
        SimpleImputer.Strategy kind = switch (strategy) {
            case "mean", "median", "most_frequent", "constant" ->
                    SimpleImputer.Strategy.valueOf(strategy.toUpperCase(Locale.ROOT));
            default -> throw estimator.unsupported("has strategy '" + strategy + "'");
        };
        return new SimpleImputer(kind, statistics, estimator.featureNames());
    }

    static TabularModel pca(Estimator estimator, Conversion conversion) {
        if (estimator.bool("whiten", false)) {
            throw estimator.unsupported("whitens its output (whiten=True)");
        }
        Matrix components = estimator.matrix("components_");
        return new Pca(estimator.doubles("mean_"), components, estimator.doubles("explained_variance_"),
                estimator.featureNames());
    }

    static TabularModel functionTransformer(Estimator estimator, Conversion conversion) {
        if (estimator.has("func") || estimator.has("inverse_func")) {
            throw estimator.unsupported("holds code (func=" + estimator.get("func").map(PyValue::toString)
                    .orElse("None") + "), which Brine never runs; it reads FunctionTransformer only as the identity "
                    + "(func=None). Do that step in Java before predicting, or fit the model without it");
        }
        int width = estimator.featureCount().orElseThrow(() -> estimator.unsupported("does not record its input "
                + "width (n_features_in_); refit it with validate=True or scikit-learn 1.0+"));
        List<String> names = estimator.featureNames();
        return new Passthrough(width, names);
    }

    private static int width(Estimator estimator, String attribute) {
        return estimator.featureCount().orElseGet(() -> estimator.doubles(attribute).length);
    }

    private static double[] ones(int width) {
        double[] out = new double[width];
        Arrays.fill(out, 1.0);
        return out;
    }
}
