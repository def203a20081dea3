package dev.brine.models.linear;

import dev.brine.core.Models;
import dev.brine.core.format.BrineFile;
import dev.brine.core.format.Provenance;
import dev.brine.core.IncompatibleModelException;
import dev.brine.core.Limits;
import dev.brine.models.Lineage;
import dev.brine.models.data.Matrix;
import dev.brine.models.testing.Datasets;
import dev.brine.models.testing.RoundTrip;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Linear regressors continue on new rows exactly, across a save and load, and the file records its parent. */
class IncrementalLinearTest {

    private static final Matrix X = Datasets.x("diabetes");
    private static final double[] Y = Datasets.y("diabetes");

    @TempDir
    Path directory;

    @Test
    void leastSquaresFittedInTwoBatchesEqualsOneFit() {
        assertIncrementalMatches(new LinearRegression());
        assertIncrementalMatches(new LinearRegression(false));
    }

    @Test
    void ridgeFittedInThreeBatchesEqualsOneFit() {
        Ridge ridge = new Ridge(0.5);
        LinearRegressor whole = ridge.fit(X, Y);
        LinearRegressor staged = ridge.fit(rows(0, 150), slice(0, 150))
                .partialFit(rows(150, 300), slice(150, 300));
        staged = ((LinearRegressor) RoundTrip.throughFile(staged)).partialFit(rows(300, 442), slice(300, 442));
        assertClose(whole.coefficients(), staged.coefficients());
        assertEquals(whole.intercept(), staged.intercept(), 1e-9 * Math.abs(whole.intercept()));
        assertEquals(442, staged.rowsSeen().orElseThrow());
    }

    @Test
    void aModelSavedWithoutItsStatisticsCannotContinue() {
        LinearRegressor lasso = new Lasso(0.1).fit(rows(0, 300), slice(0, 300));
        LinearRegressor weightsOnly = new LinearRegressor(lasso.spec(), lasso.coefficients(),
                new double[] {lasso.intercept()}, java.util.List.of());
        IncompatibleModelException refused = assertThrows(IncompatibleModelException.class,
                () -> weightsOnly.partialFit(rows(300, 442), slice(300, 442)));
        assertTrue(refused.getMessage().contains("refit it on all rows"), refused.getMessage());
    }

    @Test
    void aModelTrainedFurtherRecordsItsParentFile() {
        Path parent = directory.resolve("parent.brine");
        Models.save(new LinearRegression().fit(rows(0, 200), slice(0, 200)), parent);
        LinearRegressor continued = ((LinearRegressor) Models.load(parent)).partialFit(rows(200, 442), slice(200, 442));
        Path child = directory.resolve("child.brine");
        Models.save(continued, child, Lineage.continuedFrom(parent));
        try (BrineFile file = BrineFile.open(child, Limits.DEFAULTS)) {
            Provenance provenance = file.manifest().orElseThrow().provenance();
            assertEquals("parent.brine", provenance.parentFile().orElseThrow());
            assertEquals(64, provenance.parentSha256().orElseThrow().length());
        }
    }

    private static void assertIncrementalMatches(LinearRegression spec) {
        LinearRegressor whole = spec.fit(X, Y);
        LinearRegressor first = spec.fit(rows(0, 300), slice(0, 300));
        LinearRegressor staged = ((LinearRegressor) RoundTrip.throughFile(first)).partialFit(rows(300, 442),
                slice(300, 442));
        assertClose(whole.coefficients(), staged.coefficients());
        assertEquals(whole.intercept(), staged.intercept(), 1e-9 * Math.max(1, Math.abs(whole.intercept())));
    }

    private static void assertClose(double[] expected, double[] actual) {
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(expected[i] - actual[i]) <= 1e-9 * Math.abs(expected[i]),
                    "coefficient " + i + ": " + expected[i] + " vs " + actual[i] + " " + Arrays.toString(actual));
        }
    }

    private static Matrix rows(int from, int to) {
        int[] indices = new int[to - from];
        for (int i = 0; i < indices.length; i++) indices[i] = from + i;
        return X.selectRows(indices);
    }

    private static double[] slice(int from, int to) {
        return Arrays.copyOfRange(Y, from, to);
    }
}
