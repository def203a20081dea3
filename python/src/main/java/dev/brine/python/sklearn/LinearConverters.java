package dev.brine.python.sklearn;

import dev.brine.models.linear.ElasticNet;
import dev.brine.models.linear.Lasso;
import dev.brine.models.linear.LinearRegression;
import dev.brine.models.linear.LinearRegressor;
import dev.brine.models.linear.LinearRegressorSpec;
import dev.brine.models.linear.LogisticClassifier;
import dev.brine.models.linear.LogisticRegression;
import dev.brine.models.linear.Ridge;
import dev.brine.models.linearclassifier.LinearClassifier;
import dev.brine.models.linearclassifier.LinearClassifier.ProbabilityMode;
import dev.brine.models.tabular.TabularModel;

import java.util.List;

/**
 * Linear models: {@code coef_} and {@code intercept_} as fitted, with the hyper-parameters Brine's own models record.
 * Regressors become {@link LinearRegressor}; LogisticRegression becomes {@link LogisticClassifier} where its
 * probabilities are the logistic (two classes, one-vs-rest) or softmax (more classes, multinomial) of the scores,
 * and {@link LinearClassifier} otherwise (one-vs-rest over several classes, multinomial over two, SGDClassifier,
 * LinearSVC).
 */
final class LinearConverters {

    private LinearConverters() {
    }

    static TabularModel linearRegression(Estimator estimator, Conversion conversion) {
        return regressor(estimator, new LinearRegression(estimator.bool("fit_intercept", true)));
    }

    static TabularModel ridge(Estimator estimator, Conversion conversion) {
        if (estimator.require("alpha") instanceof dev.brine.python.numpy.NdArray) {
            throw estimator.unsupported("has one alpha per target; Brine reads a single alpha");
        }
        return regressor(estimator, new Ridge(estimator.number("alpha"), estimator.bool("fit_intercept", true)));
    }

    static TabularModel lasso(Estimator estimator, Conversion conversion) {
        return regressor(estimator, new Lasso(estimator.number("alpha"), estimator.bool("fit_intercept", true),
                Math.toIntExact(estimator.integer("max_iter", 1000)), estimator.number("tol", 1e-4)));
    }

    static TabularModel elasticNet(Estimator estimator, Conversion conversion) {
        return regressor(estimator, new ElasticNet(estimator.number("alpha"), estimator.number("l1_ratio"),
                estimator.bool("fit_intercept", true), Math.toIntExact(estimator.integer("max_iter", 1000)),
                estimator.number("tol", 1e-4)));
    }

    /** The prediction is {@code X·coefᵀ + intercept} whatever the fitting method: recorded as least squares. */
    static TabularModel sgdRegressor(Estimator estimator, Conversion conversion) {
        return regressor(estimator, new LinearRegression(estimator.bool("fit_intercept", true)));
    }

    private static TabularModel regressor(Estimator estimator, LinearRegressorSpec spec) {
        double[] coef = estimator.doubles("coef_");
        long[] shape = estimator.array("coef_").shape();
        int outputs = shape.length == 2 ? Math.toIntExact(shape[0]) : 1;
        double[] intercept = intercepts(estimator, outputs);
        if (intercept.length != outputs) {
            throw estimator.incompatible("has " + outputs + " rows of coefficients but " + intercept.length
                    + " intercepts");
        }
        return new LinearRegressor(spec, coef, intercept, estimator.featureNames());
    }

    static TabularModel logisticRegression(Estimator estimator, Conversion conversion) {
        List<String> classes = estimator.classLabels();
        String multiClass = estimator.string("multi_class", "auto");
        String solver = estimator.string("solver", "lbfgs");
        // scikit-learn's rule; "warn" (the 0.20–0.21 default) acted as "ovr", "deprecated" (1.5) is "auto".
        boolean ovr = multiClass.equals("ovr") || multiClass.equals("warn")
                || (multiClass.equals("auto") || multiClass.equals("deprecated"))
                && (classes.size() <= 2 || solver.equals("liblinear"));
        double[] coef = estimator.doubles("coef_");
        double[] intercept = intercepts(estimator, classes.size() == 2 ? 1 : classes.size());
        boolean binary = classes.size() == 2;
        if (ovr == binary) {
            LogisticRegression spec = new LogisticRegression(estimator.number("C", 1.0),
                    estimator.bool("fit_intercept", true), Math.toIntExact(estimator.integer("max_iter", 100)),
                    estimator.number("tol", 1e-4));
            int iterations = (int) max(estimator.has("n_iter_") ? estimator.doubles("n_iter_") : new double[1]);
            return new LogisticClassifier(spec, coef, intercept, classes, estimator.featureNames(), iterations);
        }
        return linearClassifier(estimator, classes, ovr ? ProbabilityMode.OVR_LOGISTIC : ProbabilityMode.SOFTMAX);
    }

    static TabularModel sgdClassifier(Estimator estimator, Conversion conversion) {
        ProbabilityMode mode = switch (estimator.string("loss", "hinge")) {
            case "log_loss", "log" -> ProbabilityMode.OVR_LOGISTIC;
            case "modified_huber" -> ProbabilityMode.MODIFIED_HUBER;
            default -> ProbabilityMode.NONE;
        };
        return linearClassifier(estimator, estimator.classLabels(), mode);
    }

    static TabularModel linearSvc(Estimator estimator, Conversion conversion) {
        return linearClassifier(estimator, estimator.classLabels(), ProbabilityMode.NONE);
    }

    private static TabularModel linearClassifier(Estimator estimator, List<String> classes, ProbabilityMode mode) {
        return new LinearClassifier(estimator.doubles("coef_"), intercepts(estimator, classes.size() == 2 ? 1
                : classes.size()), classes, estimator.featureNames(), mode);
    }

    /** {@code intercept_}, which is the scalar 0.0 for every row when fitted without an intercept (LinearSVC). */
    private static double[] intercepts(Estimator estimator, int rows) {
        double[] intercept = estimator.doubles("intercept_");
        if (intercept.length == 1 && rows > 1) {
            double value = intercept[0];
            intercept = new double[rows];
            java.util.Arrays.fill(intercept, value);
        }
        return intercept;
    }

    private static double max(double[] values) {
        double max = 0;
        for (double value : values) max = Math.max(max, value);
        return max;
    }
}
