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
    public int outputWidth(int inputWidth) {
        if (inputWidth != inFeatures) {
            throw new IncompatibleModelException("Linear(" + inFeatures + ", " + outFeatures + ") gets " + inputWidth
                    + " features; the previous layer or the input must give " + inFeatures);
        }
        return outFeatures;
    }

    @Override
    public FloatMatrix forward(FloatMatrix input, Pass pass) {
        int rows = input.rows();
        float[] x = input.data();
        float[] w = weight.value();
        // Wᵀ (in, out), so each input feature adds a scaled row of it to the output row: element-wise work the JIT
        // vectorises, with a fixed order of additions (no reduction), so results do not depend on the CPU's width.
        float[] transposed = new float[w.length];
        for (int o = 0; o < outFeatures; o++) {
            for (int i = 0; i < inFeatures; i++) transposed[i * outFeatures + o] = w[o * inFeatures + i];
        }
        float[] out = new float[rows * outFeatures];
        float[] b = bias == null ? null : bias.value();
        for (int r = 0; r < rows; r++) {
            int outOffset = r * outFeatures;
            if (b != null) System.arraycopy(b, 0, out, outOffset, outFeatures);
            int xOffset = r * inFeatures;
            for (int i = 0; i < inFeatures; i++) {
                float value = x[xOffset + i];
                if (value != 0f) Kernels.axpy(value, transposed, i * outFeatures, out, outOffset, outFeatures);
            }
        }
        return new FloatMatrix(rows, outFeatures, out);
    }

    @Override
    public FloatMatrix backward(FloatMatrix input, FloatMatrix output, Object kept, FloatMatrix gradOutput) {
        int rows = input.rows();
        float[] x = input.data();
        float[] dy = gradOutput.data();
        float[] w = weight.value();
        float[] dw = weight.grad();
        // dW[o] += Σ_r dy[r][o]·x[r]: each output row of W is one axpy per example.
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < outFeatures; o++) {
                float g = dy[r * outFeatures + o];
                if (g != 0f) Kernels.axpy(g, x, r * inFeatures, dw, o * inFeatures, inFeatures);
            }
        }
        if (bias != null) {
            float[] db = bias.grad();
            for (int r = 0; r < rows; r++) {
                for (int o = 0; o < outFeatures; o++) db[o] += dy[r * outFeatures + o];
            }
        }
        float[] dx = new float[rows * inFeatures];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < outFeatures; o++) {
                float g = dy[r * outFeatures + o];
                if (g != 0f) Kernels.axpy(g, w, o * inFeatures, dx, r * inFeatures, inFeatures);
            }
        }
        return new FloatMatrix(rows, inFeatures, dx);
    }

    @Override
    public Linear copy() {
        Parameter weightCopy = new Parameter("weight", weight.shape(), weight.value().clone());
        Parameter biasCopy = bias == null ? null : new Parameter("bias", bias.shape(), bias.value().clone());
        return new Linear(inFeatures, outFeatures, weightCopy, biasCopy);
    }
}
