package dev.brine.keras.layers;

import dev.brine.core.UnsupportedModelException;

import java.util.List;

/** {@code Softmax(axis)} layer; Brine supports the last axis (Keras' default). */
public record SoftmaxLayer(long axis) implements Layer {

    @Override
    public String kerasClass() {
        return "Softmax";
    }

    @Override
    public long[] outputShape(List<long[]> inputShapes) {
        long[] shape = Shapes.single(inputShapes, "Softmax");
        if (Shapes.axis(axis, shape.length, "Softmax") != shape.length - 1) {
            throw new UnsupportedModelException("Softmax over axis " + axis + " is not supported; Brine applies"
                    + " softmax over the last axis.");
        }
        return shape.clone();
    }

    @Override
    public Values forward(List<Values> inputs, List<float[]> weights) {
        Values input = inputs.getFirst();
        float[] out = input.data().clone();
        Activation.softmax(out, input.lastDim(), false);
        return new Values(input.shape(), out);
    }
}
