package dev.brine.core.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Reads and writes one element of any {@link DType} in a little-endian segment. Layouts are unaligned: safetensors
 * offsets need not be multiples of the element size.
 */
final class Elements {
    static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfByte I8 = ValueLayout.JAVA_BYTE;

    private Elements() {
    }

    /** The element as a double: exact for every dtype except 64-bit integers beyond 2^53. */
    static double getDouble(MemorySegment data, DType dtype, long index) {
        return switch (dtype) {
            case F64 -> data.getAtIndex(F64, index);
            case F32 -> data.getAtIndex(F32, index);
            case F16 -> MiniFloat.F16.decode(data.getAtIndex(I16, index) & 0xFFFF);
            case BF16 -> MiniFloat.BF16.decode(data.getAtIndex(I16, index) & 0xFFFF);
            case F8_E4M3 -> MiniFloat.F8_E4M3FN.decode(data.getAtIndex(I8, index) & 0xFF);
            case F8_E5M2 -> MiniFloat.F8_E5M2.decode(data.getAtIndex(I8, index) & 0xFF);
            case U64 -> unsignedToDouble(data.getAtIndex(I64, index));
            case I64, I32, I16, I8, U32, U16, U8, BOOL -> getLong(data, dtype, index);
        };
    }

    /** The element as a float, rounded once (64-bit integers through double would round twice). */
    static float getFloat(MemorySegment data, DType dtype, long index) {
        return switch (dtype) {
            case F32 -> data.getAtIndex(F32, index);
            case I64 -> (float) data.getAtIndex(I64, index);
            case U64 -> unsignedToFloat(data.getAtIndex(I64, index));
            case F64, F16, BF16, F8_E4M3, F8_E5M2, I32, I16, I8, U32, U16, U8, BOOL ->
                    (float) getDouble(data, dtype, index);
        };
    }

    /**
     * The element of an integer or bool tensor as a long (U64 above 2^63 wraps to negative, as a bit pattern).
     * For floating-point tensors, the value truncated toward zero.
     */
    static long getLong(MemorySegment data, DType dtype, long index) {
        return switch (dtype) {
            case I64, U64 -> data.getAtIndex(I64, index);
            case I32 -> data.getAtIndex(I32, index);
            case U32 -> data.getAtIndex(I32, index) & 0xFFFF_FFFFL;
            case I16 -> data.getAtIndex(I16, index);
            case U16 -> data.getAtIndex(I16, index) & 0xFFFF;
            case I8 -> data.getAtIndex(I8, index);
            case U8 -> data.getAtIndex(I8, index) & 0xFF;
            case BOOL -> data.getAtIndex(I8, index) != 0 ? 1 : 0;
            case F64, F32, F16, BF16, F8_E4M3, F8_E5M2 -> (long) getDouble(data, dtype, index);
        };
    }

    /** Stores a double, rounding to nearest even for narrower floats; integer dtypes must be given a long. */
    static void setDouble(MemorySegment data, DType dtype, long index, double value) {
        switch (dtype) {
            case F64 -> data.setAtIndex(F64, index, value);
            case F32 -> data.setAtIndex(F32, index, (float) value);
            case F16 -> data.setAtIndex(I16, index, (short) MiniFloat.F16.encode(value));
            // torch converts double to bfloat16 and float8 through float32; we do the same so results match it.
            case BF16 -> data.setAtIndex(I16, index, (short) MiniFloat.BF16.encode((float) value));
            case F8_E4M3 -> data.setAtIndex(I8, index, (byte) MiniFloat.F8_E4M3FN.encode((float) value));
            case F8_E5M2 -> data.setAtIndex(I8, index, (byte) MiniFloat.F8_E5M2.encode((float) value));
            case BOOL -> data.setAtIndex(I8, index, (byte) (value != 0 || Double.isNaN(value) ? 1 : 0));
            case I64, I32, I16, I8, U64, U32, U16, U8 -> setLong(data, dtype, index, Conversions.truncate(value, dtype));
        }
    }

    /** Stores a long, keeping the low bits for narrower integers (numpy's {@code astype} wraps the same way). */
    static void setLong(MemorySegment data, DType dtype, long index, long value) {
        switch (dtype) {
            case I64, U64 -> data.setAtIndex(I64, index, value);
            case I32, U32 -> data.setAtIndex(I32, index, (int) value);
            case I16, U16 -> data.setAtIndex(I16, index, (short) value);
            case I8, U8 -> data.setAtIndex(I8, index, (byte) value);
            case BOOL -> data.setAtIndex(I8, index, (byte) (value != 0 ? 1 : 0));
            // One rounding, to float32, then the narrow format: torch's BFloat16 and float8 constructors take a
            // float. Going through double first would round twice, and 2^60 + 2^52 + 2^36 + 1 would come out
            // as 2^60 instead of torch's 2^60 + 2^53.
            case F32, BF16, F8_E4M3, F8_E5M2 -> setDouble(data, dtype, index, (float) value);
            case F64, F16 -> setDouble(data, dtype, index, (double) value);
        }
    }

    static double unsignedToDouble(long bits) {
        // Halve with the lost bit kept as a sticky bit, so the one rounding to double is still to nearest even.
        return bits >= 0 ? (double) bits : (double) ((bits >>> 1) | (bits & 1)) * 2.0;
    }

    /** An unsigned 64-bit integer rounded once to float, as C's (and so numpy's) cast does. */
    static float unsignedToFloat(long bits) {
        return bits >= 0 ? (float) bits : (float) ((bits >>> 1) | (bits & 1)) * 2.0f;
    }
}
