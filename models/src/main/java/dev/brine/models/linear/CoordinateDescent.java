package dev.brine.models.linear;

import dev.brine.models.data.Matrix;

/**
 * Cyclic coordinate descent for the elastic net, following scikit-learn's {@code enet_coordinate_descent}
 * (sklearn/linear_model/_cd_fast.pyx): it minimises
 * {@code 1/(2n)·‖y − Xw‖² + α·ρ·‖w‖₁ + α·(1−ρ)/2·‖w‖²}, updating one weight at a time by soft-thresholding against
 * the running residual, and stops when the duality gap falls below {@code tol·‖y‖²}.
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
            if ((stalled || iteration == maxIter - 1) && dualityGap(x, y, w, residual, l1, l2) < gapTolerance) {
                break;
            }
        }
        return w;
    }

    /** The duality gap of the current weights (scikit-learn's stopping rule; zero at the optimum). */
    private static double dualityGap(Matrix x, double[] y, double[] w, double[] residual, double l1, double l2) {
        int rows = x.rows();
        int cols = x.cols();
        double[] values = x.values();
        double dualNorm = 0;
        for (int c = 0; c < cols; c++) {
            double xtr = 0;
            for (int r = 0; r < rows; r++) xtr += values[r * cols + c] * residual[r];
            dualNorm = Math.max(dualNorm, Math.abs(xtr - l2 * w[c]));
        }
        double residualNorm2 = dot(residual, residual);
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
        return gap + l1 * l1Norm - scale * dot(residual, y) + 0.5 * l2 * (1 + scale * scale) * weightNorm2;
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
