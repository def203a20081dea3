package dev.brine.models.nn;

/**
 * The error function, which Java's Math lacks, for exact GELU. Below |x| = 3 the Maclaurin series
 * {@code erf x = 2/√π · Σ (−1)ⁿ x^(2n+1) / (n!(2n+1))} converges to double precision (its largest term is under
 * e^9, so cancellation costs at most four of sixteen digits); above, {@code erfc} by Lentz's continued fraction
 * (Abramowitz & Stegun 7.1.14), which converges fast for large x. Both are far below float32 resolution.
 */
final class Erf {

    private static final double TWO_OVER_ROOT_PI = 2 / Math.sqrt(Math.PI);

    private Erf() {
    }

    static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double a = Math.abs(x);
        double value = a < 3 ? series(a) : 1 - complementFraction(a);
        return x < 0 ? -value : value;
    }

    private static double series(double x) {
        double x2 = x * x;
        double term = x;
        double sum = x;
        for (int n = 1; n < 200; n++) {
            term *= -x2 / n;
            double contribution = term / (2 * n + 1);
            sum += contribution;
            if (Math.abs(contribution) < 1e-17 * Math.abs(sum)) break;
        }
        return TWO_OVER_ROOT_PI * sum;
    }

    /** erfc(x) = e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))) for x ≥ 3. */
    private static double complementFraction(double x) {
        if (x > 27) return 0;
        double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int k = 1; k < 500; k++) {
            double a = k / 2.0;
            d = x + a * d;
            d = d == 0 ? tiny : d;
            c = x + a / c;
            c = c == 0 ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) break;
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }
}
