package dev.brine.models.data;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A batch of rows of doubles, row-major {@code (rows, cols)}, handed out a block of rows at a time: a matrix's own
 * array, or an F64 tensor's bytes copied block by block into one small array. A large batch tensor is then read once,
 * in cache-sized pieces, instead of being copied whole into a newly allocated {@link Matrix} first. (Reading the segment element by
 * element in a hot loop is slower still: the JIT cannot hoist its checks across the several kinds of segment.)
 */
public sealed interface DoubleRows {

    int rows();

    int cols();

    /**
     * Gives {@code block} rows {@code [from, to)}: row {@code r} starts at {@code offset + (r − from)·cols}, in the
     * matrix's own array or in {@code scratch} (from {@link #scratch}, reused block after block: allocating an
     * array per block would cost as much as the copy).
     */
    void withRows(int from, int to, double[] scratch, Block block);

    /** An array that holds {@code blockRows} rows for {@link #withRows}, or none when the rows are in an array. */
    double[] scratch(int blockRows);

    /** A block of rows in an array. */
    @FunctionalInterface
    interface Block {
        void accept(double[] values, int offset, int from, int to);
    }

    /** The tensor's rows, as {@link Matrix#fromTensor} reads them; F64 in place, other dtypes converted first. */
    static DoubleRows of(Tensor tensor) {
        if (tensor.dtype() != DType.F64) {
            return of(Matrix.fromTensor(tensor));
        }
        long[] rowsAndCols = Matrix.rowsAndCols(tensor);
        return new OfSegment(tensor.data(), Math.toIntExact(rowsAndCols[0]), Math.toIntExact(rowsAndCols[1]));
    }

    static DoubleRows of(Matrix matrix) {
        return new OfMatrix(matrix);
    }

    /** Throws {@link IncompatibleModelException} unless the rows have the column count a fitted model expects. */
    default DoubleRows requireColumns(int expected, String modelType) {
        if (cols() != expected) {
            throw Matrix.wrongColumnCount(expected, cols(), modelType);
        }
        return this;
    }

    record OfMatrix(Matrix matrix) implements DoubleRows {
        @Override
        public int rows() {
            return matrix.rows();
        }

        @Override
        public int cols() {
            return matrix.cols();
        }

        @Override
        public void withRows(int from, int to, double[] scratch, Block block) {
            block.accept(matrix.values(), from * matrix.cols(), from, to);
        }

        @Override
        public double[] scratch(int blockRows) {
            return new double[0];
        }
    }

    /** Little-endian F64 rows in a segment (a tensor's data). */
    record OfSegment(MemorySegment data, int rows, int cols) implements DoubleRows {
        private static final ValueLayout.OfDouble LITTLE_ENDIAN_F64 =
                ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

        public OfSegment {
            if (rows < 0 || cols < 0 || data.byteSize() != (long) rows * cols * Double.BYTES) {
                throw new IllegalArgumentException(data.byteSize() + " bytes do not hold a " + rows + "x" + cols
                        + " matrix of doubles");
            }
        }

        @Override
        public void withRows(int from, int to, double[] scratch, Block block) {
            MemorySegment.copy(data, LITTLE_ENDIAN_F64, (long) from * cols * Double.BYTES, scratch, 0,
                    (to - from) * cols);
            block.accept(scratch, 0, from, to);
        }

        @Override
        public double[] scratch(int blockRows) {
            return new double[Math.multiplyExact(Math.min(blockRows, rows), cols)];
        }
    }
}
