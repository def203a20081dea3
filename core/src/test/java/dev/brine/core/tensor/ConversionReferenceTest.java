package dev.brine.core.tensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.MemorySegment;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link Tensor#to} against conversions computed by numpy, torch and an exact FP8 reference
 * ({@code dtypes/generate.py}). NaN is compared by NaN-ness, everything else bit for bit.
 */
class ConversionReferenceTest {

    private static final List<ReferenceConversions> REFERENCES = ReferenceConversions.load();

    static List<ReferenceConversions> references() {
        return REFERENCES;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("references")
    void convertsLikeTheReference(ReferenceConversions reference) {
        Tensor input = new Tensor(reference.source(), Shape.of(reference.count()),
                MemorySegment.ofArray(reference.inputs()));
        byte[] actual = input.to(reference.target()).toByteArray();
        int size = reference.target().byteSize();
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < reference.count(); i++) {
            BigInteger want = element(reference.outputs(), i, size);
            BigInteger got = element(actual, i, size);
            boolean bothNaN = isNaN(reference.target(), want) && isNaN(reference.target(), got);
            if (!bothNaN && !want.equals(got)) {
                BigInteger inputBits = element(reference.inputs(), i, reference.source().byteSize());
                mismatches.add("input " + describe(reference.source(), inputBits) + ": want 0x" + want.toString(16)
                        + ", got 0x" + got.toString(16));
            }
        }
        if (!mismatches.isEmpty()) {
            fail(reference + ": " + mismatches.size() + " differ:\n  "
                    + String.join("\n  ", mismatches.subList(0, Math.min(20, mismatches.size()))));
        }
    }

    /** The references must reach every dtype pair the issue names, or this test proves less than it claims. */
    @Test
    void referencesCoverEveryDtypeAndTheRoundingCasesTheyExistFor() {
        Set<DType> sources = EnumSet.noneOf(DType.class);
        Set<DType> targets = EnumSet.noneOf(DType.class);
        for (ReferenceConversions reference : REFERENCES) {
            sources.add(reference.source());
            targets.add(reference.target());
        }
        assertEquals(EnumSet.allOf(DType.class), sources);
        assertEquals(EnumSet.allOf(DType.class), targets);
        assertTrue(REFERENCES.stream().anyMatch(r -> r.source() == DType.F16 && r.count() == 65536));
        assertTrue(REFERENCES.stream().anyMatch(r -> r.source() == DType.BF16 && r.count() == 65536));
    }

    /** Element {@code index} as an unsigned little-endian integer of {@code size} bytes. */
    private static BigInteger element(byte[] data, int index, int size) {
        byte[] bigEndian = new byte[size + 1];
        for (int b = 0; b < size; b++) {
            bigEndian[size - b] = data[index * size + b];
        }
        return new BigInteger(bigEndian);
    }

    /** NaN by the bit layout of each format, written out here rather than asking the code under test. */
    private static boolean isNaN(DType dtype, BigInteger bits) {
        long value = bits.longValue();
        return switch (dtype) {
            case F64 -> (value & 0x7FF0_0000_0000_0000L) == 0x7FF0_0000_0000_0000L
                    && (value & 0xF_FFFF_FFFF_FFFFL) != 0;
            case F32 -> (value & 0x7F80_0000) == 0x7F80_0000 && (value & 0x7F_FFFF) != 0;
            case F16 -> (value & 0x7C00) == 0x7C00 && (value & 0x3FF) != 0;
            case BF16 -> (value & 0x7F80) == 0x7F80 && (value & 0x7F) != 0;
            case F8_E5M2 -> (value & 0x7C) == 0x7C && (value & 0x3) != 0;
            case F8_E4M3 -> (value & 0x7F) == 0x7F;
            default -> false;
        };
    }

    private static String describe(DType dtype, BigInteger bits) {
        long value = bits.longValue();
        String hex = "0x" + bits.toString(16);
        return switch (dtype) {
            case F64 -> Double.longBitsToDouble(value) + " (" + hex + ")";
            case F32 -> Float.intBitsToFloat((int) value) + " (" + hex + ")";
            case I64 -> Long.toString(value);
            case I32 -> Integer.toString((int) value);
            case I16 -> Short.toString((short) value);
            case I8 -> Byte.toString((byte) value);
            default -> hex;
        };
    }
}
