package dev.brine.keras.layers;

import dev.brine.core.IncompatibleModelException;

import java.util.List;

/** {@code Concatenate(axis)}: inputs joined along one axis; all other sizes must agree. */
public record Concatenate(long axis) implements Layer {

    @Override
    public String kerasClass() {
        return "Concatenate";
    }

    @Override
    public int arity() {
        return -1;
    }

    @Override
    public long[] outputShape(List<long[]> inputShapes) {
        long[] first = inputShapes.getFirst();
        int joined = Shapes.axis(axis, first.length, "Concatenate");
        long[] out = first.clone();
        out[joined] = 0;
        for (long[] shape : inputShapes) {
            boolean fits = shape.length == first.length;
            for (int i = 0; fits && i < shape.length; i++) {
                fits = i == joined || shape[i] == first[i];
            }
            if (!fits || shape[joined] < 0) {
                throw new IncompatibleModelException("Concatenate on axis " + axis + " cannot join shapes "
                        + inputShapes.stream().map(Shapes::text).toList() + ".");
            }
            out[joined] += shape[joined];
        }
        return out;
    }

    @Override
    public Values forward(List<Values> inputs, List<float[]> weights) {
        long[] first = inputs.getFirst().shape();
        int joined = Shapes.axis(axis, first.length - 1, "Concatenate") + 1;
        int outer = (int) Shapes.product(first, 0, joined);
        long[] shape = first.clone();
        shape[joined] = 0;
        int[] blocks = new int[inputs.size()];
        for (int k = 0; k < inputs.size(); k++) {
            long[] inputShape = inputs.get(k).shape();
            shape[joined] += inputShape[joined];
            blocks[k] = (int) Shapes.product(inputShape, joined, inputShape.length);
        }
        float[] out = new float[(int) Shapes.product(shape, 0, shape.length)];
        int at = 0;
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < inputs.size(); k++) {
                System.arraycopy(inputs.get(k).data(), o * blocks[k], out, at, blocks[k]);
                at += blocks[k];
            }
        }
        return new Values(shape, out);
    }
}
