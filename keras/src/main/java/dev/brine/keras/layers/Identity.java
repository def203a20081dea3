package dev.brine.keras.layers;

import java.util.List;

/** Layers that only act while training (Dropout, GaussianNoise, ActivityRegularization…): identity at inference. */
public record Identity(String kerasClass) implements Layer {

    @Override
    public long[] outputShape(List<long[]> inputShapes) {
        return Shapes.single(inputShapes, kerasClass).clone();
    }

    @Override
    public Values forward(List<Values> inputs, List<float[]> weights) {
        return inputs.getFirst();
    }
}
