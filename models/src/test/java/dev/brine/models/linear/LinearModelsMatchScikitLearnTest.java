package dev.brine.models.linear;

import dev.brine.core.json.Json;
import dev.brine.models.data.Labels;
import dev.brine.models.data.Matrix;
import dev.brine.models.preprocessing.StandardScaler;
import dev.brine.models.testing.Datasets;
import dev.brine.models.testing.Fixtures;
import dev.brine.models.testing.RoundTrip;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.IntStream;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Coefficients within 1e-6 (relative) of scikit-learn 1.2.1's, from reference/linear_sklearn.json. */
class LinearModelsMatchScikitLearnTest {

    private static final Json.JsonObject REFERENCE = Fixtures.json("reference/linear_sklearn.json");
    private static final double RELATIVE = 1e-6;

    @Test
    void ordinaryLeastSquares() {
        checkRegression("ols_diabetes", new LinearRegression());
        checkRegression("ols_regression", new LinearRegression());
    }

    @Test
    void ridge() {
        checkRegression("ridge_diabetes", new Ridge(1.0));
        checkRegression("ridge_regression", new Ridge(0.5));
    }

    @Test
    void lasso() {
        checkRegression("lasso_diabetes", new Lasso(0.1, true, 1_000_000, 1e-12));
        checkRegression("lasso_regression", new Lasso(1.0, true, 1_000_000, 1e-12));
    }

    @Test
    void elasticNet() {
        checkRegression("elastic_net_diabetes", new ElasticNet(0.01, 0.5, true, 1_000_000, 1e-12));
        checkRegression("elastic_net_regression", new ElasticNet(0.3, 0.7, true, 1_000_000, 1e-12));
    }

    /**
     * Fitted in three batches, saved and reloaded between them, a lasso or elastic net reaches scikit-learn's fit
     * on all rows at once: the batches' statistics merge exactly and the solver warm-starts from the last fit.
     */
    @Test
    void lassoAndElasticNetFittedBatchByBatchMatchOneFitOnAllRows() {
        checkRegression("lasso_diabetes", new Lasso(0.1, true, 1_000_000, 1e-12), InBatches::fit);
        checkRegression("lasso_regression", new Lasso(1.0, true, 1_000_000, 1e-12), InBatches::fit);
        checkRegression("elastic_net_diabetes", new ElasticNet(0.01, 0.5, true, 1_000_000, 1e-12), InBatches::fit);
        checkRegression("elastic_net_regression", new ElasticNet(0.3, 0.7, true, 1_000_000, 1e-12),
                InBatches::fit);
        checkRegression("ridge_diabetes", new Ridge(1.0), InBatches::fit);
        checkRegression("ols_regression", new LinearRegression(), InBatches::fit);
    }

    /** Three batches of about a third of the rows each, the model saved and reloaded before each continuation. */
    private static final class InBatches {
        static LinearRegressor fit(LinearRegressorSpec spec, Matrix x, double[] y) {
            int n = x.rows();
            int[] cuts = {0, n / 3, 2 * n / 3, n};
            LinearRegressor model = spec.fit(rows(x, cuts[0], cuts[1]), Arrays.copyOfRange(y, cuts[0], cuts[1]));
            for (int b = 1; b < 3; b++) {
                model = ((LinearRegressor) RoundTrip.throughFile(model)).partialFit(rows(x, cuts[b], cuts[b + 1]),
                        Arrays.copyOfRange(y, cuts[b], cuts[b + 1]));
            }
            return model;
        }

        private static Matrix rows(Matrix x, int from, int to) {
            return x.selectRows(IntStream.range(from, to).toArray());
        }
    }

    @Test
    void binaryLogisticRegression() {
        checkLogistic("logistic_breast_cancer", new LogisticRegression(1.0));
    }

    @Test
    void multinomialLogisticRegression() {
        checkLogistic("logistic_iris", new LogisticRegression(1.0));
        checkLogistic("logistic_wine", new LogisticRegression(0.5));
    }

    private interface Fitting {
        LinearRegressor fit(LinearRegressorSpec spec, Matrix x, double[] y);
    }

    private static void checkRegression(String name, LinearRegressorSpec spec) {
        checkRegression(name, spec, LinearRegressorSpec::fit);
    }

    private static void checkRegression(String name, LinearRegressorSpec spec, Fitting fitting) {
        Json.JsonObject reference = referenceCase(name);
        String dataset = reference.getString("dataset");
        Matrix x = Datasets.x(dataset);
        LinearRegressor model = fitting.fit(spec, x, Datasets.y(dataset));
        double[] expected = Fixtures.doubles(reference.getArray("coef"));
        assertClose(name + " coef", expected, model.coefficients());
        assertClose(name + " intercept", new double[] {reference.getDouble("intercept")},
                new double[] {model.intercept()});
        assertClose(name + " predictions", Fixtures.doubles(reference.getArray("predictions_head")),
                model.predict(x.selectRows(new int[] {0, 1, 2, 3, 4})).toDoubleArray());
        RoundTrip.assertPredictsIdentically(model, x.toTensor());
    }

    private static void checkLogistic(String name, LogisticRegression spec) {
        Json.JsonObject reference = referenceCase(name);
        String dataset = reference.getString("dataset");
        Matrix x = Datasets.x(dataset);
        if (reference.getBoolean("standardized")) {
            x = StandardScaler.fit(x).transform(x);
        }
        Labels labels = Datasets.labels(dataset);
        assertEquals(reference.getArray("classes").toStringList(), labels.classes());
        LogisticClassifier model = spec.fit(x, labels);
        assertClose(name + " coef", flatten(Fixtures.matrix(reference.getArray("coef"))), model.coefficients());
        assertClose(name + " intercept", Fixtures.doubles(reference.getArray("intercept")), model.intercepts());
        assertClose(name + " proba", flatten(Fixtures.matrix(reference.getArray("proba_head"))),
                model.predictProba(x.selectRows(new int[] {0, 1, 2, 3, 4})).values());
        RoundTrip.assertPredictsIdentically(model, x.toTensor());
    }

    private static Json.JsonObject referenceCase(String name) {
        return REFERENCE.getArray("cases").items().stream().map(Json.JsonObject.class::cast)
                .filter(c -> c.getString("name").equals(name)).findFirst().orElseThrow();
    }

    /** Each value within 1e-6 of the reference, relative to it, or to the largest value for (near-)zero ones. */
    static void assertClose(String what, double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, what + " length");
        double largest = 0;
        for (double v : expected) largest = Math.max(largest, Math.abs(v));
        for (int i = 0; i < expected.length; i++) {
            double allowed = RELATIVE * Math.max(Math.abs(expected[i]), 1e-3 * largest);
            assertTrue(Math.abs(expected[i] - actual[i]) <= allowed, what + "[" + i + "]: expected " + expected[i]
                    + ", got " + actual[i] + " (allowed " + allowed + ")");
        }
    }

    private static double[] flatten(double[][] rows) {
        return Matrix.of(rows).values();
    }

}
