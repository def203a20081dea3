package dev.brine.core.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShapeTest {

    @Test
    void scalarHasRankZeroAndOneElement() {
        assertEquals(0, Shape.scalar().rank());
        assertEquals(1, Shape.scalar().numElements());
        assertEquals(Shape.scalar(), Shape.of());
    }

    @Test
    void zeroDimensionMeansNoElementsWhereverItIs() {
        assertEquals(0, Shape.of(3, 0, 5).numElements());
        assertEquals(0, Shape.of(0, 1L << 62, 1L << 62).numElements());
        assertEquals(0, Shape.of(1L << 62, 1L << 62, 0).numElements());
    }

    @Test
    void countsElementsBeyondTwoToThe31WithoutAllocating() {
        Shape shape = Shape.of(1 << 16, 1 << 16, 3);
        assertEquals(3L << 32, shape.numElements());
        assertEquals(Long.MAX_VALUE, Shape.of(Long.MAX_VALUE).numElements());
        assertEquals(1L << 62, Shape.of(2, 2, 2, 2, 1L << 58).numElements());
    }

    @Test
    void numElementsAsIntRefusesCountsAJavaArrayCannotHold() {
        assertEquals(Integer.MAX_VALUE - 8, Shape.of(Integer.MAX_VALUE - 8).numElementsAsInt());
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> Shape.of(1L << 31).numElementsAsInt());
        assertTrue(error.getMessage().contains("MemorySegment"), error.getMessage());
    }

    @Test
    void refusesANegativeDimension() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Shape.of(2, -1));
        assertTrue(error.getMessage().contains("dimension 1 is negative"), error.getMessage());
    }

    @Test
    void refusesAnElementCountBeyond64Bits() {
        assertThrows(IllegalArgumentException.class, () -> Shape.of(1L << 32, 1L << 31));
        assertThrows(IllegalArgumentException.class, () -> Shape.of(Long.MAX_VALUE, 2));
        assertThrows(IllegalArgumentException.class, () -> Shape.of(3, 3, Long.MAX_VALUE / 8));
    }

    @Test
    void isImmutable() {
        long[] dims = {2, 3};
        Shape shape = Shape.of(dims);
        dims[0] = 99;
        shape.dims()[1] = 99;
        assertArrayEquals(new long[] {2, 3}, shape.dims());
    }

    @Test
    void equalsAndHashCodeCompareDimensions() {
        assertEquals(Shape.of(2, 3), Shape.of(2, 3));
        assertEquals(Shape.of(2, 3).hashCode(), Shape.of(2, 3).hashCode());
        assertNotEquals(Shape.of(2, 3), Shape.of(3, 2));
        assertNotEquals(Shape.of(6), Shape.of(6, 1));
    }

    @Test
    void printsLikePython() {
        assertEquals("()", Shape.scalar().toString());
        assertEquals("(5,)", Shape.of(5).toString());
        assertEquals("(2, 3, 4)", Shape.of(2, 3, 4).toString());
    }

    @Test
    void tensorOfAHugeShapeNeedsASegmentOfThatSize() {
        // Shape alone never allocates; a tensor checks that its segment holds every element.
        Shape huge = Shape.of(1L << 20, 1L << 20, 1L << 10);
        assertThrows(IllegalArgumentException.class,
                () -> new Tensor(DType.U8, huge, java.lang.foreign.MemorySegment.ofArray(new byte[16])));
    }
}
