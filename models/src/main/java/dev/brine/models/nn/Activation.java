package dev.brine.models.nn;

import dev.brine.core.json.Json;

import java.util.Locale;

/**
 * An element-wise activation, PyTorch's module of the same name: ReLU, LeakyReLU (negative slope, default 0.01),
 * ELU (alpha, default 1), GELU (exact, with erf), SiLU, Sigmoid, Tanh. Values are computed in double and rounded to
 * float32, except ReLU's, which are exact in float32 ({@code max(x, 0)}; NaN stays NaN, as in PyTorch).
 */
public record Activation(Kind kind, double parameter) implements Layer {

    public enum Kind {
        RELU, LEAKY_RELU, ELU, GELU, SILU, SIGMOID, TANH;

        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The parameter's name in configurations, or null for kinds without one. */
        String parameterName() {
            return switch (this) {
                case LEAKY_RELU -> "negative_slope";
                case ELU -> "alpha";
                default -> null;
            };
        }

        double defaultParameter() {
            return switch (this) {
                case LEAKY_RELU -> 0.01;
                case ELU -> 1.0;
                default -> 0;
            };
        }
    }

    public static Activation of(Kind kind) {
        return new Activation(kind, kind.defaultParameter());
    }

    @Override
    public String type() {
        return kind.jsonName();
    }

    @Override
    public Json.JsonObject config() {
        String name = kind.parameterName();
        return name == null ? Json.JsonObject.EMPTY : Json.object().put(name, parameter).build();
    }

    @Override
    public int outputWidth(int inputWidth) {
        return inputWidth;
    }

    @Override
    public FloatMatrix forward(FloatMatrix input, Pass pass) {
        float[] x = input.data();
        float[] y = new float[x.length];
        if (kind == Kind.RELU) {
            // The common case, in float with Math.max, which C2 vectorises (a conditional it would branch on, at a
            // misprediction per other element): x, or +0 for x ≤ 0; NaN stays NaN, as in PyTorch.
            for (int i = 0; i < x.length; i++) y[i] = Math.max(x[i], 0f);
        } else {
            for (int i = 0; i < x.length; i++) y[i] = (float) apply(x[i]);
        }
        return input.with(y);
    }

    private double apply(double x) {
        return switch (kind) {
            case RELU -> throw new IllegalStateException("ReLU has its own float loop in forward");
            case LEAKY_RELU -> x > 0 ? x : parameter * x;
            case ELU -> x > 0 ? x : parameter * Math.expm1(x);
            case GELU -> x * normalCdf(x);
            case SILU -> x * sigmoid(x);
            case SIGMOID -> sigmoid(x);
            case TANH -> Math.tanh(x);
        };
    }

    @Override
    public FloatMatrix backward(FloatMatrix input, FloatMatrix output, Object kept, FloatMatrix gradOutput) {
        float[] x = input.data();
        float[] y = output.data();
        float[] dy = gradOutput.data();
        float[] dx = new float[x.length];
        if (kind == Kind.RELU) {
            // dy·1 where the output is positive, dy·0 where it is +0, from the output's sign: branch-free, vectorised.
            for (int i = 0; i < x.length; i++) dx[i] = dy[i] * Math.signum(y[i]);
        } else {
            for (int i = 0; i < x.length; i++) dx[i] = (float) (dy[i] * derivative(x[i], y[i]));
        }
        return input.with(dx);
    }

    private double derivative(double x, double y) {
        return switch (kind) {
            case RELU -> throw new IllegalStateException("ReLU has its own float loop in backward");
            case LEAKY_RELU -> x > 0 ? 1 : parameter;
            case ELU -> x > 0 ? 1 : parameter * Math.exp(x);
            case GELU -> normalCdf(x) + x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
            case SILU -> {
                double s = sigmoid(x);
                yield s * (1 + x * (1 - s));
            }
            case SIGMOID -> y * (1 - y);
            case TANH -> 1 - y * y;
        };
    }

    @Override
    public Activation copy() {
        return this;
    }

    static double sigmoid(double x) {
        return dev.brine.models.tabular.Probabilities.sigmoid(x);
    }

    private static double normalCdf(double x) {
        return 0.5 * (1 + Erf.erf(x / Math.sqrt(2)));
    }
}
