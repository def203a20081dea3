package dev.brine.keras.layers;

import dev.brine.core.IncompatibleModelException;

import java.util.List;

/** {@code Flatten} (channels_last): every axis after the batch joined into one. */
public record Flatten() implements Layer {

    @Override
    public String kerasClass() {
        return "Flatten";
    }

    @Override
    public long[] outputShape(List<long[]> inputShapes) {
        long[] shape = Shapes.single(inputShapes, "Flatten");
        for (long dim : shape) {
            if (dim < 0) {
                throw new IncompatibleModelException("Flatten needs a fully known input shape, not "
                        + Shapes.text(shape) + ".");
            }
        }
        return new long[] {Shapes.product(shape, 0, shape.length)};
    }

    @Override
    public Values forward(List<Values> inputs, List<float[]> weights) {
        Values input = inputs.getFirst();
        return new Values(new long[] {input.rows(), input.data().length / Math.max(1, input.rows())}, input.data());
    }
}
