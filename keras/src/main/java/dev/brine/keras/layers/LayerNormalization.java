package dev.brine.keras.layers;

import dev.brine.core.UnsupportedModelException;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code LayerNormalization} over the trailing axes {@code axes} (Keras axes, batch = 0): each row is shifted to mean
 * 0 and scaled to variance 1 (population variance, as Keras' moments), then {@code gamma x + beta}.
 */
public record LayerNormalization(long[] axes, double epsilon, boolean center, boolean scale) implements Layer {

    @Override
    public String kerasClass() {
        return "LayerNormalization";
    }

    /** How many trailing axes are normalised; they must be the last ones, in order. */
    private int trailing(int rank) {
        java.util.TreeSet<Integer> normalised = new java.util.TreeSet<>();
        for (long axis : axes) {
            normalised.add(Shapes.axis(axis, rank, "LayerNormalization"));
        }
        if (normalised.first() != rank - normalised.size() || normalised.last() != rank - 1) {
            throw new UnsupportedModelException("LayerNormalization over axes " + java.util.Arrays.toString(axes)
                    + " is not supported; Brine normalises over trailing axes.");
        }
        return normalised.size();
    }

    @Override
    public List<WeightSpec> weights(List<long[]> inputShapes) {
        long[] shape = Shapes.single(inputShapes, "LayerNormalization");
        long[] normalised = java.util.Arrays.copyOfRange(shape, shape.length - trailing(shape.length), shape.length);
        List<WeightSpec> weights = new ArrayList<>();
        if (scale) {
            weights.add(WeightSpec.parameter("gamma", normalised));
        }
        if (center) {
            weights.add(WeightSpec.parameter("beta", normalised));
        }
        return weights;
    }

    @Override
    public long[] outputShape(List<long[]> inputShapes) {
        return Shapes.single(inputShapes, "LayerNormalization").clone();
    }

    @Override
    public Values forward(List<Values> inputs, List<float[]> weights) {
        Values input = inputs.getFirst();
        int rank = input.shape().length - 1;
        int size = (int) Shapes.product(input.shape(), input.shape().length - trailing(rank), input.shape().length);
        float[] gamma = scale ? weights.getFirst() : null;
        float[] beta = center ? weights.get(scale ? 1 : 0) : null;
        float[] out = new float[input.data().length];
        for (int start = 0; start < out.length; start += size) {
            double mean = 0;
            for (int i = 0; i < size; i++) {
                mean += input.data()[start + i];
            }
            mean /= size;
            double variance = 0;
            for (int i = 0; i < size; i++) {
                double centred = input.data()[start + i] - mean;
                variance += centred * centred;
            }
            variance /= size;
            double inverse = 1 / Math.sqrt(variance + epsilon);
            for (int i = 0; i < size; i++) {
                double normalised = (input.data()[start + i] - mean) * inverse;
                out[start + i] = (float) ((gamma == null ? 1 : gamma[i]) * normalised + (beta == null ? 0 : beta[i]));
            }
        }
        return new Values(input.shape(), out);
    }
}
