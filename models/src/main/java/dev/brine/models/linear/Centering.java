package dev.brine.models.linear;

import dev.brine.models.data.Matrix;

/**
 * Features and target with their means removed, as scikit-learn's {@code _preprocess_data} does before solving: the
 * intercept then follows from the means ({@code b = ȳ − x̄·w}) and is never penalised.
 */
record Centering(Matrix x, double[] y, double[] featureMeans, double targetMean) {

    static Centering of(Matrix x, double[] y) {
        int rows = x.rows();
        int cols = x.cols();
        double[] means = new double[cols];
        double[] values = x.values();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) means[c] += values[r * cols + c];
        }
        for (int c = 0; c < cols; c++) means[c] /= rows;
        double[] centered = new double[values.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) centered[r * cols + c] = values[r * cols + c] - means[c];
        }
        double targetMean = 0;
        for (double v : y) targetMean += v;
        targetMean /= rows;
        double[] centeredY = new double[rows];
        for (int r = 0; r < rows; r++) centeredY[r] = y[r] - targetMean;
        return new Centering(new Matrix(rows, cols, centered), centeredY, means, targetMean);
    }

    static Centering none(Matrix x, double[] y) {
        return new Centering(x, y, null, 0);
    }

    double intercept(double[] coef) {
        if (featureMeans == null) {
            return 0;
        }
        double intercept = targetMean;
        for (int c = 0; c < coef.length; c++) intercept -= featureMeans[c] * coef[c];
        return intercept;
    }
}
