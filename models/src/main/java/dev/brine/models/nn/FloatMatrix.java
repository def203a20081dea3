package dev.brine.models.nn;

/**
 * A batch of float32 activations, row-major {@code (rows, cols)}: one row per example. Networks compute in float32
 * like PyTorch, so weights move between the two without rounding. {@code shape} is one example's shape in PyTorch's
 * layout without the batch axis ({@code (channels, height, width)} for an image, {@code (cols)} for features); a
 * row holds the example in that layout, so flattening is free.
 */
public record FloatMatrix(int rows, int cols, float[] data, int[] shape) {

    public FloatMatrix {
        if (rows < 0 || cols < 0 || (long) rows * cols != data.length) {
            throw new IllegalArgumentException(data.length + " values do not fill a " + rows + "x" + cols + " matrix");
        }
        if (Shapes.size(shape) != cols) {
            throw new IllegalArgumentException("example shape " + Shapes.text(shape) + " does not hold " + cols
                    + " values");
        }
    }

    /** A batch of flat feature rows. */
    public FloatMatrix(int rows, int cols, float[] data) {
        this(rows, cols, data, new int[] {cols});
    }

    /** A batch of {@code rows} examples of {@code shape}. */
    public static FloatMatrix of(int rows, int[] shape, float[] data) {
        return new FloatMatrix(rows, Math.toIntExact(Shapes.size(shape)), data, shape.clone());
    }

    public static FloatMatrix zeros(int rows, int cols) {
        return new FloatMatrix(rows, cols, new float[Math.multiplyExact(rows, cols)]);
    }

    public float get(int row, int col) {
        return data[row * cols + col];
    }

    public FloatMatrix selectRows(int[] rowIndices, int from, int to) {
        float[] out = new float[(to - from) * cols];
        for (int i = from; i < to; i++) {
            System.arraycopy(data, rowIndices[i] * cols, out, (i - from) * cols, cols);
        }
        return new FloatMatrix(to - from, cols, out, shape);
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive), copied. */
    public FloatMatrix rowRange(int from, int to) {
        return new FloatMatrix(to - from, cols, java.util.Arrays.copyOfRange(data, from * cols, to * cols), shape);
    }

    /** A new matrix of the same shape whose values come from {@code values}. */
    public FloatMatrix with(float[] values) {
        return new FloatMatrix(rows, cols, values, shape);
    }

    /** The same values seen as examples of another shape with as many values. */
    public FloatMatrix reshaped(int[] newShape) {
        return new FloatMatrix(rows, cols, data, newShape.clone());
    }
}
