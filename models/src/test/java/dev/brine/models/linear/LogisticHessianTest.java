package dev.brine.models.linear;

import dev.brine.models.data.Labels;
import dev.brine.models.data.Matrix;
import dev.brine.models.preprocessing.StandardScaler;
import dev.brine.models.testing.Datasets;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The whole Hessian kept for incremental fitting, built from weighted Grams, equals the Hessian–vector products the
 * solver uses (checked by its agreement with scikit-learn), column by column.
 */
class LogisticHessianTest {

    @Test
    void binomialAndMultinomialWithAndWithoutInterceptOrPrior() {
        check("breast_cancer", true);
        check("wine", true);
        check("iris", false);
    }

    private static void check(String dataset, boolean fitIntercept) {
        Matrix x = StandardScaler.fit(Datasets.x(dataset)).transform(Datasets.x(dataset));
        Labels y = Datasets.labels(dataset);
        int scores = y.classCount() == 2 ? 1 : y.classCount();
        LogisticObjective ridge = new LogisticObjective(x, y.codes(), scores, fitIntercept, 0.7);
        double[] theta = randomPoint(ridge.dimension(), 11);
        double[] ridgeHessian = ridge.hessian(theta);
        assertEqualsByProducts(dataset + " ridge", ridge, theta, ridgeHessian);
        LogisticObjective withPrior = new LogisticObjective(x, y.codes(), scores, fitIntercept,
                new LogisticObjective.GaussianPrior(randomPoint(ridge.dimension(), 12), ridgeHessian));
        assertEqualsByProducts(dataset + " prior", withPrior, theta, withPrior.hessian(theta));
    }

    private static void assertEqualsByProducts(String what, LogisticObjective objective, double[] theta,
                                               double[] hessian) {
        int n = objective.dimension();
        objective.valueAndGradient(theta, new double[n]);
        double[] unit = new double[n];
        double[] column = new double[n];
        for (int j = 0; j < n; j++) {
            unit[j] = 1;
            objective.hessianTimes(unit, column);
            unit[j] = 0;
            for (int i = 0; i < n; i++) {
                assertEquals(column[i], hessian[i * n + j], 1e-9 * Math.max(1, Math.abs(column[i])),
                        what + " H[" + i + "][" + j + "]");
                assertEquals(hessian[i * n + j], hessian[j * n + i], what + " symmetric at " + i + ", " + j);
            }
        }
    }

    private static double[] randomPoint(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] theta = new double[n];
        for (int i = 0; i < n; i++) theta[i] = 0.3 * random.nextGaussian();
        return theta;
    }
}
