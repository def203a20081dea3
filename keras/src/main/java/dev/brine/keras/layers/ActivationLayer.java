package dev.brine.keras.layers;

import java.util.List;

/** {@code Activation(name)}. */
public record ActivationLayer(Activation activation) implements Layer {

    @Override
    public String kerasClass() {
        return "Activation";
    }

    @Override
    public long[] outputShape(List<long[]> inputShapes) {
        return Shapes.single(inputShapes, "Activation").clone();
    }

    @Override
    public Values forward(List<Values> inputs, List<float[]> weights) {
        Values input = inputs.getFirst();
        float[] out = input.data().clone();
        activation.apply(out, input.lastDim());
        return new Values(input.shape(), out);
    }
}
