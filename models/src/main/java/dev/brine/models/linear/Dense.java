package dev.brine.models.linear;

import dev.brine.models.data.Matrix;
import org.ejml.data.DMatrixRMaj;

/** Conversions between Brine matrices and EJML's, and the products the solvers share. */
final class Dense {

    private Dense() {
    }

    static DMatrixRMaj ejml(Matrix x) {
        return DMatrixRMaj.wrap(x.rows(), x.cols(), x.values().clone());
    }

    static DMatrixRMaj column(double[] values) {
        return DMatrixRMaj.wrap(values.length, 1, values.clone());
    }

    /** Xᵀ·X (d×d). */
    static DMatrixRMaj gram(Matrix x) {
        int cols = x.cols();
        double[] values = x.values();
        double[] out = new double[cols * cols];
        for (int r = 0; r < x.rows(); r++) {
            int offset = r * cols;
            for (int i = 0; i < cols; i++) {
                double xi = values[offset + i];
                if (xi == 0) continue;
                for (int j = i; j < cols; j++) out[i * cols + j] += xi * values[offset + j];
            }
        }
        for (int i = 0; i < cols; i++) {
            for (int j = 0; j < i; j++) out[i * cols + j] = out[j * cols + i];
        }
        return DMatrixRMaj.wrap(cols, cols, out);
    }

    /** Xᵀ·y (d). */
    static double[] transposeTimes(Matrix x, double[] y) {
        int cols = x.cols();
        double[] values = x.values();
        double[] out = new double[cols];
        for (int r = 0; r < x.rows(); r++) {
            double yr = y[r];
            int offset = r * cols;
            for (int c = 0; c < cols; c++) out[c] += values[offset + c] * yr;
        }
        return out;
    }
}
