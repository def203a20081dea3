package dev.brine.models.linear;

import dev.brine.core.json.Json;
import dev.brine.models.data.Matrix;

/** Least squares with an L1 penalty: {@code 1/(2n)·‖y − Xw‖² + α·‖w‖₁}, by {@link CoordinateDescent}. */
public record Lasso(double alpha, boolean fitIntercept, int maxIter, double tol) implements LinearRegressorSpec {

    public static final String TYPE = "lasso";

    public Lasso {
        ElasticNet.check(alpha, 1.0, maxIter, tol);
    }

    /** scikit-learn's defaults: 1000 sweeps, duality-gap tolerance 1e-4. */
    public Lasso(double alpha) {
        this(alpha, true, 1000, 1e-4);
    }

    static Lasso fromJson(Json.JsonObject json) {
        return new Lasso(json.getDouble("alpha"), json.getBoolean("fit_intercept"),
                Math.toIntExact(json.getLong("max_iter")), json.getDouble("tol"));
    }

    @Override
    public String typeName() {
        return TYPE;
    }

    @Override
    public Json.JsonObject toJson() {
        return Json.object().put("alpha", alpha).put("fit_intercept", fitIntercept).put("max_iter", maxIter)
                .put("tol", tol).build();
    }

    @Override
    public double[] solveMoments(Moments moments, double[] start) {
        return CoordinateDescent.solveGram(moments, start, alpha, 1.0, maxIter, tol);
    }

    @Override
    public double[] solveCentered(Matrix x, double[] y) {
        return CoordinateDescent.solve(x, y, alpha, 1.0, maxIter, tol);
    }
}
