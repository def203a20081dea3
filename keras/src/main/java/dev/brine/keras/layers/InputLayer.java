package dev.brine.keras.layers;

import java.util.List;

/** A model input: its shape without the batch axis, and whether Keras declared it integer (Embedding ids). */
public record InputLayer(long[] shape, boolean integer) implements Layer {

    @Override
    public String kerasClass() {
        return "InputLayer";
    }

    @Override
    public long[] outputShape(List<long[]> inputShapes) {
        return shape.clone();
    }

    @Override
    public Values forward(List<Values> inputs, List<float[]> weights) {
        return inputs.getFirst();
    }

    @Override
    public int arity() {
        return 0;
    }
}
