package dev.brine.models.nn;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.json.Json;

import java.util.List;

/**
 * PyTorch's {@code Embedding(num_embeddings, embedding_dim, padding_idx)}: each input value is an index (whole,
 * in range, else {@link IncompatibleModelException} naming it) whose row of {@code weight} {@code (num, dim)} it
 * becomes: examples of shape {@code (L)} give {@code (L, dim)}. The row at {@code padding_idx} gets no gradient.
 * Indices arrive as float32 like every activation, exact up to 2²⁴.
 */
public final class Embedding implements Layer {

    private final int count;
    private final int dim;
    private final int paddingIndex;
    private final Parameter weight;

    /** {@code paddingIndex} −1 for none. */
    public Embedding(int count, int dim, int paddingIndex) {
        if (count < 1 || dim < 1 || paddingIndex < -1 || paddingIndex >= count || count > (1 << 24)) {
            throw new IllegalArgumentException("Embedding(" + count + ", " + dim + ") needs positive sizes (at most "
                    + "2^24 rows) and a padding index inside them");
        }
        this.count = count;
        this.dim = dim;
        this.paddingIndex = paddingIndex;
        this.weight = new Parameter("weight", new long[] {count, dim}, new float[Math.multiplyExact(count, dim)]);
    }

    @Override
    public String type() {
        return "embedding";
    }

    @Override
    public Json.JsonObject config() {
        Json.ObjectBuilder builder = Json.object().put("num_embeddings", count).put("embedding_dim", dim);
        if (paddingIndex >= 0) builder.put("padding_idx", paddingIndex);
        return builder.build();
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        int[] out = java.util.Arrays.copyOf(inputShape, inputShape.length + 1);
        out[inputShape.length] = dim;
        return out;
    }

    private int index(float value, int position) {
        int index = (int) value;
        if (index != value || index < 0 || index >= count) {
            throw new IncompatibleModelException("Embedding(" + count + ", " + dim + "): input value " + value
                    + " at position " + position + " is not an index from 0 to " + (count - 1));
        }
        return index;
    }

    @Override
    public FloatMatrix forward(FloatMatrix input, Pass pass) {
        float[] x = input.data();
        float[] w = weight.value();
        float[] y = new float[Math.multiplyExact(x.length, dim)];
        for (int i = 0; i < x.length; i++) System.arraycopy(w, index(x[i], i) * dim, y, i * dim, dim);
        return FloatMatrix.of(input.rows(), outputShape(input.shape()), y);
    }

    @Override
    public FloatMatrix backward(FloatMatrix input, FloatMatrix output, Object kept, FloatMatrix gradOutput) {
        float[] x = input.data();
        float[] dy = gradOutput.data();
        float[] dW = weight.grad();
        for (int i = 0; i < x.length; i++) {
            int row = index(x[i], i);
            if (row == paddingIndex) continue;
            for (int d = 0; d < dim; d++) dW[row * dim + d] += dy[i * dim + d];
        }
        // Indices have no gradient.
        return input.with(new float[x.length]);
    }

    @Override
    public Embedding copy() {
        Embedding copy = new Embedding(count, dim, paddingIndex);
        copy.weight.load(weight.value());
        return copy;
    }
}
