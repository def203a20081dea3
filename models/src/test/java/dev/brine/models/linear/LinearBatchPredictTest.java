package dev.brine.models.linear;

import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.data.Matrix;
import dev.brine.models.tabular.Probabilities;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The linear kernel (rows summed several at a time, a tensor read block by block) gives the bits of the plain
 * per-row sum {@code b + x₀w₀ + x₁w₁ + …}, whatever the row count, input form or batch.
 */
class LinearBatchPredictTest {

    private static final int FEATURES = 7;
    /** Not a multiple of the rows summed together nor of the block size, and more than one block. */
    private static final int ROWS = 301;

    private final SplittableRandom random = new SplittableRandom(5);
    private final Matrix x = new Matrix(ROWS, FEATURES, gaussians(ROWS * FEATURES));

    @Test
    void regressorMatchesThePlainSumForOneAndSeveralOutputs() {
        for (int outputs : new int[] {1, 3}) {
            double[] coef = gaussians(outputs * FEATURES);
            double[] intercept = gaussians(outputs);
            LinearRegressor model = new LinearRegressor(new LinearRegression(), coef, intercept, List.of());
            double[] expected = plainScores(coef, intercept);
            assertArrayEquals(expected, model.predict(x).toDoubleArray());
            assertArrayEquals(expected, model.predict(x.toTensor()).toDoubleArray());
            // F32 input is converted first; an F64 copy of the same values must give the same bits.
            Tensor f32 = x.toTensor().to(DType.F32);
            assertArrayEquals(model.predict(f32.to(DType.F64)).toDoubleArray(),
                    model.predict(f32).toDoubleArray());
            for (int r = 0; r < ROWS; r += 37) {
                double[] one = model.predict(Tensor.of(x.row(r), FEATURES)).toDoubleArray();
                assertArrayEquals(Arrays.copyOfRange(expected, r * outputs, (r + 1) * outputs), one);
            }
        }
    }

    @Test
    void logisticDecisionFunctionAndProbabilitiesMatchThePlainSum() {
        List<List<String>> labelSets = List.of(List.of("no", "yes"), List.of("a", "b", "c", "d"));
        for (List<String> labels : labelSets) {
            int rows = labels.size() == 2 ? 1 : labels.size();
            double[] coef = gaussians(rows * FEATURES);
            double[] intercept = gaussians(rows);
            LogisticClassifier model = new LogisticClassifier(new LogisticRegression(), coef, intercept, labels,
                    List.of(), 1);
            double[] expected = plainScores(coef, intercept);
            assertArrayEquals(expected, model.decisionFunction(x).values());
            Matrix probabilities = Probabilities.fromScores(new Matrix(ROWS, rows, expected.clone()));
            assertArrayEquals(probabilities.values(), model.predictProba(x.toTensor()).toDoubleArray());
            assertArrayEquals(probabilities.values(), model.predictProba(x).values());
            assertArrayEquals(Probabilities.argmaxRows(probabilities), model.predict(x.toTensor()).toLongArray());
            assertArrayEquals(Probabilities.argmaxRows(probabilities), model.predict(x).toLongArray());
        }
    }

    /** The reference: one row and one output at a time, in feature order. */
    private double[] plainScores(double[] coef, double[] intercept) {
        int outputs = intercept.length;
        double[] out = new double[ROWS * outputs];
        for (int r = 0; r < ROWS; r++) {
            for (int k = 0; k < outputs; k++) {
                double sum = intercept[k];
                for (int c = 0; c < FEATURES; c++) sum += x.get(r, c) * coef[k * FEATURES + c];
                out[r * outputs + k] = sum;
            }
        }
        return out;
    }

    private double[] gaussians(int count) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) values[i] = random.nextGaussian() * Math.exp(random.nextGaussian() * 3);
        return values;
    }
}
