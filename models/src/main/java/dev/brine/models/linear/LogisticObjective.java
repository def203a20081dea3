package dev.brine.models.linear;

import dev.brine.models.data.Matrix;

/**
 * scikit-learn's L2-penalised logistic loss, {@code Σᵢ loss(xᵢ, yᵢ) + ‖W‖²/(2C)} (intercepts unpenalised): the
 * binomial loss on one score per row for two classes, the multinomial (softmax) loss on one score per class
 * otherwise. Parameters are laid out class by class, each as {@code d} weights then (if fitted) the intercept.
 * Evaluating the gradient caches the probabilities that {@link #hessianTimes} needs.
 */
final class LogisticObjective {

    private final Matrix x;
    private final int[] labels;
    private final int scores;
    private final boolean fitIntercept;
    private final double inverseC;
    private final int stride;
    private final double[] probabilities;

    /** {@code scores} is 1 for the binomial loss (label 1 is the positive class), the class count otherwise. */
    LogisticObjective(Matrix x, int[] labels, int scores, boolean fitIntercept, double c) {
        this.x = x;
        this.labels = labels;
        this.scores = scores;
        this.fitIntercept = fitIntercept;
        this.inverseC = 1.0 / c;
        this.stride = x.cols() + (fitIntercept ? 1 : 0);
        this.probabilities = new double[x.rows() * scores];
    }

    int dimension() {
        return stride * scores;
    }

    /** The objective at {@code theta}; writes its gradient into {@code gradient}. */
    double valueAndGradient(double[] theta, double[] gradient) {
        int rows = x.rows();
        int cols = x.cols();
        double[] values = x.values();
        double[] z = new double[scores];
        double loss = 0;
        java.util.Arrays.fill(gradient, 0);
        for (int r = 0; r < rows; r++) {
            int offset = r * cols;
            for (int k = 0; k < scores; k++) z[k] = score(theta, k, values, offset);
            if (scores == 1) {
                double y = labels[r];
                loss += softplus(z[0]) - y * z[0];
                double p = dev.brine.models.tabular.Probabilities.sigmoid(z[0]);
                probabilities[r] = p;
                accumulate(gradient, 0, p - y, values, offset);
            } else {
                double max = Double.NEGATIVE_INFINITY;
                for (double v : z) max = Math.max(max, v);
                double sum = 0;
                for (int k = 0; k < scores; k++) sum += Math.exp(z[k] - max);
                loss += max + Math.log(sum) - z[labels[r]];
                for (int k = 0; k < scores; k++) {
                    double p = Math.exp(z[k] - max) / sum;
                    probabilities[r * scores + k] = p;
                    accumulate(gradient, k, p - (labels[r] == k ? 1 : 0), values, offset);
                }
            }
        }
        for (int k = 0; k < scores; k++) {
            for (int c = 0; c < cols; c++) {
                double w = theta[k * stride + c];
                loss += 0.5 * inverseC * w * w;
                gradient[k * stride + c] += inverseC * w;
            }
        }
        return loss;
    }

    /** The Hessian at the point of the last {@link #valueAndGradient} call, times {@code v}. */
    void hessianTimes(double[] v, double[] out) {
        int rows = x.rows();
        int cols = x.cols();
        double[] values = x.values();
        double[] u = new double[scores];
        java.util.Arrays.fill(out, 0);
        for (int r = 0; r < rows; r++) {
            int offset = r * cols;
            for (int k = 0; k < scores; k++) u[k] = score(v, k, values, offset);
            if (scores == 1) {
                double p = probabilities[r];
                accumulate(out, 0, p * (1 - p) * u[0], values, offset);
            } else {
                double mean = 0;
                for (int k = 0; k < scores; k++) mean += probabilities[r * scores + k] * u[k];
                for (int k = 0; k < scores; k++) {
                    accumulate(out, k, probabilities[r * scores + k] * (u[k] - mean), values, offset);
                }
            }
        }
        for (int k = 0; k < scores; k++) {
            for (int c = 0; c < cols; c++) out[k * stride + c] += inverseC * v[k * stride + c];
        }
    }

    private double score(double[] theta, int k, double[] values, int offset) {
        int base = k * stride;
        int cols = x.cols();
        double sum = fitIntercept ? theta[base + cols] : 0;
        for (int c = 0; c < cols; c++) sum += theta[base + c] * values[offset + c];
        return sum;
    }

    private void accumulate(double[] target, int k, double factor, double[] values, int offset) {
        if (factor == 0) return;
        int base = k * stride;
        int cols = x.cols();
        for (int c = 0; c < cols; c++) target[base + c] += factor * values[offset + c];
        if (fitIntercept) target[base + cols] += factor;
    }

    private static double softplus(double z) {
        return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    }
}
