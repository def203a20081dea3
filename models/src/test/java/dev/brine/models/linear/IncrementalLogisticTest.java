package dev.brine.models.linear;

import dev.brine.core.IncompatibleModelException;
import dev.brine.models.data.Labels;
import dev.brine.models.data.Matrix;
import dev.brine.models.preprocessing.StandardScaler;
import dev.brine.models.testing.Datasets;
import dev.brine.models.testing.RoundTrip;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A logistic regression fitted on part of the rows, saved, reloaded and trained further on the rest lands close to
 * the fit on all rows, far closer than a fit on the new rows alone, and predicts as it does.
 */
class IncrementalLogisticTest {

    // Measured (coefficient distance to the fit on all rows: continued vs. new rows only): breast cancer 0.34 vs 1.07
    // (norm 3.8), iris 0.15 vs 1.40 (norm 5.6), wine 0.11 vs 0.68 (norm 3.2).
    @Test
    void binaryContinuedOnTheOtherHalfComesCloseToOneFitOnAllRows() {
        assertCloseToWholeFit("breast_cancer", new LogisticRegression(1.0));
    }

    @Test
    void multinomialContinuedOnTheOtherHalfComesCloseToOneFitOnAllRows() {
        assertCloseToWholeFit("iris", new LogisticRegression(1.0));
        assertCloseToWholeFit("wine", new LogisticRegression(0.5));
    }

    @Test
    void continuingAfterASaveAndLoadGivesTheSameBitsAsInMemory() {
        Matrix x = standardized("wine");
        Labels y = Datasets.labels("wine");
        LogisticClassifier first = new LogisticRegression(0.5).fit(x.selectRows(even(x.rows())),
                y.selectRows(even(x.rows())));
        LogisticClassifier inMemory = first.partialFit(x.selectRows(odd(x.rows())), y.selectRows(odd(x.rows())));
        LogisticClassifier reloaded = ((LogisticClassifier) RoundTrip.throughFile(first))
                .partialFit(x.selectRows(odd(x.rows())), y.selectRows(odd(x.rows())));
        assertArrayEquals(inMemory.coefficients(), reloaded.coefficients());
        assertArrayEquals(inMemory.intercepts(), reloaded.intercepts());
    }

    @Test
    void newRowsMayHoldSomeOfTheClassesButNoNewOne() {
        Matrix x = standardized("iris");
        Labels y = Datasets.labels("iris");
        LogisticClassifier model = new LogisticRegression(1.0).fit(x.selectRows(even(x.rows())),
                y.selectRows(even(x.rows())));
        int[] setosaOnly = IntStream.range(0, x.rows()).filter(r -> y.codes()[r] == 0).toArray();
        LogisticClassifier continued = model.partialFit(x.selectRows(setosaOnly), y.selectRows(setosaOnly));
        assertEquals(model.classLabels(), continued.classLabels());

        Labels renamed = new Labels(y.codes(), java.util.List.of("setosa", "versicolor", "unheard-of"));
        IncompatibleModelException refused = assertThrows(IncompatibleModelException.class,
                () -> model.partialFit(x, renamed));
        assertTrue(refused.getMessage().contains("\"unheard-of\""), refused.getMessage());
    }

    private static void assertCloseToWholeFit(String dataset, LogisticRegression spec) {
        Matrix x = standardized(dataset);
        Labels y = Datasets.labels(dataset);
        int[] first = even(x.rows());
        int[] second = odd(x.rows());
        LogisticClassifier whole = spec.fit(x, y);
        LogisticClassifier halfway = (LogisticClassifier) RoundTrip.throughFile(spec.fit(x.selectRows(first),
                y.selectRows(first)));
        LogisticClassifier continued = halfway.partialFit(x.selectRows(second), y.selectRows(second));
        LogisticClassifier secondHalfOnly = spec.fit(x.selectRows(second), y.selectRows(second));

        double error = distance(whole, continued);
        double forgetful = distance(whole, secondHalfOnly);
        assertTrue(error <= 0.1 * norm(whole), dataset + ": continued fit is " + error + " from the whole fit, whose "
                + "norm is " + norm(whole));
        assertTrue(error <= 0.5 * forgetful, dataset + ": continued fit (" + error + ") is not much closer to the "
                + "whole fit than a fit on the new rows alone (" + forgetful + ")");
        double[] expected = whole.predictProba(x).values();
        double[] actual = continued.predictProba(x).values();
        double deviation = 0;
        for (int i = 0; i < expected.length; i++) deviation += Math.abs(expected[i] - actual[i]);
        deviation /= expected.length;
        assertTrue(deviation <= 0.01, dataset + ": probabilities differ from the whole fit's by " + deviation
                + " on average");
        int[] expectedClasses = classes(whole.predict(x));
        int[] actualClasses = classes(continued.predict(x));
        long agreeing = IntStream.range(0, expectedClasses.length)
                .filter(r -> expectedClasses[r] == actualClasses[r]).count();
        assertTrue(agreeing >= 0.98 * x.rows(), dataset + ": " + agreeing + " of " + x.rows() + " predictions agree "
                + "with the whole fit's");
    }

    private static int[] classes(dev.brine.core.tensor.Tensor predictions) {
        long[] values = predictions.toLongArray();
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) out[i] = Math.toIntExact(values[i]);
        return out;
    }

    private static double distance(LogisticClassifier a, LogisticClassifier b) {
        double sum = 0;
        for (int i = 0; i < a.coefficients().length; i++) {
            sum += Math.pow(a.coefficients()[i] - b.coefficients()[i], 2);
        }
        for (int i = 0; i < a.intercepts().length; i++) sum += Math.pow(a.intercepts()[i] - b.intercepts()[i], 2);
        return Math.sqrt(sum);
    }

    private static double norm(LogisticClassifier a) {
        double sum = 0;
        for (double v : a.coefficients()) sum += v * v;
        for (double v : a.intercepts()) sum += v * v;
        return Math.sqrt(sum);
    }

    private static Matrix standardized(String dataset) {
        Matrix x = Datasets.x(dataset);
        return StandardScaler.fit(x).transform(x);
    }

    private static int[] even(int rows) {
        return IntStream.range(0, rows).filter(r -> r % 2 == 0).toArray();
    }

    private static int[] odd(int rows) {
        return IntStream.range(0, rows).filter(r -> r % 2 == 1).toArray();
    }
}
