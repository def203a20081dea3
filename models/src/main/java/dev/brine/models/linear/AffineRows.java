package dev.brine.models.linear;

import dev.brine.models.data.DoubleRows;

/**
 * {@code X·Wᵀ + b} for every row, the prediction of every linear model. Each output is summed in one fixed order,
 * {@code b + x₀w₀ + x₁w₁ + …}, so results do not depend on the batch; four rows are summed at once because one
 * row's sum is a chain of dependent additions that leaves the processor idle, and four chains overlap.
 */
final class AffineRows {

    /** Rows per block: a block of a tensor's rows is copied into an array that stays in the L1 cache. */
    private static final int BLOCK_ROWS = 128;

    private AffineRows() {
    }

    /** Row-major {@code (rows, outputs)}; {@code weights} is row-major {@code (outputs, features)}. */
    static double[] apply(DoubleRows input, double[] weights, double[] bias) {
        int rows = input.rows();
        double[] out = new double[Math.multiplyExact(rows, bias.length)];
        double[] scratch = input.scratch(BLOCK_ROWS);
        for (int from = 0; from < rows; from += BLOCK_ROWS) {
            input.withRows(from, Math.min(rows, from + BLOCK_ROWS), scratch,
                    (values, offset, first, end) -> block(values, offset, first, end, weights, bias, out));
        }
        return out;
    }

    private static void block(double[] x, int offset, int from, int to, double[] weights, double[] bias,
                              double[] out) {
        int features = weights.length / bias.length;
        int outputs = bias.length;
        int r = from;
        for (; r + 4 <= to; r += 4) {
            int at0 = offset + (r - from) * features;
            int at1 = at0 + features;
            int at2 = at1 + features;
            int at3 = at2 + features;
            for (int k = 0; k < outputs; k++) {
                double sum0 = bias[k];
                double sum1 = sum0;
                double sum2 = sum0;
                double sum3 = sum0;
                int w = k * features;
                for (int c = 0; c < features; c++) {
                    double weight = weights[w + c];
                    sum0 += x[at0 + c] * weight;
                    sum1 += x[at1 + c] * weight;
                    sum2 += x[at2 + c] * weight;
                    sum3 += x[at3 + c] * weight;
                }
                out[r * outputs + k] = sum0;
                out[(r + 1) * outputs + k] = sum1;
                out[(r + 2) * outputs + k] = sum2;
                out[(r + 3) * outputs + k] = sum3;
            }
        }
        for (; r < to; r++) {
            int at = offset + (r - from) * features;
            for (int k = 0; k < outputs; k++) {
                double sum = bias[k];
                int w = k * features;
                for (int c = 0; c < features; c++) sum += x[at + c] * weights[w + c];
                out[r * outputs + k] = sum;
            }
        }
    }
}
