package dev.brine.models.nn;

/**
 * The inner loop of dense layers: {@code y += alpha·x} over a row. Element-wise, so the JIT vectorises it, and every
 * output element is summed in the same fixed order whatever the vector width, machine or thread count.
 */
final class Kernels {

    private Kernels() {
    }

    /** {@code y[yOffset …] += alpha · x[xOffset …]}; element-wise, so the JIT vectorises it. */
    static void axpy(float alpha, float[] x, int xOffset, float[] y, int yOffset, int length) {
        for (int i = 0; i < length; i++) y[yOffset + i] += alpha * x[xOffset + i];
    }
}
