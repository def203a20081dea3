package dev.brine.server;

import dev.brine.core.tensor.DType;

/**
 * Which request dtypes the server converts to the dtype a model takes: those that hold every value of the request
 * dtype exactly (FP32 → FP64, INT32 → FP64, UINT8 → INT16…), so a client sending float32 to a float64 model is
 * served while nothing is ever silently rounded. Anything else is refused with 422.
 */
final class Widening {
    private Widening() {
    }

    static boolean isExact(DType from, DType to) {
        if (from == to) {
            return true;
        }
        return switch (to.kind()) {
            case BOOL -> false;
            case FLOAT -> switch (from.kind()) {
                case FLOAT -> to == DType.F64 || (to == DType.F32 && from.byteSize() < 4);
                case SIGNED, UNSIGNED -> magnitudeBits(from) <= significandBits(to);
                case BOOL -> false;
            };
            case SIGNED -> (from.kind() == DType.Kind.SIGNED || from.kind() == DType.Kind.UNSIGNED)
                    && magnitudeBits(from) <= magnitudeBits(to);
            case UNSIGNED -> from.kind() == DType.Kind.UNSIGNED && from.byteSize() < to.byteSize();
        };
    }

    /** Bits of magnitude an integer dtype holds: 7 for INT8, 8 for UINT8. */
    private static int magnitudeBits(DType integer) {
        return integer.byteSize() * 8 - (integer.kind() == DType.Kind.SIGNED ? 1 : 0);
    }

    /** Significand precision including the implicit bit: integers up to 2^bits are exact. */
    private static int significandBits(DType floating) {
        return switch (floating) {
            case F64 -> 53;
            case F32 -> 24;
            case F16 -> 11;
            case BF16 -> 8;
            case F8_E4M3 -> 4;
            case F8_E5M2 -> 3;
            default -> throw new IllegalArgumentException(floating + " is not a float dtype");
        };
    }
}
