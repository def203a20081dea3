package dev.brine.models.nn;

import dev.brine.core.tensor.Tensor;

/**
 * A learned weight of a layer with its gradient, by its local name ({@code weight}, {@code bias}); the network adds
 * the layer prefix ({@code 0.weight}). Values change in place as the optimizer steps.
 */
public final class Parameter {

    private final String name;
    private final long[] shape;
    private final float[] value;
    private final float[] grad;
    private long version;

    public Parameter(String name, long[] shape, float[] value) {
        long count = 1;
        for (long dim : shape) count *= dim;
        if (count != value.length) {
            throw new IllegalArgumentException(name + ": " + value.length + " values for shape "
                    + java.util.Arrays.toString(shape));
        }
        this.name = name;
        this.shape = shape.clone();
        this.value = value;
        this.grad = new float[value.length];
    }

    public String name() {
        return name;
    }

    public long[] shape() {
        return shape.clone();
    }

    /**
     * The live values. Optimizers update them in place; whoever writes them calls {@link #markChanged()} after, so a
     * layer that keeps them in another layout (Linear's transposed weight) rebuilds it.
     */
    public float[] value() {
        return value;
    }

    /** Records that {@link #value()} was written; layers compare {@link #version()} to refresh what they derived. */
    public void markChanged() {
        version++;
    }

    /** A number that changes whenever the values do (through {@link #markChanged()}). */
    public long version() {
        return version;
    }

    /** The live gradient, accumulated by backward passes and cleared by {@link #zeroGrad()}. */
    public float[] grad() {
        return grad;
    }

    public void zeroGrad() {
        java.util.Arrays.fill(grad, 0f);
    }

    public Tensor toTensor() {
        return Tensor.of(value.clone(), shape);
    }

    /** Overwrites the values (shapes were checked by the caller). */
    void load(float[] values) {
        System.arraycopy(values, 0, value, 0, value.length);
        markChanged();
    }
}
