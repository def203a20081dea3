package dev.brine.keras.layers;

/**
 * The error function, which {@link Math} lacks, to double precision: the Maclaurin series where it converges quickly
 * and the Laplace continued fraction for {@code erfc} in the tails.
 */
final class Erf {
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    private static final double SERIES_LIMIT = 2.5;
    private static final int FRACTION_TERMS = 60;

    private Erf() {
    }

    static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double magnitude = Math.abs(x);
        double value = magnitude < SERIES_LIMIT ? series(magnitude) : 1 - complementTail(magnitude);
        return Math.copySign(value, x);
    }

    private static double series(double x) {
        double term = x;
        double sum = x;
        double squared = x * x;
        for (int n = 1; n < 200; n++) {
            term *= -squared / n;
            double next = term / (2 * n + 1);
            sum += next;
            if (Math.abs(next) < 1e-17 * Math.abs(sum)) {
                break;
            }
        }
        return TWO_OVER_SQRT_PI * sum;
    }

    /** erfc(x) for x >= 2.5: exp(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))). */
    private static double complementTail(double x) {
        double fraction = x;
        for (int k = FRACTION_TERMS; k >= 1; k--) {
            fraction = x + (k / 2.0) / fraction;
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / fraction;
    }
}
