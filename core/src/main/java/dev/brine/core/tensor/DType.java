package dev.brine.core.tensor;

import dev.brine.core.CorruptModelException;
import dev.brine.core.UnsupportedModelException;

import java.util.Arrays;
import java.util.Set;

/**
 * Element types, named as safetensors names them. All are stored little-endian. {@code F8_E4M3} is OCP FP8 E4M3
 * "FN" (torch {@code float8_e4m3fn}: no infinities, max 448), {@code F8_E5M2} is IEEE-like (torch
 * {@code float8_e5m2}).
 */
public enum DType {
    F64(8, Kind.FLOAT),
    F32(4, Kind.FLOAT),
    F16(2, Kind.FLOAT),
    BF16(2, Kind.FLOAT),
    F8_E4M3(1, Kind.FLOAT),
    F8_E5M2(1, Kind.FLOAT),
    I64(8, Kind.SIGNED),
    I32(4, Kind.SIGNED),
    I16(2, Kind.SIGNED),
    I8(1, Kind.SIGNED),
    U64(8, Kind.UNSIGNED),
    U32(4, Kind.UNSIGNED),
    U16(2, Kind.UNSIGNED),
    U8(1, Kind.UNSIGNED),
    BOOL(1, Kind.BOOL);

    /** What an element is, for conversions. */
    public enum Kind { FLOAT, SIGNED, UNSIGNED, BOOL }

    /** dtypes the safetensors specification defines that Brine does not implement (yet). */
    private static final Set<String> KNOWN_UNSUPPORTED =
            Set.of("C64", "F8_E8M0", "F6_E2M3", "F6_E3M2", "F4", "F8_E4M3FNUZ", "F8_E5M2FNUZ");

    private final int byteSize;
    private final Kind kind;

    DType(int byteSize, Kind kind) {
        this.byteSize = byteSize;
        this.kind = kind;
    }

    public int byteSize() {
        return byteSize;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isFloatingPoint() {
        return kind == Kind.FLOAT;
    }

    /**
     * The dtype a safetensors header names. {@code where} (file and tensor) goes into the message of a dtype that
     * the specification defines but Brine does not read ({@link UnsupportedModelException}) or that no
     * specification defines ({@link CorruptModelException}).
     */
    public static DType fromSafetensorsName(String name, String where) {
        for (DType dtype : values()) {
            if (dtype.name().equals(name)) {
                return dtype;
            }
        }
        if (KNOWN_UNSUPPORTED.contains(name)) {
            throw new UnsupportedModelException(where + ": dtype " + name + " is valid safetensors but Brine does"
                    + " not read it yet. Convert the tensor to one of " + Arrays.toString(values())
                    + " where it was written.");
        }
        throw new CorruptModelException(where + ": unknown dtype \"" + name + "\"; safetensors dtypes are "
                + Arrays.toString(values()) + " and " + KNOWN_UNSUPPORTED + ".");
    }
}
