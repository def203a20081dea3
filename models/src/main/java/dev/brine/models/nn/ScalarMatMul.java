package dev.brine.models.nn;

/**
 * {@link MatMul} in plain Java. C2 vectorises the innermost loop over columns only when every array in it is indexed
 * by the same {@code j} (otherwise it cannot rule out that two float arrays overlap), hence {@code B} as row arrays
 * and {@code C}'s rows copied into scratch rows. Four rows of {@code C} share each load of {@code B}, and two steps of
 * the depth share each load and store of {@code C}; both keep every element's chain of fused multiply-adds in order.
 */
final class ScalarMatMul implements MatMul {

    static final ScalarMatMul INSTANCE = new ScalarMatMul();

    /** Fewer columns than this are multiplied element by element (see {@link #narrowColumns}). */
    private static final int NARROW = 8;

    private ScalarMatMul() {
    }

    @Override
    public boolean vectorised() {
        return false;
    }

    @Override
    public void multiplyAdd(int rows, int columns, int depth, float[] a, int aRowStride, int aDepthStride,
                            float[][] b, float[] c) {
        multiplyAddColumns(rows, 0, columns, depth, a, aRowStride, aDepthStride, b, c);
    }

    /** The columns {@code fromColumn … columns − 1} of {@code C} only (the Vector API kernel's tail). */
    static void multiplyAddColumns(int rows, int fromColumn, int columns, int depth, float[] a, int aRowStride,
                                   int aDepthStride, float[][] b, float[] c) {
        if (fromColumn >= columns) return;
        if (columns - fromColumn < NARROW) {
            narrowColumns(rows, fromColumn, columns, depth, a, aRowStride, aDepthStride, b, c);
            return;
        }
        boolean blocks = rows >= 4;
        float[] c0 = new float[columns];
        float[] c1 = blocks ? new float[columns] : null;
        float[] c2 = blocks ? new float[columns] : null;
        float[] c3 = blocks ? new float[columns] : null;
        int width = columns - fromColumn;
        int row = 0;
        for (; row + 4 <= rows; row += 4) {
            int offset = row * columns + fromColumn;
            System.arraycopy(c, offset, c0, fromColumn, width);
            System.arraycopy(c, offset + columns, c1, fromColumn, width);
            System.arraycopy(c, offset + 2 * columns, c2, fromColumn, width);
            System.arraycopy(c, offset + 3 * columns, c3, fromColumn, width);
            int a0 = row * aRowStride;
            int a1 = a0 + aRowStride;
            int a2 = a1 + aRowStride;
            int a3 = a2 + aRowStride;
            int p = 0;
            for (; p + 2 <= depth; p += 2) {
                int first = p * aDepthStride;
                int second = first + aDepthStride;
                fourRowsTwoSteps(a[a0 + first], a[a0 + second], a[a1 + first], a[a1 + second], a[a2 + first],
                        a[a2 + second], a[a3 + first], a[a3 + second], b[p], b[p + 1], c0, c1, c2, c3, fromColumn,
                        columns);
            }
            if (p < depth) {
                int last = p * aDepthStride;
                float[] bRow = b[p];
                float x0 = a[a0 + last];
                float x1 = a[a1 + last];
                float x2 = a[a2 + last];
                float x3 = a[a3 + last];
                for (int j = fromColumn; j < columns; j++) {
                    float value = bRow[j];
                    c0[j] = Math.fma(x0, value, c0[j]);
                    c1[j] = Math.fma(x1, value, c1[j]);
                    c2[j] = Math.fma(x2, value, c2[j]);
                    c3[j] = Math.fma(x3, value, c3[j]);
                }
            }
            System.arraycopy(c0, fromColumn, c, offset, width);
            System.arraycopy(c1, fromColumn, c, offset + columns, width);
            System.arraycopy(c2, fromColumn, c, offset + 2 * columns, width);
            System.arraycopy(c3, fromColumn, c, offset + 3 * columns, width);
        }
        for (; row < rows; row++) {
            int offset = row * columns + fromColumn;
            System.arraycopy(c, offset, c0, fromColumn, width);
            int aRow = row * aRowStride;
            for (int p = 0; p < depth; p++) {
                float x = a[aRow + p * aDepthStride];
                float[] bRow = b[p];
                for (int j = fromColumn; j < columns; j++) c0[j] = Math.fma(x, bRow[j], c0[j]);
            }
            System.arraycopy(c0, fromColumn, c, offset, width);
        }
    }

    /**
     * A few columns (a network's last layer, the Vector API kernel's tail): rows of a couple of elements would spend
     * their time entering and leaving loops, so each element's chain runs in a register, four rows interleaved.
     */
    private static void narrowColumns(int rows, int fromColumn, int columns, int depth, float[] a, int aRowStride,
                                      int aDepthStride, float[][] b, float[] c) {
        int row = 0;
        for (; row + 4 <= rows; row += 4) {
            int a0 = row * aRowStride;
            int a1 = a0 + aRowStride;
            int a2 = a1 + aRowStride;
            int a3 = a2 + aRowStride;
            for (int j = fromColumn; j < columns; j++) {
                int offset = row * columns + j;
                float sum0 = c[offset];
                float sum1 = c[offset + columns];
                float sum2 = c[offset + 2 * columns];
                float sum3 = c[offset + 3 * columns];
                for (int p = 0, step = 0; p < depth; p++, step += aDepthStride) {
                    float value = b[p][j];
                    sum0 = Math.fma(a[a0 + step], value, sum0);
                    sum1 = Math.fma(a[a1 + step], value, sum1);
                    sum2 = Math.fma(a[a2 + step], value, sum2);
                    sum3 = Math.fma(a[a3 + step], value, sum3);
                }
                c[offset] = sum0;
                c[offset + columns] = sum1;
                c[offset + 2 * columns] = sum2;
                c[offset + 3 * columns] = sum3;
            }
        }
        for (; row < rows; row++) {
            int aRow = row * aRowStride;
            for (int j = fromColumn; j < columns; j++) {
                float sum = c[row * columns + j];
                for (int p = 0; p < depth; p++) sum = Math.fma(a[aRow + p * aDepthStride], b[p][j], sum);
                c[row * columns + j] = sum;
            }
        }
    }

    private static void fourRowsTwoSteps(float x00, float x01, float x10, float x11, float x20, float x21, float x30,
                                         float x31, float[] first, float[] second, float[] c0, float[] c1,
                                         float[] c2, float[] c3, int fromColumn, int columns) {
        for (int j = fromColumn; j < columns; j++) {
            float value0 = first[j];
            float value1 = second[j];
            c0[j] = Math.fma(x01, value1, Math.fma(x00, value0, c0[j]));
            c1[j] = Math.fma(x11, value1, Math.fma(x10, value0, c1[j]));
            c2[j] = Math.fma(x21, value1, Math.fma(x20, value0, c2[j]));
            c3[j] = Math.fma(x31, value1, Math.fma(x30, value0, c3[j]));
        }
    }
}
