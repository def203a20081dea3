package dev.brine.keras.layers;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code BatchNormalization} at inference: {@code gamma (x - moving_mean) / sqrt(moving_variance + epsilon) + beta}
 * along one feature axis. Weights in Keras' order: gamma (if scale), beta (if center), moving mean, moving variance.
 */
public record BatchNormalization(long axis, double epsilon, boolean center, boolean scale) implements Layer {

    @Override
    public String kerasClass() {
        return "BatchNormalization";
    }

    @Override
    public List<WeightSpec> weights(List<long[]> inputShapes) {
        long[] shape = Shapes.single(inputShapes, "BatchNormalization");
        long features = shape[Shapes.axis(axis, shape.length, "BatchNormalization")];
        List<WeightSpec> weights = new ArrayList<>();
        if (scale) {
            weights.add(WeightSpec.parameter("gamma", features));
        }
        if (center) {
            weights.add(WeightSpec.parameter("beta", features));
        }
        weights.add(WeightSpec.buffer("moving_mean", features));
        weights.add(WeightSpec.buffer("moving_variance", features));
        return weights;
    }

    @Override
    public long[] outputShape(List<long[]> inputShapes) {
        return Shapes.single(inputShapes, "BatchNormalization").clone();
    }

    @Override
    public Values forward(List<Values> inputs, List<float[]> weights) {
        Values input = inputs.getFirst();
        long[] batchless = java.util.Arrays.copyOfRange(input.shape(), 1, input.shape().length);
        int featureAxis = Shapes.axis(axis, batchless.length, "BatchNormalization");
        int features = (int) batchless[featureAxis];
        int stride = (int) Shapes.product(batchless, featureAxis + 1, batchless.length);
        int next = 0;
        float[] gamma = scale ? weights.get(next++) : null;
        float[] beta = center ? weights.get(next++) : null;
        float[] mean = weights.get(next++);
        float[] variance = weights.get(next);
        double[] multiplier = new double[features];
        double[] offset = new double[features];
        for (int f = 0; f < features; f++) {
            multiplier[f] = (gamma == null ? 1 : gamma[f]) / Math.sqrt(variance[f] + epsilon);
            offset[f] = (beta == null ? 0 : beta[f]) - mean[f] * multiplier[f];
        }
        float[] out = new float[input.data().length];
        for (int i = 0; i < out.length; i++) {
            int f = (i / stride) % features;
            out[i] = (float) (input.data()[i] * multiplier[f] + offset[f]);
        }
        return new Values(input.shape(), out);
    }
}
