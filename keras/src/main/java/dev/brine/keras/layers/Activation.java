package dev.brine.keras.layers;

import dev.brine.models.nn.Activation.Kind;

import java.util.Optional;

/**
 * Keras activation functions by their Keras names ({@code keras/activations}); the functions themselves are
 * {@code brine-models}' one vocabulary ({@link Kind}) with Keras' defaults as parameters. {@code hard_sigmoid} changed in
 * Keras 3 from {@code clip(0.2x + 0.5, 0, 1)} to {@code relu6(x + 3) / 6}; the reader picks the file's version.
 * Softmax-like functions act on the last axis.
 */
public enum Activation {
    LINEAR, RELU, RELU6, ELU, SELU, GELU, SIGMOID, HARD_SIGMOID_KERAS2, HARD_SIGMOID_KERAS3, TANH, SOFTMAX,
    LOG_SOFTMAX, SOFTPLUS, SOFTSIGN, SWISH, HARD_SWISH, MISH, EXPONENTIAL, LEAKY_RELU;

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

    /** The activation of one value (not for the softmax family), by nn's one vocabulary of functions. */
    public double scalar(double x) {
        return kind().apply(x, parameter());
    }

    /** The function in {@code brine-models}' vocabulary ({@code nn.Activation.Kind}) this Keras name stands for. */
    public Kind kind() {
        return switch (this) {
            case LINEAR -> Kind.IDENTITY;
            case RELU -> Kind.RELU;
            case RELU6 -> Kind.RELU6;
            case ELU -> Kind.ELU;
            case SELU -> Kind.SELU;
            case GELU -> Kind.GELU;
            case SIGMOID -> Kind.SIGMOID;
            case HARD_SIGMOID_KERAS2 -> Kind.HARD_SIGMOID_KERAS2;
            case HARD_SIGMOID_KERAS3 -> Kind.HARDSIGMOID;
            case TANH -> Kind.TANH;
            case SOFTPLUS -> Kind.SOFTPLUS;
            case SOFTSIGN -> Kind.SOFTSIGN;
            case SWISH -> Kind.SILU;
            case HARD_SWISH -> Kind.HARDSWISH;
            case MISH -> Kind.MISH;
            case EXPONENTIAL -> Kind.EXPONENTIAL;
            case LEAKY_RELU -> Kind.LEAKY_RELU;
            case SOFTMAX, LOG_SOFTMAX -> throw new IllegalStateException(this + " acts on a whole axis");
        };
    }

    /** Keras' parameter for the function: its defaults (ELU's alpha 1, leaky_relu's slope 0.2, softplus' beta 1). */
    public double parameter() {
        return switch (this) {
            case LEAKY_RELU -> LEAKY_RELU_SLOPE;
            case ELU, SOFTPLUS -> 1.0;
            default -> 0;
        };
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
