package dev.brine.models.neighbors;

import dev.brine.core.json.Json;

/**
 * The distance between two rows as scikit-learn's {@code DistanceMetric}s compute it: Minkowski of order
 * {@code p} ({@code p = 1} Manhattan, {@code p = 2} Euclidean, {@code p = ∞} Chebyshev), from the differences.
 */
public record DistanceMetric(double p) {

    public static final DistanceMetric EUCLIDEAN = new DistanceMetric(2);
    public static final DistanceMetric MANHATTAN = new DistanceMetric(1);
    public static final DistanceMetric CHEBYSHEV = new DistanceMetric(Double.POSITIVE_INFINITY);

    public DistanceMetric {
        if (!(p >= 1)) {
            throw new IllegalArgumentException("a Minkowski distance needs p >= 1, got " + p);
        }
    }

    double distance(double[] x, int xOffset, double[] y, int yOffset, int width) {
        if (p == 2) {
            double sum = 0;
            for (int i = 0; i < width; i++) {
                double d = x[xOffset + i] - y[yOffset + i];
                sum += d * d;
            }
            return Math.sqrt(sum);
        }
        if (p == 1) {
            double sum = 0;
            for (int i = 0; i < width; i++) sum += Math.abs(x[xOffset + i] - y[yOffset + i]);
            return sum;
        }
        if (p == Double.POSITIVE_INFINITY) {
            double max = 0;
            for (int i = 0; i < width; i++) max = Math.max(max, Math.abs(x[xOffset + i] - y[yOffset + i]));
            return max;
        }
        double sum = 0;
        for (int i = 0; i < width; i++) sum += Math.pow(Math.abs(x[xOffset + i] - y[yOffset + i]), p);
        return Math.pow(sum, 1.0 / p);
    }

    /** JSON has no infinity: Chebyshev is written as the text "inf". */
    Json toJson() {
        return p == Double.POSITIVE_INFINITY ? Json.of("inf") : Json.of(p);
    }

    static DistanceMetric fromJson(Json json) {
        return switch (json) {
            case Json.JsonString text when text.value().equals("inf") -> CHEBYSHEV;
            case Json.JsonNumber number -> new DistanceMetric(number.doubleValue());
            default -> throw new IllegalArgumentException("metric order p must be a number >= 1 or \"inf\"");
        };
    }
}
