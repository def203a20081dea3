package dev.brine.models.linear;

import dev.brine.core.json.Json;
import dev.brine.models.data.Labels;
import dev.brine.models.data.Matrix;
import dev.brine.models.tabular.EstimatorSpec;
import dev.brine.models.tabular.Target;

import java.util.List;

/**
 * L2-penalised logistic regression as scikit-learn's {@code LogisticRegression} (default {@code multi_class="auto"}):
 * binomial for two classes, multinomial for more, minimising {@code Σ loss + ‖W‖²/(2C)} by {@link NewtonCg}. It stops
 * when the largest gradient component is at most {@code tol}; the default 1e-8 is far tighter than scikit-learn's
 * 1e-4 because Newton steps converge quadratically, so exactness costs a step or two.
 */
public record LogisticRegression(double c, boolean fitIntercept, int maxIter, double tol) implements EstimatorSpec {

    public static final String TYPE = "logistic_regression";

    public LogisticRegression {
        if (!(c > 0) || maxIter < 1 || !(tol > 0)) {
            throw new IllegalArgumentException("need C > 0, max_iter >= 1 and tol > 0; got C=" + c + ", max_iter="
                    + maxIter + ", tol=" + tol);
        }
    }

    public LogisticRegression() {
        this(1.0, true, 100, 1e-8);
    }

    public LogisticRegression(double c) {
        this(c, true, 100, 1e-8);
    }

    static LogisticRegression fromJson(Json.JsonObject json) {
        return new LogisticRegression(json.getDouble("C"), json.getBoolean("fit_intercept"),
                Math.toIntExact(json.getLong("max_iter")), json.getDouble("tol"));
    }

    Json.JsonObject toJson() {
        return Json.object().put("C", c).put("fit_intercept", fitIntercept).put("max_iter", maxIter).put("tol", tol)
                .build();
    }

    @Override
    public LogisticClassifier fit(Matrix x, Target y, List<String> featureNames) {
        return fit(x, EstimatorSpec.classes(y, TYPE), featureNames);
    }

    public LogisticClassifier fit(Matrix x, Labels y) {
        return fit(x, y, List.of());
    }

    public LogisticClassifier fit(Matrix x, Labels y, List<String> featureNames) {
        if (x.rows() != y.size()) {
            throw new IllegalArgumentException(x.rows() + " rows of features but " + y.size() + " labels");
        }
        if (y.classCount() < 2) {
            throw new IllegalArgumentException("logistic regression needs at least two classes, the labels have "
                    + y.classes());
        }
        int scores = y.classCount() == 2 ? 1 : y.classCount();
        LogisticObjective objective = new LogisticObjective(x, y.codes(), scores, fitIntercept, c);
        NewtonCg.Result result = NewtonCg.minimize(objective, maxIter, tol);
        return LogisticClassifier.of(this, result, objective, y.classes(), featureNames);
    }
}
