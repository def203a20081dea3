package dev.brine.keras.layers;

import dev.brine.core.IncompatibleModelException;

import java.util.List;

/** {@code Embedding(input_dim, output_dim)}: each integer id becomes its row of the table. */
public record Embedding(int inputDim, int outputDim) implements Layer {

    @Override
    public String kerasClass() {
        return "Embedding";
    }

    @Override
    public List<WeightSpec> weights(List<long[]> inputShapes) {
        Shapes.single(inputShapes, "Embedding");
        return List.of(WeightSpec.parameter("embeddings", inputDim, outputDim));
    }

    @Override
    public long[] outputShape(List<long[]> inputShapes) {
        long[] shape = Shapes.single(inputShapes, "Embedding");
        long[] out = java.util.Arrays.copyOf(shape, shape.length + 1);
        out[shape.length] = outputDim;
        return out;
    }

    @Override
    public Values forward(List<Values> inputs, List<float[]> weights) {
        Values ids = inputs.getFirst();
        float[] table = weights.getFirst();
        float[] out = new float[ids.data().length * outputDim];
        for (int i = 0; i < ids.data().length; i++) {
            float id = ids.data()[i];
            if (id != Math.rint(id) || id < 0 || id >= inputDim) {
                throw new IncompatibleModelException("Embedding: id " + id + " at position " + i + " is not an"
                        + " integer in [0, " + inputDim + ").");
            }
            System.arraycopy(table, (int) id * outputDim, out, i * outputDim, outputDim);
        }
        long[] shape = java.util.Arrays.copyOf(ids.shape(), ids.shape().length + 1);
        shape[ids.shape().length] = outputDim;
        return new Values(shape, out);
    }
}
