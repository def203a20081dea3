package dev.brine.core.tensor;

import java.util.Arrays;

/**
 * Dimensions of a tensor, outermost first (row-major). Rank 0 is a scalar with one element; a zero dimension means
 * no elements, whatever the other dimensions are. The element count may exceed 2^31; it must fit in a {@code long}.
 */
public record Shape(long[] dims) {

    public Shape {
        dims = dims.clone();
        // With a zero dimension anywhere there are no elements to count: (0, 2^62, 2^62) and (2^62, 2^62, 0) are
        // both empty, rather than one empty and the other an overflow.
        boolean empty = Arrays.stream(dims).anyMatch(dim -> dim == 0);
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw new IllegalArgumentException("dimension " + i + " is negative: " + Arrays.toString(dims));
            }
            if (!empty && dims[i] > Long.MAX_VALUE / count) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims)
                        + " has more elements than a long can count");
            }
            count = empty ? 0 : count * dims[i];
        }
    }

    public static Shape of(long... dims) {
        return new Shape(dims);
    }

    public static Shape scalar() {
        return new Shape(new long[0]);
    }

    /** The dimensions; a copy, so the shape stays immutable. */
    @Override
    public long[] dims() {
        return dims.clone();
    }

    public int rank() {
        return dims.length;
    }

    public long dim(int axis) {
        return dims[axis];
    }

    public long numElements() {
        long count = 1;
        for (long dim : dims) {
            count *= dim;
        }
        return count;
    }

    /** The element count if it fits an {@code int}, for APIs that need a Java array. */
    public int numElementsAsInt() {
        long count = numElements();
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("tensor of shape " + this + " has " + count
                    + " elements, too many for a Java array; read it through its MemorySegment instead");
        }
        return (int) count;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Shape shape && Arrays.equals(dims, shape.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Like Python: {@code (2, 3)}, {@code (5,)}, {@code ()}. */
    @Override
    public String toString() {
        if (dims.length == 1) {
            return "(" + dims[0] + ",)";
        }
        StringBuilder out = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) out.append(", ");
            out.append(dims[i]);
        }
        return out.append(')').toString();
    }
}
