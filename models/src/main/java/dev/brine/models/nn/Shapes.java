package dev.brine.models.nn;

import dev.brine.core.IncompatibleModelException;

import java.util.Arrays;

/** Helpers for one example's shape ({@code (channels, height, width)}, {@code (features)}), without the batch axis. */
final class Shapes {

    private Shapes() {
    }

    static long size(int[] shape) {
        long size = 1;
        for (int dim : shape) {
            if (dim < 0) throw new IllegalArgumentException("negative dimension in " + text(shape));
            size = Math.multiplyExact(size, dim);
        }
        return size;
    }

    static String text(int[] shape) {
        return Arrays.toString(shape).replace('[', '(').replace(']', ')');
    }

    /**
     * The shape as {@code (channels, spatial…)} with exactly {@code spatialDims} spatial axes, or an
     * {@link IncompatibleModelException} naming the layer.
     */
    static int[] requireSpatial(int[] shape, int spatialDims, String layer) {
        if (shape.length != spatialDims + 1) {
            throw new IncompatibleModelException(layer + " takes examples of shape (channels" + ", length".repeat(
                    spatialDims == 1 ? 1 : 0) + (spatialDims == 2 ? ", height, width" : "") + "), got "
                    + text(shape));
        }
        return shape;
    }

    static int[] of(int... dims) {
        return dims;
    }
}
