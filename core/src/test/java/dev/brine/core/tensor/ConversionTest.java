package dev.brine.core.tensor;

import dev.brine.core.IncompatibleModelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One behaviour of {@link Tensor#to} per test; the bulk comparison with numpy and torch is ConversionReferenceTest. */
class ConversionTest {

    @Test
    void keepsTheShape() {
        Tensor matrix = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        for (DType target : DType.values()) {
            Tensor converted = matrix.to(target);
            assertEquals(target, converted.dtype());
            assertEquals(matrix.shape(), converted.shape(), target.name());
        }
    }

    @Test
    void roundsF64ToF16DirectlyLikeNumpy() {
        // 1 + 2^-11 is halfway between float16 neighbours 1 and 1 + 2^-10; 2^-40 above it, float32 cannot hold the
        // difference. numpy rounds float64 directly (up); rounding through float32 would make a tie (down to 1).
        Tensor half = Tensor.of(new double[] {1 + 0x1p-11 + 0x1p-40}).to(DType.F16);
        assertEquals(1 + 0x1p-10, half.getDouble(0));
    }

    @Test
    void roundsF64ToBF16ThroughF32LikeTorch() {
        // The same construction for bfloat16: torch converts float64 to float32 first, giving a tie that goes to 1.
        Tensor bf16 = Tensor.of(new double[] {1 + 0x1p-8 + 0x1p-40}).to(DType.BF16);
        assertEquals(1.0, bf16.getDouble(0));
    }

    @Test
    void e4m3OverflowsToNaNAndE5M2ToInfinity() {
        Tensor e4m3 = Tensor.of(new float[] {448, 464, 464.5f, Float.POSITIVE_INFINITY, -1e6f}).to(DType.F8_E4M3);
        assertEquals(448.0, e4m3.getDouble(0));
        assertEquals(448.0, e4m3.getDouble(1)); // the tie between 448 and the NaN pattern goes to even 448
        assertTrue(Double.isNaN(e4m3.getDouble(2)));
        assertTrue(Double.isNaN(e4m3.getDouble(3)));
        assertTrue(Double.isNaN(e4m3.getDouble(4)));
        Tensor e5m2 = Tensor.of(new float[] {57344, 61439, 61440, -1e6f}).to(DType.F8_E5M2);
        assertArrayEquals(new double[] {57344, 57344, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY},
                e5m2.toDoubleArray());
    }

    @Test
    void keepsSignedZerosAndInfinitiesInEveryFloatFormat() {
        Tensor specials = Tensor.of(new double[] {-0.0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY});
        for (DType target : new DType[] {DType.F32, DType.F16, DType.BF16, DType.F8_E5M2}) {
            double[] back = specials.to(target).toDoubleArray();
            assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(back[0]), target.name());
            assertEquals(Double.NEGATIVE_INFINITY, back[1], target.name());
            assertEquals(Double.POSITIVE_INFINITY, back[2], target.name());
        }
    }

    @Test
    void keepsNaNInEveryFloatFormat() {
        Tensor nan = Tensor.of(new float[] {Float.NaN, Float.intBitsToFloat(0xFF80_0001)});
        for (DType target : new DType[] {DType.F64, DType.F16, DType.BF16, DType.F8_E4M3, DType.F8_E5M2}) {
            double[] back = nan.to(target).toDoubleArray();
            assertTrue(Double.isNaN(back[0]) && Double.isNaN(back[1]), target.name());
        }
    }

    @Test
    void truncatesFloatsTowardZero() {
        Tensor floats = Tensor.of(new double[] {2.9, -2.9, 0.5, -0.5, 127.99});
        assertArrayEquals(new long[] {2, -2, 0, 0, 127}, floats.to(DType.I8).toLongArray());
        assertArrayEquals(new long[] {0, 255}, Tensor.of(new double[] {-0.99, 255.99}).to(DType.U8).toLongArray());
    }

    @Test
    void convertsFloatsAboveTwoToThe63ToU64() {
        Tensor big = Tensor.of(new double[] {0x1.8p63, 0x1.FFFFFFFFFFFFFp63}).to(DType.U64);
        assertEquals(0xC000_0000_0000_0000L, big.getLong(0));
        assertEquals(0xFFFF_FFFF_FFFF_F800L, big.getLong(1));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"I64", "I32", "I16", "I8", "U64", "U32", "U16", "U8"})
    void refusesNaNAndInfinitiesAsIntegers(DType target) {
        for (double value : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            IncompatibleModelException error = assertThrows(IncompatibleModelException.class,
                    () -> Tensor.of(new double[] {1, value}).to(target));
            assertTrue(error.getMessage().contains(Double.toString(value)), error.getMessage());
            assertEquals(6, error.exitCode());
        }
    }

    @Test
    void refusesFloatsOutsideTheIntegerRange() {
        assertThrows(IncompatibleModelException.class, () -> Tensor.of(new double[] {256}).to(DType.U8));
        assertThrows(IncompatibleModelException.class, () -> Tensor.of(new double[] {-1}).to(DType.U32));
        assertThrows(IncompatibleModelException.class, () -> Tensor.of(new double[] {-129}).to(DType.I8));
        assertThrows(IncompatibleModelException.class, () -> Tensor.of(new double[] {0x1p63}).to(DType.I64));
        assertThrows(IncompatibleModelException.class, () -> Tensor.of(new double[] {0x1p64}).to(DType.U64));
        assertThrows(IncompatibleModelException.class, () -> Tensor.of(new float[] {0x1p31f}).to(DType.I32));
        assertEquals(Long.MIN_VALUE, Tensor.of(new double[] {-0x1p63}).to(DType.I64).getLong(0));
    }

    @Test
    void makesNonZeroAndNaNTrue() {
        Tensor floats = Tensor.of(new double[] {0, -0.0, 1e-300, Double.NaN, Double.NEGATIVE_INFINITY});
        assertArrayEquals(new long[] {0, 0, 1, 1, 1}, floats.to(DType.BOOL).toLongArray());
        Tensor integers = Tensor.of(new long[] {0, 256, -1});
        assertArrayEquals(new long[] {0, 1, 1}, integers.to(DType.BOOL).toLongArray()); // not the low byte
    }

    @Test
    void readsNonCanonicalBoolBytesAsTrue() {
        Tensor bools = new Tensor(DType.BOOL, Shape.of(2), MemorySegment.ofArray(new byte[] {0, 2}));
        assertArrayEquals(new long[] {0, 1}, bools.to(DType.I32).toLongArray());
        assertArrayEquals(new byte[] {0, 1}, bools.to(DType.U8).toByteArray());
    }

    /** Narrowing keeps the low bits, exactly as Java's own narrowing casts do. */
    @Test
    void narrowsIntegersByKeepingTheLowBits() {
        SplittableRandom random = new SplittableRandom(8);
        long[] values = new long[10_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextLong() >> random.nextInt(64);
        }
        Tensor source = Tensor.of(values);
        long[] i32 = source.to(DType.I32).toLongArray();
        long[] i16 = source.to(DType.I16).toLongArray();
        long[] i8 = source.to(DType.I8).toLongArray();
        long[] u32 = source.to(DType.U32).toLongArray();
        long[] u16 = source.to(DType.U16).toLongArray();
        long[] u8 = source.to(DType.U8).toLongArray();
        long[] u64 = source.to(DType.U64).toLongArray();
        for (int i = 0; i < values.length; i++) {
            long value = values[i];
            assertEquals((int) value, i32[i]);
            assertEquals((short) value, i16[i]);
            assertEquals((byte) value, i8[i]);
            assertEquals(value & 0xFFFF_FFFFL, u32[i]);
            assertEquals(value & 0xFFFF, u16[i]);
            assertEquals(value & 0xFF, u8[i]);
            assertEquals(value, u64[i]);
        }
    }

    /** Integers to floats round once to nearest even, as Java's own widening conversions do. */
    @Test
    void roundsIntegersToFloatsOnce() {
        SplittableRandom random = new SplittableRandom(9);
        long[] values = new long[10_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextLong() >> random.nextInt(64);
        }
        Tensor source = Tensor.of(values);
        float[] f32 = source.to(DType.F32).toFloatArray();
        double[] f64 = source.to(DType.F64).toDoubleArray();
        double[] bf16 = source.to(DType.BF16).toDoubleArray();
        double[] bf16ViaF32 = source.to(DType.F32).to(DType.BF16).toDoubleArray();
        for (int i = 0; i < values.length; i++) {
            assertEquals((float) values[i], f32[i]);
            assertEquals((double) values[i], f64[i]);
            assertEquals(bf16ViaF32[i], bf16[i]); // torch: int64 -> float -> bfloat16
        }
    }

    @Test
    void readsU64AboveTwoToThe63AsUnsigned() {
        Tensor u64 = Tensor.zeros(DType.U64, 2);
        u64.setLong(0, -1L);
        u64.setLong(1, Long.MIN_VALUE);
        assertArrayEquals(new double[] {0x1p64, 0x1p63}, u64.to(DType.F64).toDoubleArray());
        assertArrayEquals(new float[] {0x1p64f, 0x1p63f}, u64.to(DType.F32).toFloatArray());
    }

    @Test
    void widensF32ToF64Exactly() {
        SplittableRandom random = new SplittableRandom(32);
        float[] values = new float[10_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = Float.intBitsToFloat(random.nextInt());
        }
        double[] wide = Tensor.of(values).to(DType.F64).toDoubleArray();
        for (int i = 0; i < values.length; i++) {
            if (!Float.isNaN(values[i])) {
                assertEquals(Double.doubleToRawLongBits(values[i]), Double.doubleToRawLongBits(wide[i]));
            }
        }
    }
}
