package dev.brine.models.nn;

/**
 * The inner loops of dense layers. Four independent accumulators break the dependency chain of a float sum so the
 * CPU can overlap the additions; the order of additions is fixed, so results do not depend on the machine or on the
 * number of threads.
 */
final class Kernels {

    private Kernels() {
    }

    static float dot(float[] a, int aOffset, float[] b, int bOffset, int length) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int i = 0;
        for (; i + 3 < length; i += 4) {
            s0 += a[aOffset + i] * b[bOffset + i];
            s1 += a[aOffset + i + 1] * b[bOffset + i + 1];
            s2 += a[aOffset + i + 2] * b[bOffset + i + 2];
            s3 += a[aOffset + i + 3] * b[bOffset + i + 3];
        }
        for (; i < length; i++) s0 += a[aOffset + i] * b[bOffset + i];
        return (s0 + s1) + (s2 + s3);
    }

    /** {@code y[yOffset …] += alpha · x[xOffset …]}; element-wise, so the JIT vectorises it. */
    static void axpy(float alpha, float[] x, int xOffset, float[] y, int yOffset, int length) {
        for (int i = 0; i < length; i++) y[yOffset + i] += alpha * x[xOffset + i];
    }
}
