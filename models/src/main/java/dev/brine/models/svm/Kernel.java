package dev.brine.models.svm;

import dev.brine.core.json.Json;

import java.util.Locale;

/**
 * A support vector machine's kernel as libsvm evaluates it at prediction time ({@code Kernel::k_function}, dense
 * representation): linear {@code x·y}, polynomial {@code (γ·x·y + c₀)^d} by repeated squaring, RBF
 * {@code exp(−γ·Σ(xᵢ − yᵢ)²)} (differences, not the expanded form) and sigmoid {@code tanh(γ·x·y + c₀)}. The same
 * operation order as libsvm, so values agree to the last bits.
 */
public record Kernel(Kind kind, double gamma, double coef0, int degree) {

    public enum Kind { LINEAR, POLY, RBF, SIGMOID }

    public Kernel {
        if (kind == Kind.POLY && degree < 0) {
            throw new IllegalArgumentException("a polynomial kernel needs degree >= 0, got " + degree);
        }
    }

    /** {@code x[xOffset…]} against {@code y[yOffset…]}, {@code width} values each. */
    double apply(double[] x, int xOffset, double[] y, int yOffset, int width) {
        return switch (kind) {
            case LINEAR -> dot(x, xOffset, y, yOffset, width);
            case POLY -> powi(gamma * dot(x, xOffset, y, yOffset, width) + coef0, degree);
            case RBF -> {
                double sum = 0;
                for (int i = 0; i < width; i++) {
                    double d = x[xOffset + i] - y[yOffset + i];
                    sum += d * d;
                }
                yield Math.exp(-gamma * sum);
            }
            case SIGMOID -> Math.tanh(gamma * dot(x, xOffset, y, yOffset, width) + coef0);
        };
    }

    private static double dot(double[] x, int xOffset, double[] y, int yOffset, int width) {
        double sum = 0;
        for (int i = 0; i < width; i++) sum += x[xOffset + i] * y[yOffset + i];
        return sum;
    }

    /** libsvm's {@code powi}: the power by squaring, so a degree-3 kernel rounds as libsvm's does. */
    private static double powi(double base, int times) {
        double tmp = base;
        double result = 1.0;
        for (int t = times; t > 0; t /= 2) {
            if (t % 2 == 1) result *= tmp;
            tmp = tmp * tmp;
        }
        return result;
    }

    Json.JsonObject toJson() {
        return Json.object().put("kernel", kind.name().toLowerCase(Locale.ROOT)).put("gamma", gamma)
                .put("coef0", coef0).put("degree", degree).build();
    }

    static Kernel fromJson(Json.JsonObject json) {
        return new Kernel(Kind.valueOf(json.getString("kernel").toUpperCase(Locale.ROOT)), json.getDouble("gamma"),
                json.getDouble("coef0"), Math.toIntExact(json.getLong("degree")));
    }
}
