package dev.brine.models.linear;

import dev.brine.core.json.Json;
import dev.brine.models.data.Matrix;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Least squares with an L2 penalty {@code alpha·‖w‖²}: solves {@code (XᵀX + αI) w = Xᵀy} by Cholesky, as
 * scikit-learn's {@code Ridge(solver="cholesky")} (its choice for dense data).
 */
public record Ridge(double alpha, boolean fitIntercept) implements LinearRegressorSpec {

    public static final String TYPE = "ridge";

    public Ridge {
        if (!(alpha >= 0)) {
            throw new IllegalArgumentException("alpha must be >= 0, got " + alpha);
        }
    }

    public Ridge(double alpha) {
        this(alpha, true);
    }

    static Ridge fromJson(Json.JsonObject json) {
        return new Ridge(json.getDouble("alpha"), json.getBoolean("fit_intercept"));
    }

    @Override
    public String typeName() {
        return TYPE;
    }

    @Override
    public Json.JsonObject toJson() {
        return Json.object().put("alpha", alpha).put("fit_intercept", fitIntercept).build();
    }

    @Override
    public double[] solveCentered(Matrix x, double[] y) {
        return solve(Dense.gram(x).data, Dense.transposeTimes(x, y));
    }

    @Override
    public double[] solveMoments(Moments moments, double[] start) {
        return solve(moments.sxx(), moments.sxy());
    }

    private double[] solve(double[] sxx, double[] sxy) {
        int d = sxy.length;
        DMatrixRMaj system = DMatrixRMaj.wrap(d, d, sxx.clone());
        for (int i = 0; i < d; i++) {
            system.add(i, i, alpha);
        }
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(d);
        if (!solver.setA(system)) {
            // XᵀX is singular and alpha is 0: fall back to the minimum-norm least-squares solution.
            return LinearRegression.minimumNorm(sxx, sxy);
        }
        DMatrixRMaj coef = new DMatrixRMaj(d, 1);
        solver.solve(DMatrixRMaj.wrap(d, 1, sxy.clone()), coef);
        return coef.data;
    }
}
