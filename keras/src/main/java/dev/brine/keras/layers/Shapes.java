package dev.brine.keras.layers;

import dev.brine.core.IncompatibleModelException;

import java.util.Arrays;
import java.util.List;

/** Checks on the input shapes a layer receives, with messages that name the layer. */
final class Shapes {

    private Shapes() {
    }

    static long[] single(List<long[]> inputs, String layer) {
        if (inputs.size() != 1) {
            throw new IncompatibleModelException(layer + " takes one input, not " + inputs.size() + ".");
        }
        return inputs.getFirst();
    }

    /** The size of the last axis, which must be known. */
    static long lastKnown(long[] shape, String layer) {
        if (shape.length == 0 || shape[shape.length - 1] < 0) {
            throw new IncompatibleModelException(layer + " needs the size of its input's last axis, but the input"
                    + " shape is " + text(shape) + ".");
        }
        return shape[shape.length - 1];
    }

    static long product(long[] shape, int from, int to) {
        long count = 1;
        for (int i = from; i < to; i++) {
            count *= shape[i];
        }
        return count;
    }

    /** A Keras axis (counting the batch axis as 0, negative from the end) as an index into a batchless shape. */
    static int axis(long axis, int batchlessRank, String layer) {
        long full = axis < 0 ? axis + batchlessRank + 1 : axis;
        if (full < 1 || full > batchlessRank) {
            throw new IncompatibleModelException(layer + ": axis " + axis + " does not exist for an input of rank "
                    + (batchlessRank + 1) + " (batch included).");
        }
        return (int) full - 1;
    }

    static String text(long[] shape) {
        return Arrays.toString(shape).replace("-1", "None");
    }
}
