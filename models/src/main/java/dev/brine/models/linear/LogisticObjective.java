package dev.brine.models.linear;

import dev.brine.models.data.Matrix;

/**
 * scikit-learn's L2-penalised logistic loss, {@code Σᵢ loss(xᵢ, yᵢ) + ‖W‖²/(2C)} (intercepts unpenalised): the
 * binomial loss on one score per row for two classes, the multinomial (softmax) loss on one score per class
 * otherwise. Parameters are laid out class by class, each as {@code d} weights then (if fitted) the intercept.
 * Evaluating the gradient caches the probabilities that {@link #hessianTimes} needs.
 *
 * <p>For training further on new rows, the penalty can instead be a Gaussian prior
 * {@code ½(θ−θ₀)ᵀP(θ−θ₀)}: the second-order (Laplace) summary of the earlier rows' loss and the L2 penalty, centred
 * on the earlier optimum θ₀ with precision P, that objective's Hessian there.
 */
final class LogisticObjective {

    private final Matrix x;
    private final int[] labels;
    private final int scores;
    private final boolean fitIntercept;
    private final double inverseC;
    private final GaussianPrior prior;
    private final int stride;
    private final double[] probabilities;

    /** The earlier rows' summary: optimum {@code center} and the dense {@code precision} (row-major n×n). */
    record GaussianPrior(double[] center, double[] precision) {
    }

    /** {@code scores} is 1 for the binomial loss (label 1 is the positive class), the class count otherwise. */
    LogisticObjective(Matrix x, int[] labels, int scores, boolean fitIntercept, double c) {
        this(x, labels, scores, fitIntercept, 1.0 / c, null);
    }

    /** The loss of new rows plus the Gaussian prior that stands for the earlier ones (and the L2 penalty). */
    LogisticObjective(Matrix x, int[] labels, int scores, boolean fitIntercept, GaussianPrior prior) {
        this(x, labels, scores, fitIntercept, 0, prior);
    }

    private LogisticObjective(Matrix x, int[] labels, int scores, boolean fitIntercept, double inverseC,
                              GaussianPrior prior) {
        this.x = x;
        this.labels = labels;
        this.scores = scores;
        this.fitIntercept = fitIntercept;
        this.inverseC = inverseC;
        this.prior = prior;
        this.stride = x.cols() + (fitIntercept ? 1 : 0);
        this.probabilities = new double[x.rows() * scores];
        if (prior != null && (prior.center().length != dimension()
                || prior.precision().length != (long) dimension() * dimension())) {
            throw new IllegalArgumentException("a prior over " + prior.center().length + " parameters for an "
                    + "objective over " + dimension());
        }
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
        if (prior != null) {
            double[] offset = new double[theta.length];
            for (int i = 0; i < theta.length; i++) offset[i] = theta[i] - prior.center()[i];
            double[] pull = new double[theta.length];
            priorTimes(offset, pull);
            for (int i = 0; i < theta.length; i++) {
                loss += 0.5 * offset[i] * pull[i];
                gradient[i] += pull[i];
            }
            return loss;
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

    /** {@code out += P·v}. */
    private void priorTimes(double[] v, double[] out) {
        int n = v.length;
        double[] precision = prior.precision();
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < n; j++) sum += precision[i * n + j] * v[j];
            out[i] += sum;
        }
    }

    /**
     * The whole Hessian at {@code theta} (row-major n×n): the precision of the Laplace summary that lets a fitted
     * model train further on new rows. Block (k, l) of the loss part is {@code X̃ᵀ·diag(w)·X̃} with
     * {@code w = p_k(δ_kl − p_l)} per row ({@code p(1 − p)} for the binomial loss) and {@code X̃} the rows with a 1
     * appended for the intercept: one weighted Gram per pair of classes, its upper triangle summed row by row and
     * mirrored, so the matrix is exactly symmetric.
     */
    double[] hessian(double[] theta) {
        int n = dimension();
        valueAndGradient(theta, new double[n]);
        int rows = x.rows();
        int cols = x.cols();
        double[] values = x.values();
        double[] out = new double[n * n];
        double[] extended = new double[stride];
        if (fitIntercept) extended[cols] = 1;
        for (int k = 0; k < scores; k++) {
            for (int l = k; l < scores; l++) {
                double[] gram = new double[stride * stride];
                for (int r = 0; r < rows; r++) {
                    double weight = scores == 1 ? probabilities[r] * (1 - probabilities[r])
                            : probabilities[r * scores + k] * ((k == l ? 1 : 0) - probabilities[r * scores + l]);
                    if (weight == 0) continue;
                    System.arraycopy(values, r * cols, extended, 0, cols);
                    for (int i = 0; i < stride; i++) {
                        double scaled = weight * extended[i];
                        for (int j = i; j < stride; j++) gram[i * stride + j] += scaled * extended[j];
                    }
                }
                for (int i = 0; i < stride; i++) {
                    for (int j = i; j < stride; j++) {
                        double value = gram[i * stride + j];
                        out[(k * stride + i) * n + l * stride + j] = value;
                        out[(l * stride + j) * n + k * stride + i] = value;
                        out[(k * stride + j) * n + l * stride + i] = value;
                        out[(l * stride + i) * n + k * stride + j] = value;
                    }
                }
            }
        }
        if (prior != null) {
            for (int i = 0; i < out.length; i++) out[i] += prior.precision()[i];
        } else {
            for (int k = 0; k < scores; k++) {
                for (int c = 0; c < cols; c++) out[(k * stride + c) * n + k * stride + c] += inverseC;
            }
        }
        return out;
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
        if (prior != null) {
            priorTimes(v, out);
            return;
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
