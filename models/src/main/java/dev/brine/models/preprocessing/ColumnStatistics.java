package dev.brine.models.preprocessing;

import dev.brine.models.data.Matrix;

/**
 * Per-column count, mean, population variance, minimum and maximum over the non-missing (non-NaN) values, by
 * Welford's update so large offsets do not cancel.
 */
record ColumnStatistics(long[] count, double[] mean, double[] variance, double[] min, double[] max) {

    static ColumnStatistics of(Matrix x) {
        int cols = x.cols();
        long[] count = new long[cols];
        double[] mean = new double[cols];
        double[] m2 = new double[cols];
        double[] min = new double[cols];
        double[] max = new double[cols];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        double[] values = x.values();
        for (int r = 0; r < x.rows(); r++) {
            for (int c = 0; c < cols; c++) {
                double v = values[r * cols + c];
                if (Double.isNaN(v)) continue;
                count[c]++;
                double delta = v - mean[c];
                mean[c] += delta / count[c];
                m2[c] += delta * (v - mean[c]);
                min[c] = Math.min(min[c], v);
                max[c] = Math.max(max[c], v);
            }
        }
        double[] variance = new double[cols];
        for (int c = 0; c < cols; c++) {
            variance[c] = count[c] == 0 ? Double.NaN : m2[c] / count[c];
            if (count[c] == 0) mean[c] = Double.NaN;
        }
        return new ColumnStatistics(count, mean, variance, min, max);
    }
}
