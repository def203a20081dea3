package dev.brine.keras.layers;

import java.util.List;

/** {@code PReLU}: {@code x} if positive, else {@code alpha · x}; alpha per position, size 1 along shared axes. */
public record PRelu(long[] sharedAxes) implements Layer {

    @Override
    public String kerasClass() {
        return "PReLU";
    }

    private long[] alphaShape(long[] input) {
        long[] shape = input.clone();
        for (long axis : sharedAxes) {
            shape[Shapes.axis(axis, input.length, "PReLU")] = 1;
        }
        return shape;
    }

    @Override
    public List<WeightSpec> weights(List<long[]> inputShapes) {
        return List.of(WeightSpec.parameter("alpha", alphaShape(Shapes.single(inputShapes, "PReLU"))));
    }

    @Override
    public long[] outputShape(List<long[]> inputShapes) {
        return Shapes.single(inputShapes, "PReLU").clone();
    }

    @Override
    public Values forward(List<Values> inputs, List<float[]> weights) {
        Values input = inputs.getFirst();
        long[] batchless = java.util.Arrays.copyOfRange(input.shape(), 1, input.shape().length);
        long[] alphaShape = alphaShape(batchless);
        float[] alpha = weights.getFirst();
        int rowSize = (int) Shapes.product(batchless, 0, batchless.length);
        float[] out = new float[input.data().length];
        for (int i = 0; i < out.length; i++) {
            float x = input.data()[i];
            out[i] = x > 0 ? x : alpha[broadcastIndex(i % rowSize, batchless, alphaShape)] * x;
        }
        return new Values(input.shape(), out);
    }

    /** The alpha index for a position in the row: shared axes (size 1 in alpha) always read index 0. */
    private static int broadcastIndex(int position, long[] shape, long[] alphaShape) {
        int index = 0;
        int stride = 1;
        int rest = position;
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            int coordinate = (int) (rest % shape[axis]);
            rest /= (int) shape[axis];
            if (alphaShape[axis] != 1) {
                index += coordinate * stride;
            }
            stride *= (int) alphaShape[axis];
        }
        return index;
    }
}
