package dev.brine.keras.layers;

import java.util.Optional;

/**
 * Keras activation functions, each as Keras defines it ({@code keras/activations}). {@code hard_sigmoid} changed in
 * Keras 3 from {@code clip(0.2x + 0.5, 0, 1)} to {@code relu6(x + 3) / 6}; the reader picks the file's version.
 * Softmax-like functions act on the last axis.
 */
public enum Activation {
    LINEAR, RELU, RELU6, ELU, SELU, GELU, SIGMOID, HARD_SIGMOID_KERAS2, HARD_SIGMOID_KERAS3, TANH, SOFTMAX,
    LOG_SOFTMAX, SOFTPLUS, SOFTSIGN, SWISH, HARD_SWISH, MISH, EXPONENTIAL, LEAKY_RELU;

    private static final double SELU_SCALE = 1.0507009873554804934193349852946;
    private static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    /** keras.activations.leaky_relu's default negative slope. */
    private static final double LEAKY_RELU_SLOPE = 0.2;

    /** The activation a Keras config names, or empty for a name Keras itself does not define. */
    public static Optional<Activation> named(String name, boolean keras3) {
        return Optional.ofNullable(switch (name) {
            case "linear", "None" -> LINEAR;
            case "relu" -> RELU;
            case "relu6" -> RELU6;
            case "elu" -> ELU;
            case "selu" -> SELU;
            case "gelu" -> GELU;
            case "sigmoid" -> SIGMOID;
            case "hard_sigmoid" -> keras3 ? HARD_SIGMOID_KERAS3 : HARD_SIGMOID_KERAS2;
            case "tanh" -> TANH;
            case "softmax" -> SOFTMAX;
            case "log_softmax" -> LOG_SOFTMAX;
            case "softplus" -> SOFTPLUS;
            case "softsign" -> SOFTSIGN;
            case "swish", "silu" -> SWISH;
            case "hard_silu", "hard_swish" -> HARD_SWISH;
            case "mish" -> MISH;
            case "exponential" -> EXPONENTIAL;
            case "leaky_relu" -> LEAKY_RELU;
            default -> null;
        });
    }

    /** Applies the activation in place; {@code lastDim} is the size of the axis softmax normalises over. */
    public void apply(float[] values, int lastDim) {
        switch (this) {
            case LINEAR -> { }
            case SOFTMAX, LOG_SOFTMAX -> softmax(values, lastDim, this == LOG_SOFTMAX);
            default -> {
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) scalar(values[i]);
                }
            }
        }
    }

    /** The activation of one value (not for the softmax family). */
    public double scalar(double x) {
        return switch (this) {
            case LINEAR -> x;
            case RELU -> Math.max(x, 0);
            case RELU6 -> Math.min(Math.max(x, 0), 6);
            case ELU -> x > 0 ? x : Math.expm1(x);
            case SELU -> SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x));
            case GELU -> 0.5 * x * (1 + Erf.erf(x / Math.sqrt(2)));
            case SIGMOID -> sigmoid(x);
            case HARD_SIGMOID_KERAS2 -> Math.min(Math.max(0.2 * x + 0.5, 0), 1);
            case HARD_SIGMOID_KERAS3 -> Math.min(Math.max(x / 6 + 0.5, 0), 1);
            case TANH -> Math.tanh(x);
            case SOFTPLUS -> softplus(x);
            case SOFTSIGN -> x / (Math.abs(x) + 1);
            case SWISH -> x * sigmoid(x);
            case HARD_SWISH -> x * Math.min(Math.max(x / 6 + 0.5, 0), 1);
            case MISH -> x * Math.tanh(softplus(x));
            case EXPONENTIAL -> Math.exp(x);
            case LEAKY_RELU -> x > 0 ? x : LEAKY_RELU_SLOPE * x;
            case SOFTMAX, LOG_SOFTMAX -> throw new IllegalStateException(this + " acts on a whole axis");
        };
    }

    static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    private static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    static void softmax(float[] values, int lastDim, boolean log) {
        for (int start = 0; start < values.length; start += lastDim) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = start; i < start + lastDim; i++) {
                max = Math.max(max, values[i]);
            }
            double sum = 0;
            for (int i = start; i < start + lastDim; i++) {
                sum += Math.exp(values[i] - max);
            }
            for (int i = start; i < start + lastDim; i++) {
                double shifted = values[i] - max;
                values[i] = (float) (log ? shifted - Math.log(sum) : Math.exp(shifted) / sum);
            }
        }
    }
}
