package dev.brine.models.linear;

import dev.brine.core.json.Json;
import dev.brine.models.data.Matrix;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Ordinary least squares by the SVD pseudo-inverse, which, like LAPACK's {@code gelsd} behind scikit-learn's
 * {@code LinearRegression}, is stable on ill-conditioned data and returns the minimum-norm solution when features are
 * collinear.
 */
public record LinearRegression(boolean fitIntercept) implements LinearRegressorSpec {

    public static final String TYPE = "linear_regression";

    public LinearRegression() {
        this(true);
    }

    static LinearRegression fromJson(Json.JsonObject json) {
        return new LinearRegression(json.getBoolean("fit_intercept"));
    }

    @Override
    public String typeName() {
        return TYPE;
    }

    @Override
    public Json.JsonObject toJson() {
        return Json.object().put("fit_intercept", fitIntercept).build();
    }

    @Override
    public double[] solveMoments(Moments moments, double[] start) {
        return minimumNorm(moments.sxx(), moments.sxy());
    }

    /** The minimum-norm solution of {@code Sxx·w = Sxy}, by the pseudo-inverse of the symmetric scatter. */
    static double[] minimumNorm(double[] sxx, double[] sxy) {
        int d = sxy.length;
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.pseudoInverse(true);
        if (!solver.setA(DMatrixRMaj.wrap(d, d, sxx.clone()))) {
            throw new IllegalStateException("the SVD of the " + d + "x" + d + " scatter matrix failed");
        }
        DMatrixRMaj coef = new DMatrixRMaj(d, 1);
        solver.solve(Dense.column(sxy), coef);
        return coef.data;
    }

    @Override
    public double[] solveCentered(Matrix x, double[] y) {
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.pseudoInverse(true);
        if (!solver.setA(Dense.ejml(x))) {
            throw new IllegalStateException("the SVD of the " + x.rows() + "x" + x.cols() + " design matrix failed");
        }
        DMatrixRMaj coef = new DMatrixRMaj(x.cols(), 1);
        solver.solve(Dense.column(y), coef);
        return coef.data;
    }
}
