package dev.brine.models.linear;

import dev.brine.core.json.Json;
import dev.brine.models.data.Matrix;
import dev.brine.models.tabular.EstimatorSpec;
import dev.brine.models.tabular.Target;

import java.util.List;

/**
 * The hyper-parameters of one linear regression method and how it fits. Every method yields the same fitted form,
 * a {@link LinearRegressor} ({@code y = X·coefᵀ + intercept}); the spec stays with it so the saved model says how it
 * was made and can be refitted.
 */
public sealed interface LinearRegressorSpec extends EstimatorSpec permits LinearRegression, Ridge, Lasso, ElasticNet {

    /** The model type name of the fitted model. */
    String typeName();

    boolean fitIntercept();

    Json.JsonObject toJson();

    /** Coefficients for features already centred when {@link #fitIntercept()} (the intercept is restored after). */
    double[] solveCentered(Matrix x, double[] y);

    /**
     * Centred coefficients from the sufficient statistics alone, for incremental fitting: every method here
     * minimises an objective that depends on the rows only through their {@link Moments}, so fitting batch after
     * batch reaches the solution of all rows together. Iterative methods start from {@code start} (the coefficients
     * before the new rows), which is usually close.
     */
    double[] solveMoments(Moments moments, double[] start);

    @Override
    default LinearRegressor fit(Matrix x, Target y, List<String> featureNames) {
        return fit(x, EstimatorSpec.values(y, typeName()), featureNames);
    }

    default LinearRegressor fit(Matrix x, double[] y) {
        return fit(x, y, List.of());
    }

    default LinearRegressor fit(Matrix x, double[] y, List<String> featureNames) {
        if (x.rows() != y.length) {
            throw new IllegalArgumentException(x.rows() + " rows of features but " + y.length + " targets");
        }
        if (x.rows() == 0) {
            throw new IllegalArgumentException("cannot fit on zero rows");
        }
        Centering centering = fitIntercept() ? Centering.of(x, y) : Centering.none(x, y);
        double[] coef = solveCentered(centering.x(), centering.y());
        Moments moments = Moments.of(x, y, fitIntercept());
        return new LinearRegressor(this, coef, new double[] {centering.intercept(coef)}, featureNames, moments);
    }
}
