package dev.brine.python.sklearn;

import dev.brine.models.data.Matrix;
import dev.brine.models.neighbors.DistanceMetric;
import dev.brine.models.neighbors.NearestNeighbors;
import dev.brine.models.neighbors.NearestNeighbors.Weights;
import dev.brine.models.tabular.TabularModel;
import dev.brine.python.pickle.PyDict;
import dev.brine.python.pickle.PyStr;

/**
 * KNeighborsClassifier / Regressor: the stored rows ({@code _fit_X}), their targets ({@code _y}: class codes into
 * {@code classes_}, or numbers), k, the weighting and the effective metric. The neighbour search tree scikit-learn
 * pickles ({@code _tree}) only speeds the same search up and is not read.
 */
final class NeighborsConverter {

    private NeighborsConverter() {
    }

    static TabularModel classifier(Estimator estimator, Conversion conversion) {
        rejectMultiOutput(estimator);
        double[] codes = estimator.doubles("_y");
        int[] classCodes = new int[codes.length];
        for (int i = 0; i < codes.length; i++) classCodes[i] = (int) codes[i];
        return NearestNeighbors.classifier(estimator.matrix("_fit_X"), classCodes, estimator.classLabels(),
                neighbours(estimator), weights(estimator), metric(estimator), estimator.featureNames());
    }

    static TabularModel regressor(Estimator estimator, Conversion conversion) {
        Matrix fitX = estimator.matrix("_fit_X");
        double[] targets = estimator.doubles("_y");
        if (targets.length != fitX.rows()) {
            throw estimator.unsupported("has several targets per row; Brine reads single-output neighbours");
        }
        return NearestNeighbors.regressor(fitX, targets, neighbours(estimator), weights(estimator),
                metric(estimator), estimator.featureNames());
    }

    private static void rejectMultiOutput(Estimator estimator) {
        if (estimator.bool("outputs_2d_", false)) {
            throw estimator.unsupported("has several outputs; Brine reads single-output neighbours");
        }
    }

    private static int neighbours(Estimator estimator) {
        return Math.toIntExact(estimator.integer("n_neighbors", 5));
    }

    private static Weights weights(Estimator estimator) {
        if (!(estimator.get("weights").orElse(new PyStr("uniform")) instanceof PyStr name)) {
            throw estimator.unsupported("weights neighbours with a callable");
        }
        return switch (name.value()) {
            case "uniform" -> Weights.UNIFORM;
            case "distance" -> Weights.DISTANCE;
            default -> throw estimator.unsupported("has weights '" + name.value() + "'");
        };
    }

    /** {@code effective_metric_} with {@code effective_metric_params_}, as scikit-learn resolved them at fit time. */
    private static DistanceMetric metric(Estimator estimator) {
        String metric = estimator.has("effective_metric_") ? estimator.string("effective_metric_")
                : estimator.string("metric", "minkowski");
        return switch (metric) {
            case "euclidean", "l2" -> DistanceMetric.EUCLIDEAN;
            case "manhattan", "cityblock", "l1" -> DistanceMetric.MANHATTAN;
            case "chebyshev", "infinity" -> DistanceMetric.CHEBYSHEV;
            case "minkowski" -> new DistanceMetric(minkowskiOrder(estimator));
            default -> throw estimator.unsupported("uses metric '" + metric + "'; Brine reads the Minkowski family "
                    + "(euclidean, manhattan, chebyshev, minkowski)");
        };
    }

    private static double minkowskiOrder(Estimator estimator) {
        if (estimator.get("effective_metric_params_").orElse(null) instanceof PyDict params
                && params.get("p").isPresent()) {
            if (params.get("w").filter(weights -> weights != dev.brine.python.pickle.PyNone.NONE).isPresent()) {
                throw estimator.unsupported("uses a weighted Minkowski metric");
            }
            return estimator.number(params.get("p").get(), "effective_metric_params_['p']");
        }
        return estimator.number("p", 2);
    }
}
