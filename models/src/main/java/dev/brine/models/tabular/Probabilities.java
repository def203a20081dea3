package dev.brine.models.tabular;

import dev.brine.models.data.Matrix;

/** Row-wise helpers for class scores: argmax, softmax, the logistic function. */
public final class Probabilities {

    private Probabilities() {
    }

    /** Index of each row's largest value; the first one on ties (numpy's argmax). */
    public static long[] argmaxRows(Matrix scores) {
        long[] out = new long[scores.rows()];
        double[] values = scores.values();
        for (int r = 0; r < scores.rows(); r++) {
            int offset = r * scores.cols();
            int best = 0;
            for (int c = 1; c < scores.cols(); c++) {
                if (values[offset + c] > values[offset + best]) {
                    best = c;
                }
            }
            out[r] = best;
        }
        return out;
    }

    /**
     * Class probabilities from decision scores: a softmax of each row for several classes, or for one score
     * column (binary) the columns {@code 1 − σ(s)} and {@code σ(s)}. Several-class scores are overwritten.
     */
    public static Matrix fromScores(Matrix scores) {
        if (scores.cols() > 1) {
            softmaxRowsInPlace(scores);
            return scores;
        }
        Matrix out = Matrix.zeros(scores.rows(), 2);
        for (int r = 0; r < scores.rows(); r++) {
            double p = sigmoid(scores.get(r, 0));
            out.set(r, 0, 1 - p);
            out.set(r, 1, p);
        }
        return out;
    }

    /** Softmax of each row in place, shifted by the row's maximum so exp never overflows. */
    public static void softmaxRowsInPlace(Matrix scores) {
        double[] values = scores.values();
        for (int r = 0; r < scores.rows(); r++) {
            int offset = r * scores.cols();
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < scores.cols(); c++) max = Math.max(max, values[offset + c]);
            double sum = 0;
            for (int c = 0; c < scores.cols(); c++) {
                values[offset + c] = Math.exp(values[offset + c] - max);
                sum += values[offset + c];
            }
            for (int c = 0; c < scores.cols(); c++) values[offset + c] /= sum;
        }
    }

    /** 1 / (1 + e^-x), computed without overflow for large |x|. */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }
}
