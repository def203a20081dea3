package dev.brine.models.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MatMul} with the Vector API (incubating; only loaded when the JVM has {@code jdk.incubator.vector}). A tile
 * of four rows by two vectors of {@code C} stays in registers for the whole depth, each lane one element of
 * {@code C} with its own chain of fused multiply-adds, so the bits are {@link ScalarMatMul}'s whatever the lane
 * count. Columns past the last whole vector go to {@link ScalarMatMul}.
 */
final class VectorMatMul implements MatMul {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private VectorMatMul() {
    }

    static MatMul create() {
        return new VectorMatMul();
    }

    @Override
    public boolean vectorised() {
        return true;
    }

    @Override
    public void multiplyAdd(int rows, int columns, int depth, float[] a, int aRowStride, int aDepthStride,
                            float[][] b, float[] c) {
        int vectorColumns = columns - columns % LANES;
        int row = 0;
        for (; row + 4 <= rows; row += 4) {
            int j = 0;
            for (; j + 2 * LANES <= vectorColumns; j += 2 * LANES) {
                fourRowsTwoVectors(row, j, columns, depth, a, aRowStride, aDepthStride, b, c);
            }
            for (; j < vectorColumns; j += LANES) {
                for (int r = row; r < row + 4; r++) {
                    oneRowOneVector(r, j, columns, depth, a, aRowStride, aDepthStride, b, c);
                }
            }
        }
        for (; row < rows; row++) {
            int j = 0;
            for (; j + 4 * LANES <= vectorColumns; j += 4 * LANES) {
                oneRowFourVectors(row, j, columns, depth, a, aRowStride, aDepthStride, b, c);
            }
            for (; j < vectorColumns; j += LANES) {
                oneRowOneVector(row, j, columns, depth, a, aRowStride, aDepthStride, b, c);
            }
        }
        ScalarMatMul.multiplyAddColumns(rows, vectorColumns, columns, depth, a, aRowStride, aDepthStride, b, c);
    }

    private static void fourRowsTwoVectors(int row, int column, int columns, int depth, float[] a, int aRowStride,
                                           int aDepthStride, float[][] b, float[] c) {
        int c0 = row * columns + column;
        int c1 = c0 + columns;
        int c2 = c1 + columns;
        int c3 = c2 + columns;
        FloatVector sum00 = FloatVector.fromArray(SPECIES, c, c0);
        FloatVector sum01 = FloatVector.fromArray(SPECIES, c, c0 + LANES);
        FloatVector sum10 = FloatVector.fromArray(SPECIES, c, c1);
        FloatVector sum11 = FloatVector.fromArray(SPECIES, c, c1 + LANES);
        FloatVector sum20 = FloatVector.fromArray(SPECIES, c, c2);
        FloatVector sum21 = FloatVector.fromArray(SPECIES, c, c2 + LANES);
        FloatVector sum30 = FloatVector.fromArray(SPECIES, c, c3);
        FloatVector sum31 = FloatVector.fromArray(SPECIES, c, c3 + LANES);
        int a0 = row * aRowStride;
        int a1 = a0 + aRowStride;
        int a2 = a1 + aRowStride;
        int a3 = a2 + aRowStride;
        for (int p = 0, step = 0; p < depth; p++, step += aDepthStride) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b[p], column);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b[p], column + LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + step]);
            sum00 = x.fma(b0, sum00);
            sum01 = x.fma(b1, sum01);
            x = FloatVector.broadcast(SPECIES, a[a1 + step]);
            sum10 = x.fma(b0, sum10);
            sum11 = x.fma(b1, sum11);
            x = FloatVector.broadcast(SPECIES, a[a2 + step]);
            sum20 = x.fma(b0, sum20);
            sum21 = x.fma(b1, sum21);
            x = FloatVector.broadcast(SPECIES, a[a3 + step]);
            sum30 = x.fma(b0, sum30);
            sum31 = x.fma(b1, sum31);
        }
        sum00.intoArray(c, c0);
        sum01.intoArray(c, c0 + LANES);
        sum10.intoArray(c, c1);
        sum11.intoArray(c, c1 + LANES);
        sum20.intoArray(c, c2);
        sum21.intoArray(c, c2 + LANES);
        sum30.intoArray(c, c3);
        sum31.intoArray(c, c3 + LANES);
    }

    /** One row (a single-row predict): four independent chains keep the fused multiply-add units busy. */
    private static void oneRowFourVectors(int row, int column, int columns, int depth, float[] a, int aRowStride,
                                          int aDepthStride, float[][] b, float[] c) {
        int offset = row * columns + column;
        FloatVector sum0 = FloatVector.fromArray(SPECIES, c, offset);
        FloatVector sum1 = FloatVector.fromArray(SPECIES, c, offset + LANES);
        FloatVector sum2 = FloatVector.fromArray(SPECIES, c, offset + 2 * LANES);
        FloatVector sum3 = FloatVector.fromArray(SPECIES, c, offset + 3 * LANES);
        int aRow = row * aRowStride;
        for (int p = 0; p < depth; p++) {
            FloatVector x = FloatVector.broadcast(SPECIES, a[aRow + p * aDepthStride]);
            float[] bRow = b[p];
            sum0 = x.fma(FloatVector.fromArray(SPECIES, bRow, column), sum0);
            sum1 = x.fma(FloatVector.fromArray(SPECIES, bRow, column + LANES), sum1);
            sum2 = x.fma(FloatVector.fromArray(SPECIES, bRow, column + 2 * LANES), sum2);
            sum3 = x.fma(FloatVector.fromArray(SPECIES, bRow, column + 3 * LANES), sum3);
        }
        sum0.intoArray(c, offset);
        sum1.intoArray(c, offset + LANES);
        sum2.intoArray(c, offset + 2 * LANES);
        sum3.intoArray(c, offset + 3 * LANES);
    }

    private static void oneRowOneVector(int row, int column, int columns, int depth, float[] a, int aRowStride,
                                        int aDepthStride, float[][] b, float[] c) {
        int offset = row * columns + column;
        FloatVector sum = FloatVector.fromArray(SPECIES, c, offset);
        int aRow = row * aRowStride;
        for (int p = 0; p < depth; p++) {
            FloatVector x = FloatVector.broadcast(SPECIES, a[aRow + p * aDepthStride]);
            sum = x.fma(FloatVector.fromArray(SPECIES, b[p], column), sum);
        }
        sum.intoArray(c, offset);
    }
}
