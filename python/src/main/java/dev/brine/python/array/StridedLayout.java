package dev.brine.python.array;

import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;
import dev.brine.python.io.MemoryBudget;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Shape;
import dev.brine.core.tensor.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Elements laid out in a segment by byte strides, in either byte order: a numpy array (C or Fortran order, either
 * endianness) or a torch tensor view (offset and element strides). {@link #toTensor} gives Brine's little-endian
 * row-major tensor, as a slice of the segment when the bytes already are that (nothing copied), otherwise as a copy.
 *
 * @param data        the segment the elements live in (a file mapping or a storage)
 * @param offset      byte offset of element (0, …, 0)
 * @param shape       dimensions
 * @param strides     byte step per dimension, non-negative
 * @param dtype       element type
 * @param bigEndian   whether multi-byte elements are stored big-endian
 */
public record StridedLayout(MemorySegment data, long offset, long[] shape, long[] strides, DType dtype,
                            boolean bigEndian) {

    public StridedLayout {
        shape = shape.clone();
        strides = strides.clone();
        if (shape.length != strides.length) {
            throw new IllegalArgumentException("shape and strides differ in rank");
        }
    }

    /** Contiguous elements in C (row-major) or Fortran (column-major) order starting at {@code offset}. */
    public static StridedLayout contiguous(MemorySegment data, long offset, long[] shape, DType dtype,
                                           boolean bigEndian, boolean fortranOrder) {
        return new StridedLayout(data, offset, shape, contiguousStrides(shape, dtype.byteSize(), fortranOrder),
                dtype, bigEndian);
    }

    /** Byte strides of items of {@code itemSize} bytes stored contiguously in C or Fortran order. */
    public static long[] contiguousStrides(long[] shape, long itemSize, boolean fortranOrder) {
        long[] strides = new long[shape.length];
        long step = itemSize;
        for (int k = 0; k < shape.length; k++) {
            int axis = fortranOrder ? k : shape.length - 1 - k;
            strides[axis] = step;
            step = Math.multiplyExact(step, Math.max(1, shape[axis]));
        }
        return strides;
    }

    /**
     * Checks that every element lies inside the segment and the result fits the limits, then reads the tensor.
     *
     * @param where file and name for messages
     */
    public Tensor toTensor(Limits limits, String where) {
        return toTensor(limits, where, new MemoryBudget.Account(limits));
    }

    /** Like {@link #toTensor(Limits, String)}, counting a copy against {@code account}, the file's budget. */
    public Tensor toTensor(Limits limits, String where, MemoryBudget.Account account) {
        long count = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new CorruptModelException(where + ": negative dimension in shape " + Shape.of(shape) + ".");
            }
            count = multiply(count, dim, where);
        }
        Limits.check(where + ": rank", shape.length, limits.maxRank(), "maxRank");
        long itemSize = dtype.byteSize();
        long bytes = multiply(count, itemSize, where);
        Limits.check(where + ": tensor bytes", bytes, limits.maxTensorBytes(), "maxTensorBytes");
        Shape tensorShape = new Shape(shape);
        if (count == 0) {
            return new Tensor(dtype, tensorShape, MemorySegment.ofArray(new byte[0]));
        }
        long last = offset;
        for (int axis = 0; axis < shape.length; axis++) {
            if (strides[axis] < 0) {
                throw new CorruptModelException(where + ": negative stride " + strides[axis] + ".");
            }
            last = add(last, multiply(shape[axis] - 1, strides[axis], where), where);
        }
        if (offset < 0 || add(last, itemSize, where) > data.byteSize()) {
            throw new CorruptModelException(where + ": the elements reach byte " + add(last, itemSize, where)
                    + " but the data holds only " + data.byteSize() + " bytes.");
        }
        boolean swap = bigEndian && itemSize > 1;
        if (!swap && isRowMajor()) {
            return new Tensor(dtype, tensorShape, data.asSlice(offset, bytes));
        }
        account.charge(bytes, where + ": a strided or byte-swapped view");
        MemorySegment out = Arena.ofAuto().allocate(bytes, 8);
        copyInto(out, swap);
        return new Tensor(dtype, tensorShape, out);
    }

    private boolean isRowMajor() {
        long step = dtype.byteSize();
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            if (shape[axis] != 1 && strides[axis] != step) {
                return false;
            }
            step *= shape[axis];
        }
        return true;
    }

    /** Walks the elements in row-major order with an odometer, copying runs of the innermost dimension. */
    private void copyInto(MemorySegment out, boolean swap) {
        int rank = shape.length;
        int itemSize = dtype.byteSize();
        long innerCount = rank == 0 ? 1 : shape[rank - 1];
        long innerStride = rank == 0 ? itemSize : strides[rank - 1];
        long[] index = new long[Math.max(0, rank - 1)];
        long source = offset;
        long target = 0;
        ValueLayout sourceLayout = elementLayout(itemSize, swap ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        ValueLayout targetLayout = elementLayout(itemSize, ByteOrder.LITTLE_ENDIAN);
        while (true) {
            if (innerStride == itemSize) {
                MemorySegment.copy(data, sourceLayout, source, out, targetLayout, target, innerCount);
            } else {
                for (long i = 0; i < innerCount; i++) {
                    MemorySegment.copy(data, sourceLayout, source + i * innerStride, out, targetLayout,
                            target + i * itemSize, 1);
                }
            }
            target += innerCount * itemSize;
            int axis = index.length - 1;
            while (axis >= 0) {
                index[axis]++;
                source += strides[axis];
                if (index[axis] < shape[axis]) {
                    break;
                }
                source -= strides[axis] * index[axis];
                index[axis] = 0;
                axis--;
            }
            if (axis < 0) {
                return;
            }
        }
    }

    private static ValueLayout elementLayout(int itemSize, ByteOrder order) {
        return switch (itemSize) {
            case 1 -> ValueLayout.JAVA_BYTE;
            case 2 -> ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order);
            case 4 -> ValueLayout.JAVA_INT_UNALIGNED.withOrder(order);
            case 8 -> ValueLayout.JAVA_LONG_UNALIGNED.withOrder(order);
            default -> throw new IllegalArgumentException("element size " + itemSize);
        };
    }

    private static long multiply(long a, long b, String where) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new CorruptModelException(where + ": sizes overflow 64 bits: the file is corrupt.");
        }
    }

    private static long add(long a, long b, String where) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw new CorruptModelException(where + ": offsets overflow 64 bits: the file is corrupt.");
        }
    }
}
