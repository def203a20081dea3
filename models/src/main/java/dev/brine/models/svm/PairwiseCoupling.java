package dev.brine.models.svm;

/**
 * Class probabilities from one-vs-one decision values, as libsvm's {@code svm_predict_probability}: each pair's
 * decision value goes through its Platt sigmoid ({@code probA}, {@code probB}), clipped to [1e-7, 1 − 1e-7], and the
 * pairwise probabilities are coupled by Wu, Lin and Weng's second method ({@code multiclass_probability}),
 * iterating exactly as libsvm does.
 */
final class PairwiseCoupling {

    private static final double MIN_PROBABILITY = 1e-7;

    private PairwiseCoupling() {
    }

    /** libsvm's {@code sigmoid_predict}, written to avoid cancellation in 1 − p. */
    static double sigmoid(double decision, double a, double b) {
        double fApB = decision * a + b;
        if (fApB >= 0) {
            return Math.exp(-fApB) / (1.0 + Math.exp(-fApB));
        }
        return 1.0 / (1 + Math.exp(fApB));
    }

    /** {@code decisions} in libsvm's pair order (0,1), (0,2)…(1,2)…; returns one probability per class. */
    static double[] probabilities(int classes, double[] decisions, double[] probA, double[] probB) {
        double[][] pairwise = new double[classes][classes];
        int pair = 0;
        for (int i = 0; i < classes; i++) {
            for (int j = i + 1; j < classes; j++) {
                double p = sigmoid(decisions[pair], probA[pair], probB[pair]);
                pairwise[i][j] = Math.min(Math.max(p, MIN_PROBABILITY), 1 - MIN_PROBABILITY);
                pairwise[j][i] = 1 - pairwise[i][j];
                pair++;
            }
        }
        return couple(classes, pairwise);
    }

    /** Method 2 of Wu, Lin and Weng (2004), libsvm's {@code multiclass_probability}. */
    private static double[] couple(int k, double[][] r) {
        double[] p = new double[k];
        double[][] q = new double[k][k];
        double[] qp = new double[k];
        int maxIter = Math.max(100, k);
        double eps = 0.005 / k;
        for (int t = 0; t < k; t++) {
            p[t] = 1.0 / k;
            q[t][t] = 0;
            for (int j = 0; j < t; j++) {
                q[t][t] += r[j][t] * r[j][t];
                q[t][j] = q[j][t];
            }
            for (int j = t + 1; j < k; j++) {
                q[t][t] += r[j][t] * r[j][t];
                q[t][j] = -r[j][t] * r[t][j];
            }
        }
        for (int iter = 0; iter < maxIter; iter++) {
            double pqp = 0;
            for (int t = 0; t < k; t++) {
                qp[t] = 0;
                for (int j = 0; j < k; j++) qp[t] += q[t][j] * p[j];
                pqp += p[t] * qp[t];
            }
            double maxError = 0;
            for (int t = 0; t < k; t++) {
                double error = Math.abs(qp[t] - pqp);
                if (error > maxError) maxError = error;
            }
            if (maxError < eps) break;
            for (int t = 0; t < k; t++) {
                double diff = (-qp[t] + pqp) / q[t][t];
                p[t] += diff;
                pqp = (pqp + diff * (diff * q[t][t] + 2 * qp[t])) / (1 + diff) / (1 + diff);
                for (int j = 0; j < k; j++) {
                    qp[j] = (qp[j] + diff * q[t][j]) / (1 + diff);
                    p[j] /= (1 + diff);
                }
            }
        }
        return p;
    }
}
