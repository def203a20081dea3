package dev.brine.models.nn;

/**
 * The dense layers' one hot loop, {@code C += A·B}, with every element of {@code C} summed in one fixed order:
 * starting from its value in {@code C}, {@code c = fma(a(i, p), b[p][j], c)} for {@code p = 0, 1, … depth − 1}. Each
 * output element is one chain of fused multiply-adds, never split into partial sums, so the result does not depend
 * on the vector width, on how the work is tiled or on the kernel: {@link VectorMatMul} (the Vector API, when the JVM
 * was started with {@code --add-modules jdk.incubator.vector}) and {@link ScalarMatMul} (plain Java, always there)
 * give the same bits, which makes training reproducible on any machine and thread count (issue 4 §2).
 *
 * <p>{@code A} is read through strides, so a row-major matrix and its transpose are the same array:
 * {@code a(i, p) = a[i·aRowStride + p·aDepthStride]}. {@code B} comes as one array per row (the plain-Java kernel
 * needs its loads and {@code C}'s stores at the same index to be vectorised), {@code C} is row-major
 * {@code (rows, columns)}.
 */
sealed interface MatMul permits ScalarMatMul, VectorMatMul {

    /** The Vector API kernel when the JVM has the incubator module, else the plain-Java one. */
    MatMul BEST = choose();

    void multiplyAdd(int rows, int columns, int depth, float[] a, int aRowStride, int aDepthStride, float[][] b,
                     float[] c);

    /** Whether this kernel uses the Vector API (reported by the benchmarks and docs). */
    boolean vectorised();

    /** A row-major {@code (rows, columns)} matrix as one array per row. */
    static float[][] rows(float[] values, int rows, int columns) {
        float[][] out = new float[rows][];
        for (int r = 0; r < rows; r++) out[r] = java.util.Arrays.copyOfRange(values, r * columns, (r + 1) * columns);
        return out;
    }

    /** The transpose of a row-major {@code (rows, columns)} matrix, as one array per column. */
    static float[][] transposedRows(float[] values, int rows, int columns) {
        float[][] out = new float[columns][rows];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) out[c][r] = values[r * columns + c];
        }
        return out;
    }

    private static MatMul choose() {
        // Looked up by its fixed name, never by anything read from a file. The Vector API class is only loaded here,
        // so a JVM without the module never resolves a jdk.incubator.vector type.
        boolean wanted = !Boolean.getBoolean("brine.nn.scalar");
        return wanted && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                ? VectorMatMul.create() : ScalarMatMul.INSTANCE;
    }
}
