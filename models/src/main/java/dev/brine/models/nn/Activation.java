package dev.brine.models.nn;

import dev.brine.core.json.Json;

import java.util.Locale;
import java.util.Optional;

/**
 * An element-wise activation: the one vocabulary of activation functions that PyTorch modules, Keras activations
 * and the tabular networks map to. Each kind is defined as PyTorch's module of that name defines it (Keras' functions
 * are the same functions, with Keras' own defaults passed as the parameter), computed in double and rounded to
 * float32, except ReLU and ReLU6, which are exact in float32 ({@code max(x, 0)}; NaN stays NaN, as in PyTorch).
 * One parameter at most: LeakyReLU's negative slope, ELU's and CELU's alpha, Softplus' beta (threshold 20),
 * Hardshrink's and Softshrink's lambda.
 */
public record Activation(Kind kind, double parameter) implements Layer {

    public enum Kind {
        RELU, RELU6, LEAKY_RELU, ELU, CELU, SELU, GELU, GELU_TANH, SILU, MISH, HARDSWISH, HARDSIGMOID,
        /** Keras 2's {@code hard_sigmoid}: {@code clip(0.2x + 0.5, 0, 1)} (Keras 3 and PyTorch use {@link #HARDSIGMOID}). */
        HARD_SIGMOID_KERAS2, HARDTANH, SIGMOID, TANH, SOFTPLUS, SOFTSIGN, TANHSHRINK, LOG_SIGMOID, HARDSHRINK,
        SOFTSHRINK, EXPONENTIAL, IDENTITY;

        /** The name in configurations ({@code type} of the layer JSON). */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** PyTorch's class name, lower-cased without underscores ({@code leakyrelu}), as {@code --arch} spells it. */
        String torchName() {
            return switch (this) {
                case GELU_TANH -> "gelu";
                case HARD_SIGMOID_KERAS2, EXPONENTIAL -> "";
                default -> jsonName().replace("_", "");
            };
        }

        /** The kind a configuration's {@code type} names, if any. */
        static Optional<Kind> fromJsonName(String name) {
            for (Kind kind : values()) {
                if (kind.jsonName().equals(name)) return Optional.of(kind);
            }
            return Optional.empty();
        }

        /** The parameter's name in configurations (PyTorch's keyword), or null for kinds without one. */
        public String parameterName() {
            return switch (this) {
                case LEAKY_RELU -> "negative_slope";
                case ELU, CELU -> "alpha";
                case SOFTPLUS -> "beta";
                case HARDSHRINK, SOFTSHRINK -> "lambd";
                default -> null;
            };
        }

        /** PyTorch's default for the parameter. */
        public double defaultParameter() {
            return switch (this) {
                case LEAKY_RELU -> 0.01;
                case ELU, CELU, SOFTPLUS -> 1.0;
                case HARDSHRINK, SOFTSHRINK -> 0.5;
                default -> 0;
            };
        }

        /** The function at {@code x} with parameter {@code p} (ignored by kinds without one). */
        public double apply(double x, double p) {
            return switch (this) {
                case RELU -> x > 0 ? x : Double.isNaN(x) ? x : 0;
                case RELU6 -> Double.isNaN(x) ? x : Math.min(Math.max(x, 0), 6);
                case LEAKY_RELU -> x > 0 ? x : p * x;
                case ELU -> x > 0 ? x : p * Math.expm1(x);
                case CELU -> Math.max(0, x) + Math.min(0, p * Math.expm1(x / p));
                case SELU -> SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x));
                case GELU -> x * normalCdf(x);
                case GELU_TANH -> 0.5 * x * (1 + Math.tanh(ROOT_TWO_OVER_PI * (x + 0.044715 * x * x * x)));
                case SILU -> x * sigmoid(x);
                case MISH -> x * Math.tanh(softplus(x, 1));
                case HARDSWISH -> x * clip(x / 6 + 0.5);
                case HARDSIGMOID -> clip(x / 6 + 0.5);
                case HARD_SIGMOID_KERAS2 -> clip(0.2 * x + 0.5);
                case HARDTANH -> Double.isNaN(x) ? x : Math.min(Math.max(x, -1), 1);
                case SIGMOID -> sigmoid(x);
                case TANH -> Math.tanh(x);
                case SOFTPLUS -> softplus(x, p);
                case SOFTSIGN -> x / (1 + Math.abs(x));
                case TANHSHRINK -> x - Math.tanh(x);
                case LOG_SIGMOID -> -softplus(-x, 1);
                case HARDSHRINK -> x > p || x < -p ? x : 0;
                case SOFTSHRINK -> x > p ? x - p : x < -p ? x + p : 0;
                case EXPONENTIAL -> Math.exp(x);
                case IDENTITY -> x;
            };
        }

        /** The derivative at {@code x}, where the function's value is {@code y}. */
        double derivative(double x, double y, double p) {
            return switch (this) {
                case RELU -> x > 0 ? 1 : 0;
                case RELU6 -> x > 0 && x < 6 ? 1 : 0;
                case LEAKY_RELU -> x > 0 ? 1 : p;
                case ELU -> x > 0 ? 1 : p * Math.exp(x);
                case CELU -> x > 0 ? 1 : Math.exp(x / p);
                case SELU -> SELU_SCALE * (x > 0 ? 1 : SELU_ALPHA * Math.exp(x));
                case GELU -> normalCdf(x) + x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
                case GELU_TANH -> {
                    double inner = ROOT_TWO_OVER_PI * (x + 0.044715 * x * x * x);
                    double t = Math.tanh(inner);
                    yield 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * ROOT_TWO_OVER_PI * (1 + 3 * 0.044715 * x * x);
                }
                case SILU -> {
                    double s = sigmoid(x);
                    yield s * (1 + x * (1 - s));
                }
                case MISH -> {
                    double t = Math.tanh(softplus(x, 1));
                    yield t + x * (1 - t * t) * sigmoid(x);
                }
                case HARDSWISH -> x < -3 ? 0 : x > 3 ? 1 : x / 3 + 0.5;
                case HARDSIGMOID -> x > -3 && x < 3 ? 1.0 / 6 : 0;
                case HARD_SIGMOID_KERAS2 -> x > -2.5 && x < 2.5 ? 0.2 : 0;
                case HARDTANH -> x > -1 && x < 1 ? 1 : 0;
                case SIGMOID -> y * (1 - y);
                case TANH -> 1 - y * y;
                case SOFTPLUS -> x * p > SOFTPLUS_THRESHOLD ? 1 : sigmoid(p * x);
                case SOFTSIGN -> 1 / ((1 + Math.abs(x)) * (1 + Math.abs(x)));
                case TANHSHRINK -> {
                    double t = Math.tanh(x);
                    yield t * t;
                }
                case LOG_SIGMOID -> 1 - sigmoid(x);
                case HARDSHRINK -> x > p || x < -p ? 1 : 0;
                case SOFTSHRINK -> x > p || x < -p ? 1 : 0;
                case EXPONENTIAL -> y;
                case IDENTITY -> 1;
            };
        }
    }

    private static final double SELU_SCALE = 1.0507009873554804934193349852946;
    private static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    private static final double ROOT_TWO_OVER_PI = Math.sqrt(2 / Math.PI);
    /** PyTorch's Softplus reverts to the identity where {@code beta·x} exceeds this. */
    private static final double SOFTPLUS_THRESHOLD = 20;

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
    public int[] outputShape(int[] inputShape) {
        return inputShape;
    }

    @Override
    public FloatMatrix forward(FloatMatrix input, Pass pass) {
        float[] x = input.data();
        float[] y = new float[x.length];
        if (kind == Kind.RELU) {
            // The common case, in float with Math.max, which C2 vectorises (a conditional it would branch on, at a
            // misprediction per other element): x, or +0 for x ≤ 0; NaN stays NaN, as in PyTorch.
            for (int i = 0; i < x.length; i++) y[i] = Math.max(x[i], 0f);
        } else if (kind == Kind.RELU6) {
            for (int i = 0; i < x.length; i++) y[i] = Math.min(Math.max(x[i], 0f), 6f);
        } else {
            for (int i = 0; i < x.length; i++) y[i] = (float) kind.apply(x[i], parameter);
        }
        return input.with(y);
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
            for (int i = 0; i < x.length; i++) dx[i] = (float) (dy[i] * kind.derivative(x[i], y[i], parameter));
        }
        return input.with(dx);
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

    private static double clip(double x) {
        return Double.isNaN(x) ? x : Math.min(Math.max(x, 0), 1);
    }

    private static double softplus(double x, double beta) {
        double scaled = beta * x;
        if (scaled > SOFTPLUS_THRESHOLD) return x;
        return (scaled > 0 ? scaled + Math.log1p(Math.exp(-scaled)) : Math.log1p(Math.exp(scaled))) / beta;
    }
}
