package dev.brine.keras.layers;

import java.util.Arrays;

/**
 * The values flowing between layers: float32 like Keras, row-major, {@code shape[0]} the batch. Layers compute in
 * double and store float, so rounding stays within what Keras' own float32 arithmetic differs by.
 */
public record Values(long[] shape, float[] data) {

    public Values {
        long count = 1;
        for (long dim : shape) {
            count *= dim;
        }
        if (count != data.length) {
            throw new IllegalArgumentException(data.length + " values do not fill shape " + Arrays.toString(shape));
        }
    }

    public int rows() {
        return (int) shape[0];
    }

    /** The size of the last axis. */
    public int lastDim() {
        return (int) shape[shape.length - 1];
    }

    /** This shape with the last axis replaced. */
    public long[] withLastDim(long size) {
        long[] out = shape.clone();
        out[out.length - 1] = size;
        return out;
    }
}
