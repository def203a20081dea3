package dev.brine.models.linear;

import dev.brine.models.data.Matrix;

/**
 * Cyclic coordinate descent for the elastic net, following scikit-learn's {@code enet_coordinate_descent}
 * (sklearn/linear_model/_cd_fast.pyx): it minimises
 * {@code 1/(2n)·‖y − Xw‖² + α·ρ·‖w‖₁ + α·(1−ρ)/2·‖w‖²}, updating one weight at a time by soft-thresholding against
 * the running residual, and stops when the duality gap falls below {@code tol·‖y‖²}.
 *
 * <p>{@link #solveGram} solves the same problem from the sufficient statistics alone ({@code XᵀX}, {@code Xᵀy},
 * {@code yᵀy}: scikit-learn's {@code enet_coordinate_descent_gram}), which is what lets a lasso or elastic net be
 * fitted batch after batch: the objective, its coordinate updates and its duality gap all depend on the rows only
 * through those statistics.
 */
final class CoordinateDescent {

    private CoordinateDescent() {
    }

    static double[] solve(Matrix x, double[] y, double alpha, double l1Ratio, int maxIter, double tol) {
        int rows = x.rows();
        int cols = x.cols();
        double[] values = x.values();
        double l1 = alpha * l1Ratio * rows;
        double l2 = alpha * (1.0 - l1Ratio) * rows;
        double[] columnNorms = new double[cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double v = values[r * cols + c];
                columnNorms[c] += v * v;
            }
        }
        double[] w = new double[cols];
        double[] residual = y.clone();
        double gapTolerance = tol * dot(y, y);
        for (int iteration = 0; iteration < maxIter; iteration++) {
            double largestWeight = 0;
            double largestChange = 0;
            for (int j = 0; j < cols; j++) {
                if (columnNorms[j] == 0) {
                    continue;
                }
                double previous = w[j];
                if (previous != 0) {
                    addColumn(values, rows, cols, j, previous, residual);
                }
                double correlation = 0;
                for (int r = 0; r < rows; r++) correlation += values[r * cols + j] * residual[r];
                w[j] = Math.signum(correlation) * Math.max(Math.abs(correlation) - l1, 0) / (columnNorms[j] + l2);
                if (w[j] != 0) {
                    addColumn(values, rows, cols, j, -w[j], residual);
                }
                largestChange = Math.max(largestChange, Math.abs(w[j] - previous));
                largestWeight = Math.max(largestWeight, Math.abs(w[j]));
            }
            boolean stalled = largestWeight == 0 || largestChange / largestWeight < tol;
            if ((stalled || iteration == maxIter - 1)
                    && dualityGap(xTimes(values, rows, cols, residual), dot(residual, residual), dot(residual, y), w,
                    l1, l2) < gapTolerance) {
                break;
            }
        }
        return w;
    }

    /**
     * The same minimisation from the statistics of the (centred) rows, starting from {@code start}: with
     * {@code q = XᵀX·w} kept up to date, the correlation of column j with the residual is
     * {@code (Xᵀy)ⱼ − qⱼ + (XᵀX)ⱼⱼ·wⱼ}, and the residual's norms follow from {@code yᵀy}, {@code wᵀXᵀy} and
     * {@code wᵀq}.
     */
    static double[] solveGram(Moments moments, double[] start, double alpha, double l1Ratio, int maxIter, double tol) {
        if (Double.isNaN(moments.syy())) {
            throw new IllegalStateException("coordinate descent needs Σ(y−ȳ)², which these statistics lack");
        }
        int cols = moments.sxy().length;
        double[] gram = moments.sxx();
        double[] xty = moments.sxy();
        double l1 = alpha * l1Ratio * moments.count();
        double l2 = alpha * (1.0 - l1Ratio) * moments.count();
        double[] w = start.clone();
        double[] q = new double[cols];
        for (int j = 0; j < cols; j++) {
            if (w[j] != 0) addColumn(gram, cols, j, w[j], q);
        }
        double gapTolerance = tol * moments.syy();
        for (int iteration = 0; iteration < maxIter; iteration++) {
            double largestWeight = 0;
            double largestChange = 0;
            for (int j = 0; j < cols; j++) {
                double norm = gram[j * cols + j];
                if (norm == 0) {
                    continue;
                }
                double previous = w[j];
                double correlation = xty[j] - q[j] + norm * previous;
                w[j] = Math.signum(correlation) * Math.max(Math.abs(correlation) - l1, 0) / (norm + l2);
                if (w[j] != previous) {
                    addColumn(gram, cols, j, w[j] - previous, q);
                }
                largestChange = Math.max(largestChange, Math.abs(w[j] - previous));
                largestWeight = Math.max(largestWeight, Math.abs(w[j]));
            }
            boolean stalled = largestWeight == 0 || largestChange / largestWeight < tol;
            if (stalled || iteration == maxIter - 1) {
                double wXty = dot(w, xty);
                double[] xtr = new double[cols];
                for (int j = 0; j < cols; j++) xtr[j] = xty[j] - q[j];
                double residualNorm2 = Math.max(0, moments.syy() - 2 * wXty + dot(w, q));
                if (dualityGap(xtr, residualNorm2, moments.syy() - wXty, w, l1, l2) < gapTolerance) {
                    break;
                }
            }
        }
        return w;
    }

    /**
     * The duality gap of weights {@code w} whose residual {@code R = y − Xw} has {@code XᵀR}, {@code ‖R‖²} and
     * {@code R·y} as given (scikit-learn's stopping rule; zero at the optimum).
     */
    private static double dualityGap(double[] xtr, double residualNorm2, double residualDotY, double[] w, double l1,
                                     double l2) {
        double dualNorm = 0;
        for (int c = 0; c < w.length; c++) dualNorm = Math.max(dualNorm, Math.abs(xtr[c] - l2 * w[c]));
        double weightNorm2 = dot(w, w);
        double scale;
        double gap;
        if (dualNorm > l1) {
            scale = l1 / dualNorm;
            gap = 0.5 * (residualNorm2 + residualNorm2 * scale * scale);
        } else {
            scale = 1.0;
            gap = residualNorm2;
        }
        double l1Norm = 0;
        for (double v : w) l1Norm += Math.abs(v);
        return gap + l1 * l1Norm - scale * residualDotY + 0.5 * l2 * (1 + scale * scale) * weightNorm2;
    }

    /** {@code Xᵀ·v}. */
    private static double[] xTimes(double[] values, int rows, int cols, double[] v) {
        double[] out = new double[cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) out[c] += values[r * cols + c] * v[r];
        }
        return out;
    }

    /** {@code target += factor · column j} of a row-major {@code (rows, cols)} array, the Gram's column too. */
    private static void addColumn(double[] values, int cols, int column, double factor, double[] target) {
        addColumn(values, target.length, cols, column, factor, target);
    }

    private static void addColumn(double[] values, int rows, int cols, int column, double factor, double[] target) {
        for (int r = 0; r < rows; r++) target[r] += factor * values[r * cols + column];
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) sum += a[i] * b[i];
        return sum;
    }
}
