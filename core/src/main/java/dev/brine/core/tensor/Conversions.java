package dev.brine.core.tensor;

import dev.brine.core.IncompatibleModelException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.math.BigDecimal;

/**
 * dtype conversion with the semantics of numpy's {@code astype} and torch's {@code .to(dtype)}:
 * floats round to nearest even (F64→F16 directly, as numpy does; to BF16 and FP8 through float32, as torch does);
 * integers narrow by keeping their low bits; floats become integers by truncation toward zero; anything non-zero
 * becomes {@code true}. Where numpy's answer is undefined (NaN, infinity or a value out of range converted to an
 * integer) Brine refuses rather than inventing a number.
 */
final class Conversions {
    private Conversions() {
    }

    static Tensor convert(Tensor source, DType target, Arena arena) {
        if (source.dtype() == target) {
            MemorySegment copy = arena.allocate(source.byteSize(), 8);
            copy.copyFrom(source.data());
            return new Tensor(target, source.shape(), copy);
        }
        MemorySegment out = arena.allocate(Math.multiplyExact(source.numElements(), (long) target.byteSize()), 8);
        MemorySegment in = source.data();
        DType from = source.dtype();
        long count = source.numElements();
        boolean integral = from.kind() != DType.Kind.FLOAT;
        if (integral && from != DType.U64) {
            for (long i = 0; i < count; i++) {
                Elements.setLong(out, target, i, Elements.getLong(in, from, i));
            }
        } else if (from == DType.U64 && target.kind() != DType.Kind.FLOAT) {
            for (long i = 0; i < count; i++) {
                Elements.setLong(out, target, i, in.getAtIndex(Elements.I64, i));
            }
        } else if (from == DType.U64 && target != DType.F64) {
            // Round once, to float32, as numpy does; through double it would round twice
            // (2^63 + 2^39 + 1 must become 2^63 + 2^40, not 2^63).
            for (long i = 0; i < count; i++) {
                Elements.setDouble(out, target, i, Elements.unsignedToFloat(in.getAtIndex(Elements.I64, i)));
            }
        } else if (from == DType.F32 && target == DType.F64) {
            for (long i = 0; i < count; i++) {
                out.setAtIndex(Elements.F64, i, in.getAtIndex(Elements.F32, i));
            }
        } else {
            for (long i = 0; i < count; i++) {
                Elements.setDouble(out, target, i, Elements.getDouble(in, from, i));
            }
        }
        return new Tensor(target, source.shape(), out);
    }

    /** A float truncated toward zero, refused when the target integer cannot hold it. */
    static long truncate(double value, DType target) {
        double truncated = value < 0 ? Math.ceil(value) : Math.floor(value);
        if (!Double.isFinite(value) || !fits(truncated, target)) {
            throw new IncompatibleModelException("cannot convert " + value + " to " + target
                    + ": the value is not finite or out of the type's range. Clean the data or choose a wider dtype.");
        }
        if (target == DType.U64 && truncated >= 0x1p63) {
            return new BigDecimal(truncated).toBigInteger().longValue();
        }
        return (long) truncated;
    }

    private static boolean fits(double value, DType target) {
        return switch (target) {
            case I64 -> value >= -0x1p63 && value < 0x1p63;
            case I32 -> value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE;
            case I16 -> value >= Short.MIN_VALUE && value <= Short.MAX_VALUE;
            case I8 -> value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE;
            case U64 -> value >= 0 && value < 0x1p64;
            case U32 -> value >= 0 && value <= 0xFFFF_FFFFL;
            case U16 -> value >= 0 && value <= 0xFFFF;
            case U8 -> value >= 0 && value <= 0xFF;
            case F64, F32, F16, BF16, F8_E4M3, F8_E5M2, BOOL -> true;
        };
    }
}
