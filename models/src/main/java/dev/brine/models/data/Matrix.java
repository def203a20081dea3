package dev.brine.models.data;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.tensor.Tensor;

/**
 * A dense row-major matrix of doubles: the working form of tabular data for the classic models. The array is
 * shared, not copied; callers that keep a matrix do not mutate it.
 */
public record Matrix(int rows, int cols, double[] values) {

    public Matrix {
        if (rows < 0 || cols < 0 || (long) rows * cols != values.length) {
            throw new IllegalArgumentException(values.length + " values do not fill a " + rows + "x" + cols
                    + " matrix");
        }
    }

    public static Matrix zeros(int rows, int cols) {
        return new Matrix(rows, cols, new double[Math.multiplyExact(rows, cols)]);
    }

    public static Matrix of(double[][] rowArrays) {
        int cols = rowArrays.length == 0 ? 0 : rowArrays[0].length;
        double[] values = new double[rowArrays.length * cols];
        for (int r = 0; r < rowArrays.length; r++) {
            if (rowArrays[r].length != cols) {
                throw new IllegalArgumentException("row " + r + " has " + rowArrays[r].length + " values, row 0 has "
                        + cols);
            }
            System.arraycopy(rowArrays[r], 0, values, r * cols, cols);
        }
        return new Matrix(rowArrays.length, cols, values);
    }

    /**
     * A batch tensor as a matrix: rank 2 {@code (rows, cols)}, or rank 1 read as one row. Any numeric or bool dtype;
     * the values are converted to double.
     */
    public static Matrix fromTensor(Tensor tensor) {
        long[] rowsAndCols = rowsAndCols(tensor);
        return new Matrix(Math.toIntExact(rowsAndCols[0]), Math.toIntExact(rowsAndCols[1]), tensor.toDoubleArray());
    }

    /** A batch tensor's {@code (rows, cols)}: rank 2 as it is, rank 1 as one row. */
    static long[] rowsAndCols(Tensor tensor) {
        long[] dims = tensor.shape().dims();
        if (dims.length == 1) {
            return new long[] {1, dims[0]};
        }
        if (dims.length != 2) {
            throw new IncompatibleModelException("input tensor has shape " + tensor.shape()
                    + "; a tabular model takes (rows, features)");
        }
        return dims;
    }

    public Tensor toTensor() {
        return Tensor.of(values, rows, cols);
    }

    public double get(int row, int col) {
        return values[row * cols + col];
    }

    public void set(int row, int col, double value) {
        values[row * cols + col] = value;
    }

    /** Offset of a row's first value in {@link #values()}. */
    public int rowOffset(int row) {
        return row * cols;
    }

    public double[] row(int row) {
        double[] out = new double[cols];
        System.arraycopy(values, row * cols, out, 0, cols);
        return out;
    }

    public double[] column(int col) {
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            out[r] = values[r * cols + col];
        }
        return out;
    }

    public Matrix selectRows(int[] rowIndices) {
        double[] out = new double[rowIndices.length * cols];
        for (int i = 0; i < rowIndices.length; i++) {
            System.arraycopy(values, rowIndices[i] * cols, out, i * cols, cols);
        }
        return new Matrix(rowIndices.length, cols, out);
    }

    public Matrix selectColumns(int[] colIndices) {
        double[] out = new double[rows * colIndices.length];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < colIndices.length; j++) {
                out[r * colIndices.length + j] = values[r * cols + colIndices[j]];
            }
        }
        return new Matrix(rows, colIndices.length, out);
    }

    /** Columns of several matrices with the same row count, side by side. */
    public static Matrix concatColumns(java.util.List<Matrix> parts) {
        int rows = parts.isEmpty() ? 0 : parts.get(0).rows;
        int cols = 0;
        for (Matrix part : parts) {
            if (part.rows != rows) {
                throw new IllegalArgumentException("cannot join matrices of " + rows + " and " + part.rows + " rows");
            }
            cols += part.cols;
        }
        double[] out = new double[rows * cols];
        int offset = 0;
        for (Matrix part : parts) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(part.values, r * part.cols, out, r * cols + offset, part.cols);
            }
            offset += part.cols;
        }
        return new Matrix(rows, cols, out);
    }

    /** Throws {@link IncompatibleModelException} unless the matrix has the column count a fitted model expects. */
    public Matrix requireColumns(int expected, String modelType) {
        if (cols != expected) {
            throw wrongColumnCount(expected, cols, modelType);
        }
        return this;
    }

    static IncompatibleModelException wrongColumnCount(int expected, int cols, String modelType) {
        return new IncompatibleModelException(modelType + " expects " + expected + " input features, the input has "
                + cols + " columns");
    }
}
