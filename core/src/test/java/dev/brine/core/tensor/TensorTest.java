package dev.brine.core.tensor;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TensorTest {

    @Test
    void factoriesStoreLittleEndianRowMajorBytes() {
        assertArrayEquals(new byte[] {1, 0, 0, 0, 0, 1, 0, 0}, Tensor.of(new int[] {1, 256}).toByteArray());
        assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3F}, Tensor.of(new float[] {1f}).toByteArray());
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, (byte) 0xF0, (byte) 0xBF},
                Tensor.of(new double[] {-1.0}).toByteArray());
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F}, Tensor.of(new long[] {Long.MAX_VALUE}).toByteArray());
        assertArrayEquals(new byte[] {1, 0, 1}, Tensor.of(new boolean[] {true, false, true}).toByteArray());
        assertArrayEquals(new byte[] {-1, 7}, Tensor.of(new byte[] {-1, 7}).toByteArray());
    }

    @Test
    void factoriesGiveTheDtypeOfTheirArray() {
        assertEquals(DType.F32, Tensor.of(new float[1]).dtype());
        assertEquals(DType.F64, Tensor.of(new double[1]).dtype());
        assertEquals(DType.I64, Tensor.of(new long[1]).dtype());
        assertEquals(DType.I32, Tensor.of(new int[1]).dtype());
        assertEquals(DType.U8, Tensor.of(new byte[1]).dtype());
        assertEquals(DType.BOOL, Tensor.of(new boolean[1]).dtype());
    }

    @Test
    void factoriesWithoutDimsMakeAVectorAndWithDimsTheGivenShape() {
        assertEquals(Shape.of(6), Tensor.of(new float[6]).shape());
        Tensor matrix = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertEquals(Shape.of(2, 3), matrix.shape());
        assertEquals(2, matrix.rank());
        assertEquals(6, matrix.numElements());
        assertEquals(24, matrix.byteSize());
        assertEquals(6f, matrix.getFloat(5)); // row-major: element (1, 2) is the last
    }

    @Test
    void factoriesRefuseValuesThatDoNotFillTheShape() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new long[7], 2, 3));
    }

    @Test
    void scalarHasRankZeroAndOneElement() {
        Tensor scalar = Tensor.scalar(DType.F16, 1.5);
        assertEquals(0, scalar.rank());
        assertEquals(1, scalar.numElements());
        assertEquals(2, scalar.byteSize());
        assertEquals(1.5, scalar.getDouble(0));
        assertEquals(Shape.scalar(), Tensor.zeros(DType.I8).shape());
    }

    @Test
    void zerosAndAllocateAreZeroFilled() {
        for (DType dtype : DType.values()) {
            Tensor zeros = Tensor.zeros(dtype, 3, 5);
            assertEquals(15L * dtype.byteSize(), zeros.byteSize(), dtype.name());
            assertEquals(-1, zeros.data().mismatch(MemorySegment.ofArray(new byte[15 * dtype.byteSize()])));
        }
        try (Arena arena = Arena.ofConfined()) {
            Tensor allocated = Tensor.allocate(DType.F64, Shape.of(4), arena);
            assertArrayEquals(new double[4], allocated.toDoubleArray());
        }
    }

    @Test
    void constructorRefusesASegmentOfTheWrongSize() {
        MemorySegment sevenBytes = MemorySegment.ofArray(new byte[7]);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new Tensor(DType.F32, Shape.of(2), sevenBytes));
        assertTrue(error.getMessage().contains("needs 8 bytes"), error.getMessage());
    }

    @Test
    void readsElementsAtUnalignedOffsets() {
        // Safetensors offsets need not be multiples of the element size: a tensor may start at any byte.
        byte[] bytes = {9, 0, 0, (byte) 0x80, 0x3F, 0, 0, 0, 0x40};
        Tensor floats = new Tensor(DType.F32, Shape.of(2), MemorySegment.ofArray(bytes).asSlice(1));
        assertArrayEquals(new float[] {1f, 2f}, floats.toFloatArray());
        Tensor halves = new Tensor(DType.F16, Shape.of(4), MemorySegment.ofArray(bytes).asSlice(1));
        assertEquals(2.0, halves.getDouble(3));
    }

    @Test
    void setAndGetRoundTripEveryDtype() {
        for (DType dtype : DType.values()) {
            Tensor tensor = Tensor.zeros(dtype, 2);
            tensor.setDouble(1, 1.0);
            assertEquals(1.0, tensor.getDouble(1), dtype.name());
            assertEquals(1L, tensor.getLong(1), dtype.name());
            assertEquals(1f, tensor.getFloat(1), dtype.name());
            assertTrue(tensor.getBoolean(1), dtype.name());
            assertFalse(tensor.getBoolean(0), dtype.name());
        }
    }

    @Test
    void integerAccessIsExactOverTheWholeRangeOfEachDtype() {
        Tensor u64 = Tensor.zeros(DType.U64, 1);
        u64.setLong(0, -1L);
        assertEquals(-1L, u64.getLong(0)); // the bit pattern of 2^64 - 1
        assertEquals(0x1p64, u64.getDouble(0));
        Tensor u32 = Tensor.zeros(DType.U32, 1);
        u32.setLong(0, 0xFFFF_FFFFL);
        assertEquals(0xFFFF_FFFFL, u32.getLong(0));
        Tensor i64 = Tensor.of(new long[] {Long.MIN_VALUE, Long.MAX_VALUE});
        assertArrayEquals(new long[] {Long.MIN_VALUE, Long.MAX_VALUE}, i64.toLongArray());
        Tensor i8 = Tensor.zeros(DType.I8, 1);
        i8.setLong(0, 0x17F); // keeps the low byte, as numpy's astype wraps
        assertEquals(127, i8.getLong(0));
    }

    @Test
    void getLongTruncatesFloatsTowardZero() {
        Tensor floats = Tensor.of(new double[] {2.9, -2.9, -0.5});
        assertArrayEquals(new long[] {2, -2, 0}, floats.toLongArray());
    }

    @Test
    void bulkCopiesMatchElementAccess() {
        Tensor tensor = Tensor.of(new int[] {-3, 0, 7, Integer.MAX_VALUE}, 2, 2);
        assertArrayEquals(new int[] {-3, 0, 7, Integer.MAX_VALUE}, tensor.toIntArray());
        assertArrayEquals(new long[] {-3, 0, 7, Integer.MAX_VALUE}, tensor.toLongArray());
        assertArrayEquals(new double[] {-3, 0, 7, Integer.MAX_VALUE}, tensor.toDoubleArray());
        assertArrayEquals(new float[] {-3, 0, 7, Integer.MAX_VALUE}, tensor.toFloatArray());
    }

    @Test
    void toIntArrayRefusesValuesAnIntCannotHold() {
        Tensor big = Tensor.of(new long[] {1L << 40});
        assertThrows(ArithmeticException.class, big::toIntArray);
    }

    @Test
    void getFloatRoundsOnceLikeConvertingToF32() {
        // 2^60 + 2^36 + 1: through double it loses the 1 and then ties down to 2^60; rounded once it goes up.
        long value = (1L << 60) + (1L << 36) + 1;
        Tensor i64 = Tensor.of(new long[] {value});
        assertEquals((float) value, i64.getFloat(0));
        assertEquals((float) value, i64.toFloatArray()[0]);
        assertEquals(i64.to(DType.F32).getFloat(0), i64.getFloat(0));
        Tensor u64 = Tensor.zeros(DType.U64, 1);
        u64.setLong(0, Long.MIN_VALUE + (1L << 39) + 1); // 2^63 + 2^39 + 1 rounds up to 2^63 + 2^40
        assertEquals(0x1p63f + 0x1p40f, u64.getFloat(0));
        assertEquals(u64.to(DType.F32).getFloat(0), u64.getFloat(0));
    }

    @Test
    void reshapeSeesTheSameBytes() {
        Tensor vector = Tensor.of(new float[] {1, 2, 3, 4, 5, 6});
        Tensor matrix = vector.reshape(3, 2);
        assertEquals(Shape.of(3, 2), matrix.shape());
        matrix.setDouble(5, 60);
        assertEquals(60f, vector.getFloat(5)); // a view, not a copy
        assertEquals(Shape.scalar(), Tensor.of(new float[] {7}).reshape().shape());
    }

    @Test
    void reshapeRefusesADifferentElementCount() {
        Tensor vector = Tensor.of(new float[6]);
        assertThrows(IllegalArgumentException.class, () -> vector.reshape(4, 2));
        assertThrows(IllegalArgumentException.class, () -> vector.reshape(-2, -3));
    }

    @Test
    void contentEqualsComparesDtypeShapeAndBytes() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        assertTrue(a.contentEquals(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2)));
        assertFalse(a.contentEquals(Tensor.of(new float[] {1, 2, 3, 5}, 2, 2)));
        assertFalse(a.contentEquals(a.reshape(4)));
        assertFalse(a.contentEquals(Tensor.of(new int[] {1, 2, 3, 4}, 2, 2)));
        // Bytes, not values: a NaN equals itself, +0 differs from -0.
        assertTrue(Tensor.of(new float[] {Float.NaN}).contentEquals(Tensor.of(new float[] {Float.NaN})));
        assertFalse(Tensor.of(new float[] {0f}).contentEquals(Tensor.of(new float[] {-0f})));
        // Same bytes, different dtypes of the same width.
        assertFalse(Tensor.zeros(DType.F16, 2).contentEquals(Tensor.zeros(DType.BF16, 2)));
    }

    @Test
    void contentEqualsComparesAcrossHeapAndNativeSegments() {
        try (Arena arena = Arena.ofConfined()) {
            Tensor heap = Tensor.of(new double[] {1.5, -2.5});
            Tensor nativeCopy = heap.to(DType.F64, arena);
            assertNotSame(heap.data(), nativeCopy.data());
            assertTrue(heap.contentEquals(nativeCopy));
            nativeCopy.setDouble(0, 0);
            assertEquals(1.5, heap.getDouble(0)); // converting to the same dtype copies
        }
    }

    @Test
    void toStringNamesDtypeShapeAndSize() {
        assertEquals("Tensor[F32 (2, 3), 24 bytes]", Tensor.zeros(DType.F32, 2, 3).toString());
    }


    @Test
    void heapSegmentsOfNonByteArraysCanBeWrittenAndHashed() {
        float[] values = {1.5f, -2f, 3.25f};
        Tensor tensor = new Tensor(DType.F32, Shape.of(3), java.lang.foreign.MemorySegment.ofArray(values));
        org.junit.jupiter.api.Assertions.assertArrayEquals(values, tensor.toFloatArray());
        org.junit.jupiter.api.Assertions.assertEquals(
                dev.brine.core.format.Integrity.sha256(Tensor.of(values).data()),
                dev.brine.core.format.Integrity.sha256(tensor.data()));
    }
}
