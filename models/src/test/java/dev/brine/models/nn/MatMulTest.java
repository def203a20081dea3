package dev.brine.models.nn;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The matrix-multiply kernels against their contract ({@link MatMul}): each element of C is one in-order chain of
 * fused multiply-adds, which a naive loop spells out, so both kernels must give its bits on every shape (odd sizes,
 * one row, one column, sizes that are not a multiple of the tile or the vector), and that chain must be within float
 * rounding of the product computed in double.
 */
class MatMulTest {

    private static final int[] ROWS = {1, 2, 3, 4, 5, 7, 8, 9, 13, 32, 33};
    private static final int[] COLUMNS = {1, 2, 3, 7, 8, 15, 16, 17, 31, 32, 33, 47, 64, 65, 100, 129};
    private static final int[] DEPTHS = {1, 2, 3, 5, 20, 64, 65};

    private record Case(int rows, int columns, int depth, boolean transposedA, float[] a, float[][] b, float[] c) {

        int aRowStride() {
            return transposedA ? 1 : depth;
        }

        int aDepthStride() {
            return transposedA ? rows : 1;
        }

        float a(int row, int p) {
            return a[row * aRowStride() + p * aDepthStride()];
        }

        float[] run(MatMul kernel) {
            float[] out = c.clone();
            kernel.multiplyAdd(rows, columns, depth, a, aRowStride(), aDepthStride(), b, out);
            return out;
        }
    }

    @Test
    void theTestJvmUsesTheVectorApiKernel() {
        // models/pom.xml starts the tests with the incubator module, so the parity tests below compare two kernels.
        assertTrue(MatMul.BEST.vectorised(), "tests should run with --add-modules jdk.incubator.vector");
    }

    @Test
    void bothKernelsGiveTheBitsOfTheInOrderFusedMultiplyAddChain() {
        SplittableRandom random = new SplittableRandom(4);
        for (int rows : ROWS) {
            for (int columns : COLUMNS) {
                for (int depth : DEPTHS) {
                    Case shape = randomCase(random, rows, columns, depth, random.nextBoolean());
                    float[] expected = fmaChain(shape);
                    String where = rows + "x" + depth + " · " + depth + "x" + columns
                            + (shape.transposedA() ? " (A read transposed)" : "");
                    assertArrayEquals(expected, shape.run(ScalarMatMul.INSTANCE), "plain Java, " + where);
                    assertArrayEquals(expected, shape.run(VectorMatMul.create()), "Vector API, " + where);
                }
            }
        }
    }

    @Test
    void resultIsWithinFloatRoundingOfTheDoublePrecisionProduct() {
        SplittableRandom random = new SplittableRandom(5);
        for (int trial = 0; trial < 300; trial++) {
            Case shape = randomCase(random, 1 + random.nextInt(40), 1 + random.nextInt(140), 1 + random.nextInt(300),
                    random.nextBoolean());
            float[] actual = shape.run(MatMul.BEST);
            for (int i = 0; i < shape.rows(); i++) {
                for (int j = 0; j < shape.columns(); j++) {
                    double exact = shape.c()[i * shape.columns() + j];
                    double magnitude = Math.abs(exact);
                    for (int p = 0; p < shape.depth(); p++) {
                        double term = (double) shape.a(i, p) * shape.b()[p][j];
                        exact += term;
                        magnitude += Math.abs(term);
                    }
                    // Each of the depth roundings errs by at most half an ulp of a partial sum ≤ the magnitude.
                    double bound = 1.01 * (shape.depth() + 1) * 0x1p-24 * magnitude;
                    double error = Math.abs(actual[i * shape.columns() + j] - exact);
                    assertTrue(error <= bound, "element (" + i + ", " + j + ") of " + shape.rows() + "x" + shape.depth()
                            + " · " + shape.depth() + "x" + shape.columns() + ": error " + error + " > " + bound);
                }
            }
        }
    }

    @Test
    void rowsAndTransposedRowsAreTheMatrixAndItsTranspose() {
        float[] values = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(new float[][] {{1, 2, 3}, {4, 5, 6}}, MatMul.rows(values, 2, 3));
        assertArrayEquals(new float[][] {{1, 4}, {2, 5}, {3, 6}}, MatMul.transposedRows(values, 2, 3));
    }

    /** The contract, written out: C[i][j] from its start value through p = 0 … depth − 1, one fma at a time. */
    private static float[] fmaChain(Case shape) {
        float[] out = shape.c().clone();
        for (int i = 0; i < shape.rows(); i++) {
            for (int j = 0; j < shape.columns(); j++) {
                float sum = out[i * shape.columns() + j];
                for (int p = 0; p < shape.depth(); p++) sum = Math.fma(shape.a(i, p), shape.b()[p][j], sum);
                out[i * shape.columns() + j] = sum;
            }
        }
        return out;
    }

    private static Case randomCase(SplittableRandom random, int rows, int columns, int depth, boolean transposedA) {
        float[] a = new float[rows * depth];
        for (int i = 0; i < a.length; i++) a[i] = (float) random.nextDouble(-2, 2);
        float[][] b = new float[depth][columns];
        for (float[] row : b) {
            for (int j = 0; j < columns; j++) row[j] = (float) random.nextDouble(-2, 2);
        }
        float[] c = new float[rows * columns];
        for (int i = 0; i < c.length; i++) c[i] = (float) random.nextDouble(-1, 1);
        return new Case(rows, columns, depth, transposedA, a, b, c);
    }
}
