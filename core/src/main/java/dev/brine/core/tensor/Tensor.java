package dev.brine.core.tensor;

import dev.brine.core.LoadBudget;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * A tensor: a {@link DType}, a {@link Shape} and the little-endian, row-major bytes in a {@link MemorySegment}.
 * Tensors read from a file are slices of the file's one mapping (nothing is copied); tensors made in Java live in
 * an arena. The segment's lifetime is its arena's: a tensor from a closed file cannot be read.
 */
public record Tensor(DType dtype, Shape shape, MemorySegment data) {

    public Tensor {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        if (data.heapBase().filter(base -> !(base instanceof byte[])).isPresent()) {
            // A view of a float[] (or other non-byte array) cannot become a ByteBuffer, which writing and hashing
            // need; such tensors get their own off-heap copy of the same bytes.
            MemorySegment copy = Arena.ofAuto().allocate(data.byteSize(), 8);
            copy.copyFrom(data);
            data = copy;
        }
        long expected = Math.multiplyExact(shape.numElements(), (long) dtype.byteSize());
        if (data.byteSize() != expected) {
            throw new IllegalArgumentException("a " + dtype + " tensor of shape " + shape + " needs " + expected
                    + " bytes, the segment has " + data.byteSize());
        }
    }

    /** A zero-filled tensor in {@code arena}. */
    public static Tensor allocate(DType dtype, Shape shape, Arena arena) {
        long bytes = Math.multiplyExact(shape.numElements(), (long) dtype.byteSize());
        return new Tensor(dtype, shape, arena.allocate(bytes, 8));
    }

    /**
     * A zero-filled tensor whose memory is freed when it is no longer reachable. Up to {@value #MAX_HEAP_BYTES}
     * bytes it is a {@code byte[]} on the Java heap, which the garbage collector reclaims like any array (a server
     * making output tensors per request then holds no native memory waiting for a cleaner); larger tensors, such as
     * a big model's weights, live in an automatic arena, so they do not double the heap a model needs.
     */
    public static Tensor zeros(DType dtype, long... dims) {
        Shape shape = Shape.of(dims);
        long bytes = Math.multiplyExact(shape.numElements(), (long) dtype.byteSize());
        if (bytes <= MAX_HEAP_BYTES) {
            return new Tensor(dtype, shape, MemorySegment.ofArray(new byte[(int) bytes]));
        }
        return allocate(dtype, shape, Arena.ofAuto());
    }

    private static final long MAX_HEAP_BYTES = 16L << 20;

    public static Tensor of(float[] values, long... dims) {
        return copyOf(DType.F32, MemorySegment.ofArray(values), ValueLayout.JAVA_FLOAT, Elements.F32, dims);
    }

    public static Tensor of(double[] values, long... dims) {
        return copyOf(DType.F64, MemorySegment.ofArray(values), ValueLayout.JAVA_DOUBLE, Elements.F64, dims);
    }

    public static Tensor of(long[] values, long... dims) {
        return copyOf(DType.I64, MemorySegment.ofArray(values), ValueLayout.JAVA_LONG, Elements.I64, dims);
    }

    public static Tensor of(int[] values, long... dims) {
        return copyOf(DType.I32, MemorySegment.ofArray(values), ValueLayout.JAVA_INT, Elements.I32, dims);
    }

    /** Raw bytes as a U8 tensor. */
    public static Tensor of(byte[] values, long... dims) {
        return copyOf(DType.U8, MemorySegment.ofArray(values), ValueLayout.JAVA_BYTE, ValueLayout.JAVA_BYTE, dims);
    }

    /** Copies a Java array (native byte order) into a new little-endian tensor. */
    private static Tensor copyOf(DType dtype, MemorySegment values, ValueLayout arrayLayout, ValueLayout tensorLayout,
                                 long[] dims) {
        int count = Math.toIntExact(values.byteSize() / dtype.byteSize());
        Tensor tensor = zeros(dtype, checkedDims(count, dims));
        MemorySegment.copy(values, arrayLayout, 0, tensor.data, tensorLayout, 0, count);
        return tensor;
    }

    public static Tensor of(boolean[] values, long... dims) {
        Tensor tensor = zeros(DType.BOOL, checkedDims(values.length, dims));
        for (int i = 0; i < values.length; i++) {
            tensor.data.set(ValueLayout.JAVA_BYTE, i, (byte) (values[i] ? 1 : 0));
        }
        return tensor;
    }

    /** A rank-0 tensor holding one value. */
    public static Tensor scalar(DType dtype, double value) {
        Tensor tensor = zeros(dtype);
        tensor.setDouble(0, value);
        return tensor;
    }

    private static long[] checkedDims(int length, long[] dims) {
        long[] shape = dims.length == 0 ? new long[] {length} : dims;
        if (Shape.of(shape).numElements() != length) {
            throw new IllegalArgumentException(length + " values do not fill shape " + Shape.of(shape));
        }
        return shape;
    }

    public long numElements() {
        return shape.numElements();
    }

    public long byteSize() {
        return data.byteSize();
    }

    public int rank() {
        return shape.rank();
    }

    /** Element {@code index} (row-major) as a double; exact except 64-bit integers beyond 2^53. */
    public double getDouble(long index) {
        return Elements.getDouble(data, dtype, index);
    }

    /** Element {@code index} rounded once to float, as {@code to(DType.F32)} rounds it. */
    public float getFloat(long index) {
        return Elements.getFloat(data, dtype, index);
    }

    /** Element {@code index} as a long: exact for integers and bool; floats are truncated toward zero. */
    public long getLong(long index) {
        return Elements.getLong(data, dtype, index);
    }

    public boolean getBoolean(long index) {
        return getDouble(index) != 0;
    }

    /** Sets element {@code index}, rounding to nearest even for narrow floats. */
    public void setDouble(long index, double value) {
        Elements.setDouble(data, dtype, index, value);
    }

    /** Sets element {@code index} of an integer tensor, keeping the low bits of {@code value}. */
    public void setLong(long index, long value) {
        Elements.setLong(data, dtype, index, value);
    }

    public float[] toFloatArray() {
        float[] out = new float[materialized(4)];
        if (dtype == DType.F32) {
            MemorySegment.copy(data, Elements.F32, 0, out, 0, out.length);
        } else {
            for (int i = 0; i < out.length; i++) out[i] = getFloat(i);
        }
        return out;
    }

    public double[] toDoubleArray() {
        double[] out = new double[materialized(8)];
        if (dtype == DType.F64) {
            MemorySegment.copy(data, Elements.F64, 0, out, 0, out.length);
        } else {
            for (int i = 0; i < out.length; i++) out[i] = getDouble(i);
        }
        return out;
    }

    public long[] toLongArray() {
        long[] out = new long[materialized(8)];
        if (dtype == DType.I64 || dtype == DType.U64) {
            MemorySegment.copy(data, Elements.I64, 0, out, 0, out.length);
        } else {
            for (int i = 0; i < out.length; i++) out[i] = getLong(i);
        }
        return out;
    }

    public int[] toIntArray() {
        int[] out = new int[materialized(4)];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.toIntExact(getLong(i));
        }
        return out;
    }

    public byte[] toByteArray() {
        if (data.byteSize() > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("tensor of " + data.byteSize() + " bytes is too large for a Java array");
        }
        materialized(1);
        return data.toArray(ValueLayout.JAVA_BYTE);
    }

    /**
     * The element count of a copy to a Java array of {@code elementBytes} per element, charged to the load in
     * progress ({@link LoadBudget}): copies of mapped tensors count against {@code maxInMemoryBytes}, across the
     * whole file.
     */
    private int materialized(int elementBytes) {
        int count = shape.numElementsAsInt();
        LoadBudget.charge((long) count * elementBytes, () -> "copying a " + dtype + " tensor of shape " + shape
                + " into memory");
        return count;
    }

    /** This tensor converted to {@code target} in a new auto-freed segment (numpy {@code astype} rules). */
    public Tensor to(DType target) {
        return to(target, Arena.ofAuto());
    }

    public Tensor to(DType target, Arena arena) {
        return Conversions.convert(this, target, arena);
    }

    /** The same bytes seen with another shape of equal element count. */
    public Tensor reshape(long... dims) {
        return new Tensor(dtype, Shape.of(dims), data);
    }

    /** Same dtype, shape and bytes. (The record's {@code equals} compares segments by identity.) */
    public boolean contentEquals(Tensor other) {
        return dtype == other.dtype && shape.equals(other.shape) && data.mismatch(other.data) < 0;
    }

    @Override
    public String toString() {
        return "Tensor[" + dtype + " " + shape + ", " + data.byteSize() + " bytes]";
    }
}
