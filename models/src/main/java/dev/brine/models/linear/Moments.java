package dev.brine.models.linear;

import dev.brine.models.data.Matrix;

/**
 * The sufficient statistics of penalised least squares: row count, means, and the (centred, when an intercept is
 * fitted) scatter {@code Sxx = Σ(x−x̄)(x−x̄)ᵀ}, {@code Sxy = Σ(x−x̄)(y−ȳ)} and {@code Syy = Σ(y−ȳ)²}. Two batches
 * merge exactly (Chan, Golub and LeVeque's pairwise update), so fitting batch after batch solves the same problem as
 * fitting all rows at once. {@code syy} is NaN in statistics saved before it was kept (least squares and ridge do not
 * need it; coordinate descent does, for its stopping rule).
 */
record Moments(long count, double[] xMean, double yMean, double[] sxx, double[] sxy, double syy) {

    static Moments of(Matrix x, double[] y, boolean centred) {
        int d = x.cols();
        double[] xMean = new double[d];
        double yMean = 0;
        if (centred) {
            Centering centering = Centering.of(x, y);
            xMean = centering.featureMeans();
            yMean = centering.targetMean();
            x = centering.x();
            y = centering.y();
        }
        double syy = 0;
        for (double v : y) syy += v * v;
        return new Moments(x.rows(), xMean, yMean, Dense.gram(x).data, Dense.transposeTimes(x, y), syy);
    }

    /** The statistics of both batches' rows together. */
    Moments merge(Moments other) {
        long total = count + other.count;
        int d = xMean.length;
        double[] dx = new double[d];
        for (int i = 0; i < d; i++) dx[i] = other.xMean[i] - xMean[i];
        double dy = other.yMean - yMean;
        double weight = (double) count * other.count / total;
        double[] mean = new double[d];
        for (int i = 0; i < d; i++) mean[i] = xMean[i] + dx[i] * other.count / total;
        double[] scatter = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) scatter[i * d + j] = sxx[i * d + j] + other.sxx[i * d + j] + dx[i] * dx[j] * weight;
        }
        double[] cross = new double[d];
        for (int i = 0; i < d; i++) cross[i] = sxy[i] + other.sxy[i] + dx[i] * dy * weight;
        return new Moments(total, mean, yMean + dy * other.count / total, scatter, cross,
                syy + other.syy + dy * dy * weight);
    }
}
