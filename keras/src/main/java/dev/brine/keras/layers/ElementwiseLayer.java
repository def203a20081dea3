package dev.brine.keras.layers;

import java.util.List;

/**
 * The advanced-activation layers that act on each value with fixed parameters: {@code ReLU(max_value,
 * negative_slope, threshold)}, {@code ELU(alpha)}, {@code LeakyReLU(alpha | negative_slope)},
 * {@code ThresholdedReLU(theta)}.
 */
public record ElementwiseLayer(Kind kind, double first, double second, double third) implements Layer {

    public enum Kind { RELU, ELU, LEAKY_RELU, THRESHOLDED_RELU }

    /** Keras' ReLU layer: {@code max_value} (or +inf), {@code negative_slope}, {@code threshold}. */
    public static ElementwiseLayer relu(double maxValue, double negativeSlope, double threshold) {
        return new ElementwiseLayer(Kind.RELU, maxValue, negativeSlope, threshold);
    }

    @Override
    public String kerasClass() {
        return switch (kind) {
            case RELU -> "ReLU";
            case ELU -> "ELU";
            case LEAKY_RELU -> "LeakyReLU";
            case THRESHOLDED_RELU -> "ThresholdedReLU";
        };
    }

    @Override
    public long[] outputShape(List<long[]> inputShapes) {
        return Shapes.single(inputShapes, kerasClass()).clone();
    }

    @Override
    public Values forward(List<Values> inputs, List<float[]> weights) {
        Values input = inputs.getFirst();
        float[] out = new float[input.data().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) apply(input.data()[i]);
        }
        return new Values(input.shape(), out);
    }

    private double apply(double x) {
        return switch (kind) {
            // keras.backend.relu: x above the threshold (clipped at max_value), slope * (x - threshold) up to it.
            case RELU -> x > third ? Math.min(x, first) : second * (x - third);
            case ELU -> x > 0 ? x : first * Math.expm1(x);
            case LEAKY_RELU -> x > 0 ? x : first * x;
            case THRESHOLDED_RELU -> x > first ? x : 0;
        };
    }
}
