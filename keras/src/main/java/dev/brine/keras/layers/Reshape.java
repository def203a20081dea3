package dev.brine.keras.layers;

import dev.brine.core.IncompatibleModelException;

import java.util.List;

/** {@code Reshape(target_shape)}: the same values seen with another batchless shape; one size may be -1. */
public record Reshape(long[] target) implements Layer {

    @Override
    public String kerasClass() {
        return "Reshape";
    }

    @Override
    public long[] outputShape(List<long[]> inputShapes) {
        long[] input = Shapes.single(inputShapes, "Reshape");
        long total = Shapes.product(input, 0, input.length);
        long known = 1;
        int open = -1;
        for (int i = 0; i < target.length; i++) {
            if (target[i] == -1 && open < 0) {
                open = i;
            } else if (target[i] <= 0) {
                throw new IncompatibleModelException("Reshape target " + Shapes.text(target) + " is invalid.");
            } else {
                known *= target[i];
            }
        }
        long[] out = target.clone();
        if (open >= 0) {
            out[open] = total / known;
        }
        if (total < 0 || Shapes.product(out, 0, out.length) != total) {
            throw new IncompatibleModelException("Reshape cannot turn input shape " + Shapes.text(input)
                    + " into " + Shapes.text(target) + ".");
        }
        return out;
    }

    @Override
    public Values forward(List<Values> inputs, List<float[]> weights) {
        Values input = inputs.getFirst();
        long[] batchless = new long[input.shape().length - 1];
        System.arraycopy(input.shape(), 1, batchless, 0, batchless.length);
        long[] out = outputShape(List.of(batchless));
        long[] shape = new long[out.length + 1];
        shape[0] = input.rows();
        System.arraycopy(out, 0, shape, 1, out.length);
        return new Values(shape, input.data());
    }
}
