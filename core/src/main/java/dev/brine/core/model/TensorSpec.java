package dev.brine.core.model;

import dev.brine.core.tensor.DType;

import java.util.Arrays;
import java.util.Objects;

/**
 * One input or output of a model: a name, a dtype and a shape in which -1 means "any size" (the batch dimension,
 * or a dimension the model does not fix).
 */
public record TensorSpec(String name, DType dtype, long[] shape) {

    public TensorSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        shape = shape.clone();
        for (long dim : shape) {
            if (dim < -1) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + ": dimensions are >= -1");
            }
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** True when a concrete shape fits this spec (same rank, equal or wildcard dimensions). */
    public boolean accepts(long[] concrete) {
        if (concrete.length != shape.length) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] != -1 && shape[i] != concrete[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TensorSpec spec && name.equals(spec.name) && dtype == spec.dtype
                && Arrays.equals(shape, spec.shape);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape));
    }

    @Override
    public String toString() {
        return name + ": " + dtype + " " + Arrays.toString(shape);
    }
}
