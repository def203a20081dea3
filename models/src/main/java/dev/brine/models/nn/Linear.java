package dev.brine.models.nn;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.json.Json;
import dev.brine.models.random.Pcg64;

import java.util.List;

/**
 * {@code y = x·Wᵀ + b} with PyTorch's layout: {@code weight} {@code (out, in)}, {@code bias} {@code (out)}.
 * Initialised as PyTorch does (Kaiming-uniform with a = √5, i.e. both uniform in ±1/√in), from a {@link Pcg64}.
 */
public final class Linear implements Layer {

    private final int inFeatures;
    private final int outFeatures;
    private final Parameter weight;
    private final Parameter bias;
    /** Derived from {@code weight}; volatile so threads predicting at once see a whole one (any of them is right). */
    private volatile TransposedWeight transposed;

    private Linear(int inFeatures, int outFeatures, Parameter weight, Parameter bias) {
        if (inFeatures < 1 || outFeatures < 1) {
            throw new IllegalArgumentException("Linear needs positive sizes, got (" + inFeatures + ", " + outFeatures
                    + ")");
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = weight;
        this.bias = bias;
    }

    public static Linear initialized(int inFeatures, int outFeatures, boolean withBias, Pcg64 rng) {
        float bound = (float) (1.0 / Math.sqrt(inFeatures));
        float[] weights = new float[Math.multiplyExact(inFeatures, outFeatures)];
        for (int i = 0; i < weights.length; i++) weights[i] = uniform(rng, bound);
        Parameter biasParameter = null;
        if (withBias) {
            float[] biases = new float[outFeatures];
            for (int i = 0; i < biases.length; i++) biases[i] = uniform(rng, bound);
            biasParameter = new Parameter("bias", new long[] {outFeatures}, biases);
        }
        return new Linear(inFeatures, outFeatures,
                new Parameter("weight", new long[] {outFeatures, inFeatures}, weights), biasParameter);
    }

    /** All-zero weights, to be overwritten by a state dict. */
    static Linear zeros(int inFeatures, int outFeatures, boolean withBias) {
        return new Linear(inFeatures, outFeatures, new Parameter("weight", new long[] {outFeatures, inFeatures},
                new float[Math.multiplyExact(inFeatures, outFeatures)]),
                withBias ? new Parameter("bias", new long[] {outFeatures}, new float[outFeatures]) : null);
    }

    private static float uniform(Pcg64 rng, float bound) {
        return (2 * rng.nextFloat() - 1) * bound;
    }

    /**
     * Whether Linear layers multiply with the Vector API in this JVM (started with {@code --add-modules
     * jdk.incubator.vector}) rather than plain Java; both give the same bits, the Vector API about three times faster.
     */
    public static boolean vectorApiInUse() {
        return MatMul.BEST.vectorised();
    }

    public int inFeatures() {
        return inFeatures;
    }

    public int outFeatures() {
        return outFeatures;
    }

    public boolean hasBias() {
        return bias != null;
    }

    @Override
    public String type() {
        return "linear";
    }

    @Override
    public Json.JsonObject config() {
        return Json.object().put("in_features", inFeatures).put("out_features", outFeatures)
                .put("bias", bias != null).build();
    }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        int inputWidth = Math.toIntExact(Shapes.size(inputShape));
        if (inputShape.length != 1) {
            throw new IncompatibleModelException("Linear(" + inFeatures + ", " + outFeatures + ") gets examples of shape "
                    + Shapes.text(inputShape) + "; Brine's Linear takes flat features: put Flatten before it");
        }
        if (inputWidth != inFeatures) {
            throw new IncompatibleModelException("Linear(" + inFeatures + ", " + outFeatures + ") gets " + inputWidth
                    + " features; the previous layer or the input must give " + inFeatures);
        }
        return new int[] {outFeatures};
    }

    @Override
    public FloatMatrix forward(FloatMatrix input, Pass pass) {
        int rows = input.rows();
        float[] out = new float[rows * outFeatures];
        if (bias != null) {
            float[] b = bias.value();
            for (int r = 0; r < rows; r++) System.arraycopy(b, 0, out, r * outFeatures, outFeatures);
        }
        // out (rows, out) += x (rows, in) · Wᵀ (in, out), each output from its bias through the inputs in order.
        MatMul.BEST.multiplyAdd(rows, outFeatures, inFeatures, input.data(), inFeatures, 1, transposedWeight(), out);
        return new FloatMatrix(rows, outFeatures, out);
    }

    /**
     * Wᵀ as rows, kept until the weight changes (an optimizer step, a state-dict load): the kernel reads a row of B
     * per input feature, and transposing on every call cost more than a single-row predict itself.
     */
    private float[][] transposedWeight() {
        TransposedWeight current = transposed;
        long version = weight.version();
        if (current == null || current.version() != version) {
            current = new TransposedWeight(version, MatMul.transposedRows(weight.value(), outFeatures, inFeatures));
            transposed = current;
        }
        return current.rows();
    }

    /** Wᵀ {@code (in, out)} as one array per input feature, for the weight's {@link Parameter#version()}. */
    private record TransposedWeight(long version, float[][] rows) {
    }

    @Override
    public FloatMatrix backward(FloatMatrix input, FloatMatrix output, Object kept, FloatMatrix gradOutput) {
        int rows = input.rows();
        float[] dy = gradOutput.data();
        // dW (out, in) += dyᵀ (out, rows) · x (rows, in); dyᵀ is dy read with swapped strides.
        MatMul.BEST.multiplyAdd(outFeatures, inFeatures, rows, dy, 1, outFeatures,
                MatMul.rows(input.data(), rows, inFeatures), weight.grad());
        if (bias != null) {
            float[] db = bias.grad();
            for (int r = 0; r < rows; r++) {
                for (int o = 0; o < outFeatures; o++) db[o] += dy[r * outFeatures + o];
            }
        }
        // dx (rows, in) = dy (rows, out) · W (out, in).
        float[] dx = new float[rows * inFeatures];
        MatMul.BEST.multiplyAdd(rows, inFeatures, outFeatures, dy, outFeatures, 1,
                MatMul.rows(weight.value(), outFeatures, inFeatures), dx);
        return new FloatMatrix(rows, inFeatures, dx);
    }

    @Override
    public Linear copy() {
        Parameter weightCopy = new Parameter("weight", weight.shape(), weight.value().clone());
        Parameter biasCopy = bias == null ? null : new Parameter("bias", bias.shape(), bias.value().clone());
        return new Linear(inFeatures, outFeatures, weightCopy, biasCopy);
    }
}
