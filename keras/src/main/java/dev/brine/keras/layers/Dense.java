package dev.brine.keras.layers;

import java.util.ArrayList;
import java.util.List;

/** {@code Dense}: {@code activation(x · kernel + bias)} on the last axis; the kernel is {@code (in, units)}. */
public record Dense(int units, Activation activation, boolean useBias) implements Layer {

    @Override
    public String kerasClass() {
        return "Dense";
    }

    @Override
    public List<WeightSpec> weights(List<long[]> inputShapes) {
        long in = Shapes.lastKnown(Shapes.single(inputShapes, "Dense"), "Dense");
        List<WeightSpec> weights = new ArrayList<>(List.of(WeightSpec.parameter("kernel", in, units)));
        if (useBias) {
            weights.add(WeightSpec.parameter("bias", units));
        }
        return weights;
    }

    @Override
    public long[] outputShape(List<long[]> inputShapes) {
        long[] out = Shapes.single(inputShapes, "Dense").clone();
        out[out.length - 1] = units;
        return out;
    }

    @Override
    public Values forward(List<Values> inputs, List<float[]> weights) {
        Values input = inputs.getFirst();
        int in = input.lastDim();
        int rows = input.data().length / in;
        float[] kernel = weights.get(0);
        float[] bias = useBias ? weights.get(1) : null;
        float[] out = new float[rows * units];
        double[] accumulator = new double[units];
        for (int row = 0; row < rows; row++) {
            java.util.Arrays.fill(accumulator, 0);
            int inputOffset = row * in;
            for (int i = 0; i < in; i++) {
                double x = input.data()[inputOffset + i];
                int kernelOffset = i * units;
                for (int j = 0; j < units; j++) {
                    accumulator[j] += x * kernel[kernelOffset + j];
                }
            }
            for (int j = 0; j < units; j++) {
                out[row * units + j] = (float) (accumulator[j] + (bias == null ? 0 : bias[j]));
            }
        }
        activation.apply(out, units);
        return new Values(input.withLastDim(units), out);
    }
}
