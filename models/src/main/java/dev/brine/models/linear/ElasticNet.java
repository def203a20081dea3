package dev.brine.models.linear;

import dev.brine.core.json.Json;
import dev.brine.models.data.Matrix;

/**
 * Least squares with mixed penalties: {@code 1/(2n)·‖y − Xw‖² + α·ρ·‖w‖₁ + α·(1−ρ)/2·‖w‖²} (ρ = {@code l1Ratio}),
 * by {@link CoordinateDescent}.
 */
public record ElasticNet(double alpha, double l1Ratio, boolean fitIntercept, int maxIter, double tol)
        implements LinearRegressorSpec {

    public static final String TYPE = "elastic_net";

    public ElasticNet {
        check(alpha, l1Ratio, maxIter, tol);
    }

    /** scikit-learn's defaults: 1000 sweeps, duality-gap tolerance 1e-4. */
    public ElasticNet(double alpha, double l1Ratio) {
        this(alpha, l1Ratio, true, 1000, 1e-4);
    }

    static void check(double alpha, double l1Ratio, int maxIter, double tol) {
        if (!(alpha >= 0) || !(l1Ratio >= 0 && l1Ratio <= 1) || maxIter < 1 || !(tol > 0)) {
            throw new IllegalArgumentException("need alpha >= 0, 0 <= l1_ratio <= 1, max_iter >= 1 and tol > 0; got "
                    + "alpha=" + alpha + ", l1_ratio=" + l1Ratio + ", max_iter=" + maxIter + ", tol=" + tol);
        }
    }

    static ElasticNet fromJson(Json.JsonObject json) {
        return new ElasticNet(json.getDouble("alpha"), json.getDouble("l1_ratio"), json.getBoolean("fit_intercept"),
                Math.toIntExact(json.getLong("max_iter")), json.getDouble("tol"));
    }

    @Override
    public String typeName() {
        return TYPE;
    }

    @Override
    public Json.JsonObject toJson() {
        return Json.object().put("alpha", alpha).put("l1_ratio", l1Ratio).put("fit_intercept", fitIntercept)
                .put("max_iter", maxIter).put("tol", tol).build();
    }

    @Override
    public double[] solveMoments(Moments moments, double[] start) {
        return CoordinateDescent.solveGram(moments, start, alpha, l1Ratio, maxIter, tol);
    }

    @Override
    public double[] solveCentered(Matrix x, double[] y) {
        return CoordinateDescent.solve(x, y, alpha, l1Ratio, maxIter, tol);
    }
}
