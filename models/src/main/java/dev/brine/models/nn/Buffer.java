package dev.brine.models.nn;

import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;

/**
 * State a layer needs to predict that is not learned by gradient (BatchNorm's running statistics), saved with the
 * BUFFER role under PyTorch's names and dtypes: float32 arrays, or a 0-d int64 counter ({@code num_batches_tracked}).
 */
public final class Buffer {

    private final String name;
    private final float[] values;
    private long counter;
    private final boolean isCounter;

    private Buffer(String name, float[] values, boolean isCounter) {
        this.name = name;
        this.values = values;
        this.isCounter = isCounter;
    }

    public static Buffer floats(String name, float[] values) {
        return new Buffer(name, values, false);
    }

    public static Buffer counter(String name) {
        return new Buffer(name, null, true);
    }

    public String name() {
        return name;
    }

    /** The live values of a float buffer. */
    public float[] values() {
        return values;
    }

    public long counter() {
        return counter;
    }

    void increment() {
        counter++;
    }

    public DType dtype() {
        return isCounter ? DType.I64 : DType.F32;
    }

    public long[] shape() {
        return isCounter ? new long[0] : new long[] {values.length};
    }

    public Tensor toTensor() {
        if (isCounter) {
            Tensor tensor = Tensor.zeros(DType.I64);
            tensor.setLong(0, counter);
            return tensor;
        }
        return Tensor.of(values.clone(), values.length);
    }

    /** Overwrites the state (dtype and shape were checked by the caller). */
    void load(Tensor tensor) {
        if (isCounter) {
            counter = tensor.getLong(0);
        } else {
            System.arraycopy(tensor.toFloatArray(), 0, values, 0, values.length);
        }
    }
}
