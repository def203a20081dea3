package dev.brine.models.nn;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.json.Json;
import dev.brine.models.random.Pcg64;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * PyTorch's {@code Conv1d} and {@code Conv2d}: stride, zero padding (numbers, {@code 'valid'} or {@code 'same'}),
 * dilation, groups and bias, with PyTorch's {@code weight} {@code (out, in/groups, kH, kW)} (or {@code (out,
 * in/groups, k)}) and {@code bias} {@code (out)}. A 1-d convolution runs as a 2-d one of height 1.
 *
 * <p>Computed as im2col on {@link MatMul}: the output positions are cut into tiles, each tile's input patches are
 * laid out as the rows of {@code B} (one per input channel and kernel offset), and {@code C = W·B} starts from the
 * bias. Every output element is one chain of fused multiply-adds over (channel, kernel row, kernel column) in order,
 * so tiles can run on any thread and the bits do not depend on the kernel or the thread count.
 */
public final class Conv implements Layer {

    /** Output positions per tile: a tile of patches stays in the core's cache while the kernel sweeps it. */
    private static final int TILE_BYTES = 256 * 1024;

    private final Spec spec;
    private final int dims;
    private final int inChannels;
    private final int outChannels;
    private final int[] kernel;
    private final int[] stride;
    /** Padding before each spatial axis, and in total ({@code 'same'} puts the odd one after, as PyTorch). */
    private final int[] padBefore;
    private final int[] padTotal;
    private final boolean same;
    private final int[] dilation;
    private final int groups;
    private final Parameter weight;
    private final Parameter bias;
    private volatile GroupWeights groupWeights;

    /**
     * A convolution with zero weights. {@code kernel}, {@code stride}, {@code padding}, {@code dilation} have
     * {@code dims} entries (1 or 2); {@code padding} null means {@code 'same'}.
     */
    public Conv(int dims, int inChannels, int outChannels, int[] kernel, int[] stride, int[] padding, int[] dilation,
                int groups, boolean withBias) {
        this(new Spec(dims, inChannels, outChannels, kernel, stride, padding, dilation, groups, withBias));
    }

    private Conv(Spec spec) {
        this.spec = spec;
        this.dims = spec.dims();
        this.inChannels = spec.inChannels();
        this.outChannels = spec.outChannels();
        this.kernel = spec.kernel();
        this.stride = spec.stride();
        this.dilation = spec.dilation();
        this.same = spec.padding() == null;
        this.padBefore = new int[dims];
        this.padTotal = new int[dims];
        for (int d = 0; d < dims; d++) {
            padTotal[d] = same ? dilation[d] * (kernel[d] - 1) : 2 * spec.padding()[d];
            padBefore[d] = same ? padTotal[d] / 2 : spec.padding()[d];
        }
        this.groups = spec.groups();
        long[] shape = new long[dims + 2];
        shape[0] = outChannels;
        shape[1] = inChannels / groups;
        for (int d = 0; d < dims; d++) shape[d + 2] = kernel[d];
        this.weight = new Parameter("weight", shape, new float[Math.toIntExact(Shapes.size(toInts(shape)))]);
        this.bias = spec.bias() ? new Parameter("bias", new long[] {outChannels}, new float[outChannels]) : null;
    }

    /**
     * A convolution's settings, checked, without its weights: enough to compute output shapes of an architecture
     * without allocating anything. {@code padding} null means {@code 'same'}.
     */
    record Spec(int dims, int inChannels, int outChannels, int[] kernel, int[] stride, int[] padding, int[] dilation,
                int groups, boolean bias) {
        Spec {
            if (dims < 1 || dims > 2 || kernel.length != dims || stride.length != dims || dilation.length != dims
                    || (padding != null && padding.length != dims)) {
                throw new IllegalArgumentException("Conv" + dims + "d needs " + dims + " kernel, stride, padding and "
                        + "dilation entries");
            }
            if (inChannels < 1 || outChannels < 1 || groups < 1 || inChannels % groups != 0
                    || outChannels % groups != 0) {
                throw new IllegalArgumentException("Conv" + dims + "d(" + inChannels + ", " + outChannels + ", groups="
                        + groups + "): channels must be positive and divisible by groups");
            }
            for (int d = 0; d < dims; d++) {
                if (kernel[d] < 1 || stride[d] < 1 || dilation[d] < 1 || (padding != null && padding[d] < 0)) {
                    throw new IllegalArgumentException("Conv" + dims + "d needs positive kernel, stride, dilation and "
                            + "non-negative padding");
                }
                if (padding == null && stride[d] != 1) {
                    throw new IllegalArgumentException("padding='same' is not supported for strided convolutions "
                            + "(as in PyTorch)");
                }
            }
            kernel = kernel.clone();
            stride = stride.clone();
            padding = padding == null ? null : padding.clone();
            dilation = dilation.clone();
        }

        /** One example's output shape; refuses an input of the wrong rank, channels or too small for the kernel. */
        int[] outputShape(int[] inputShape) {
            if (inputShape.length != dims + 1 || inputShape[0] != inChannels) {
                throw new IncompatibleModelException(description() + " takes examples of shape (" + inChannels
                        + (dims == 1 ? ", length)" : ", height, width)") + ", got " + Shapes.text(inputShape)
                        + (inputShape.length == 1 ? "; give the input its shape (e.g. an .npy batch of rank "
                        + (dims + 2) + ")" : ""));
            }
            int[] out = new int[dims + 1];
            out[0] = outChannels;
            for (int d = 0; d < dims; d++) {
                int reach = dilation[d] * (kernel[d] - 1) + 1;
                int size = inputShape[d + 1] + (padding == null ? reach - 1 : 2 * padding[d]) - reach;
                if (size < 0) {
                    throw new IncompatibleModelException(description() + ": the input's size " + inputShape[d + 1]
                            + " is smaller than the kernel's reach " + reach);
                }
                out[d + 1] = size / stride[d] + 1;
            }
            return out;
        }

        String description() {
            return "Conv" + dims + "d(" + inChannels + ", " + outChannels + ")";
        }

        Conv build() {
            return new Conv(this);
        }
    }

    /** Initialised as PyTorch does: weight and bias uniform in ±1/√(in/groups · kernel size). */
    public Conv initialize(Pcg64 rng) {
        float bound = (float) (1.0 / Math.sqrt(patchSize()));
        float[] w = weight.value();
        for (int i = 0; i < w.length; i++) w[i] = (2 * rng.nextFloat() - 1) * bound;
        weight.markChanged();
        if (bias != null) {
            float[] b = bias.value();
            for (int i = 0; i < b.length; i++) b[i] = (2 * rng.nextFloat() - 1) * bound;
            bias.markChanged();
        }
        return this;
    }

    private static int[] toInts(long[] shape) {
        int[] out = new int[shape.length];
        for (int i = 0; i < shape.length; i++) out[i] = Math.toIntExact(shape[i]);
        return out;
    }

    /** Inputs per output value: {@code in/groups · kH · kW}. */
    private int patchSize() {
        int size = inChannels / groups;
        for (int k : kernel) size *= k;
        return size;
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    @Override
    public String type() {
        return "conv" + dims + "d";
    }

    @Override
    public Json.JsonObject config() {
        Json.ObjectBuilder builder = Json.object().put("in_channels", inChannels).put("out_channels", outChannels)
                .put("kernel_size", ints(kernel)).put("stride", ints(stride));
        if (same) {
            builder.put("padding", "same");
        } else {
            builder.put("padding", ints(padBefore));
        }
        return builder.put("dilation", ints(dilation)).put("groups", groups).put("bias", bias != null).build();
    }

    static Json ints(int[] values) {
        List<Json> items = new ArrayList<>();
        for (int value : values) items.add(Json.of(value));
        return Json.array(items);
    }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    /** (height, width) of the input as 2-d, height 1 for a 1-d convolution. */
    private int[] plane(int[] shape) {
        return dims == 1 ? new int[] {1, shape[1]} : new int[] {shape[1], shape[2]};
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return spec.outputShape(inputShape);
    }

    /** The geometry of one call: input and output planes, kernel (2-d), and the patch size of a group. */
    record Geometry(int inH, int inW, int outH, int outW, int kH, int kW, int sH, int sW, int pH, int pW,
                            int dH, int dW, int inPerGroup, int outPerGroup, int patch) {
        int inPlane() {
            return inH * inW;
        }

        int outPlane() {
            return outH * outW;
        }
    }

    private Geometry geometry(int[] inputShape) {
        int[] output = outputShape(inputShape);
        int[] in = plane(inputShape);
        int[] out = plane(output);
        boolean one = dims == 1;
        return new Geometry(in[0], in[1], out[0], out[1], one ? 1 : kernel[0], kernel[dims - 1], one ? 1 : stride[0],
                stride[dims - 1], one ? 0 : padBefore[0], padBefore[dims - 1], one ? 1 : dilation[0],
                dilation[dims - 1], inChannels / groups, outChannels / groups, patchSize());
    }

    @Override
    public FloatMatrix forward(FloatMatrix input, Pass pass) {
        int[] outShape = outputShape(input.shape());
        Geometry g = geometry(input.shape());
        int rows = input.rows();
        int positions = g.outPlane();
        int tile = Math.max(32, Math.min(positions, TILE_BYTES / (4 * g.patch()) / 32 * 32));
        int tiles = (positions + tile - 1) / tile;
        float[][] weights = groupWeights();
        float[] x = input.data();
        float[] out = new float[Math.multiplyExact(rows, outChannels * positions)];
        int tasks = rows * groups * tiles;
        IntStream range = IntStream.range(0, tasks);
        if ((long) tasks * tile * g.patch() * g.outPerGroup() > PARALLEL_MIN_WORK && tasks > 1) {
            range = range.parallel();
        }
        range.forEach(task -> {
            int t = task % tiles;
            int group = task / tiles % groups;
            int row = task / tiles / groups;
            int from = t * tile;
            int width = Math.min(tile, positions - from);
            float[][] patches = patches(g, x, row * inChannels * g.inPlane(), group, from, width);
            float[] c = new float[g.outPerGroup() * width];
            if (bias != null) {
                float[] b = bias.value();
                for (int o = 0; o < g.outPerGroup(); o++) {
                    java.util.Arrays.fill(c, o * width, (o + 1) * width, b[group * g.outPerGroup() + o]);
                }
            }
            MatMul.BEST.multiplyAdd(g.outPerGroup(), width, g.patch(), weights[group], g.patch(), 1, patches, c);
            int base = row * outChannels * positions;
            for (int o = 0; o < g.outPerGroup(); o++) {
                System.arraycopy(c, o * width, out, base + (group * g.outPerGroup() + o) * positions + from, width);
            }
        });
        return FloatMatrix.of(rows, outShape, out);
    }

    /** Below this many multiply-adds a call is not worth spreading over threads. */
    private static final long PARALLEL_MIN_WORK = 1 << 20;

    /**
     * The input patches of output positions {@code from … from + width − 1} for one group: a row per (input channel
     * of the group, kernel row, kernel column), zero where the kernel reaches into the padding.
     */
    static float[][] patches(Geometry g, float[] x, int exampleOffset, int group, int from, int width) {
        float[][] rows = new float[g.patch()][width];
        int k = 0;
        for (int c = 0; c < g.inPerGroup(); c++) {
            int channelOffset = exampleOffset + (group * g.inPerGroup() + c) * g.inPlane();
            for (int i = 0; i < g.kH(); i++) {
                for (int j = 0; j < g.kW(); j++) {
                    float[] row = rows[k++];
                    int oh = from / g.outW();
                    int ow = from % g.outW();
                    for (int q = 0; q < width; q++) {
                        int ih = oh * g.sH() - g.pH() + i * g.dH();
                        int iw = ow * g.sW() - g.pW() + j * g.dW();
                        if (ih >= 0 && ih < g.inH() && iw >= 0 && iw < g.inW()) {
                            row[q] = x[channelOffset + ih * g.inW() + iw];
                        }
                        if (++ow == g.outW()) {
                            ow = 0;
                            oh++;
                        }
                    }
                }
            }
        }
        return rows;
    }

    /** Each group's rows of the weight as one array {@code (out/groups, patch)}, kept until the weight changes. */
    private float[][] groupWeights() {
        GroupWeights current = groupWeights;
        long version = weight.version();
        if (current == null || current.version() != version) {
            float[] w = weight.value();
            float[][] slices = new float[groups][];
            int size = w.length / groups;
            for (int g = 0; g < groups; g++) {
                slices[g] = groups == 1 ? w : java.util.Arrays.copyOfRange(w, g * size, (g + 1) * size);
            }
            current = new GroupWeights(version, slices);
            groupWeights = current;
        }
        return current.slices();
    }

    private record GroupWeights(long version, float[][] slices) {
    }

    @Override
    public FloatMatrix backward(FloatMatrix input, FloatMatrix output, Object kept, FloatMatrix gradOutput) {
        Geometry g = geometry(input.shape());
        int rows = input.rows();
        int positions = g.outPlane();
        float[] x = input.data();
        float[] dy = gradOutput.data();
        float[] dx = new float[x.length];
        float[][] weights = groupWeights();
        float[] dW = weight.grad();
        int groupSize = dW.length / groups;
        for (int row = 0; row < rows; row++) {
            int inOffset = row * inChannels * g.inPlane();
            for (int group = 0; group < groups; group++) {
                float[][] patches = patches(g, x, inOffset, group, 0, positions);
                float[][] patchRows = MatMul.transposedRows(flatten(patches), g.patch(), positions);
                int dyOffset = (row * outChannels + group * g.outPerGroup()) * positions;
                float[] dyGroup = java.util.Arrays.copyOfRange(dy, dyOffset, dyOffset + g.outPerGroup() * positions);
                // dW_g (out/g, patch) += dy_g (out/g, positions) · patchesᵀ (positions, patch), example after example.
                float[] dWGroup = groups == 1 ? dW : java.util.Arrays.copyOfRange(dW, group * groupSize,
                        (group + 1) * groupSize);
                MatMul.BEST.multiplyAdd(g.outPerGroup(), g.patch(), positions, dyGroup, positions, 1, patchRows,
                        dWGroup);
                if (groups > 1) System.arraycopy(dWGroup, 0, dW, group * groupSize, groupSize);
                // dpatches (patch, positions) = W_gᵀ (patch, out/g) · dy_g (out/g, positions), then scattered back.
                float[] dPatches = new float[g.patch() * positions];
                MatMul.BEST.multiplyAdd(g.patch(), positions, g.outPerGroup(), weights[group], 1, g.patch(),
                        MatMul.rows(dyGroup, g.outPerGroup(), positions), dPatches);
                scatter(g, dPatches, dx, inOffset, group, positions);
            }
        }
        if (bias != null) {
            float[] db = bias.grad();
            for (int row = 0; row < rows; row++) {
                for (int o = 0; o < outChannels; o++) {
                    int offset = (row * outChannels + o) * positions;
                    float sum = db[o];
                    for (int q = 0; q < positions; q++) sum += dy[offset + q];
                    db[o] = sum;
                }
            }
        }
        return input.with(dx);
    }

    static float[] flatten(float[][] rows) {
        int width = rows.length == 0 ? 0 : rows[0].length;
        float[] out = new float[rows.length * width];
        for (int r = 0; r < rows.length; r++) System.arraycopy(rows[r], 0, out, r * width, width);
        return out;
    }

    /** Adds each patch gradient back to the input element it was read from (col2im), in a fixed order. */
    static void scatter(Geometry g, float[] dPatches, float[] dx, int exampleOffset, int group, int positions) {
        int k = 0;
        for (int c = 0; c < g.inPerGroup(); c++) {
            int channelOffset = exampleOffset + (group * g.inPerGroup() + c) * g.inPlane();
            for (int i = 0; i < g.kH(); i++) {
                for (int j = 0; j < g.kW(); j++) {
                    int rowOffset = k++ * positions;
                    for (int q = 0; q < positions; q++) {
                        int ih = q / g.outW() * g.sH() - g.pH() + i * g.dH();
                        int iw = q % g.outW() * g.sW() - g.pW() + j * g.dW();
                        if (ih >= 0 && ih < g.inH() && iw >= 0 && iw < g.inW()) {
                            dx[channelOffset + ih * g.inW() + iw] += dPatches[rowOffset + q];
                        }
                    }
                }
            }
        }
    }

    @Override
    public Conv copy() {
        Conv copy = new Conv(new Spec(dims, inChannels, outChannels, kernel, stride, same ? null : padBefore, dilation,
                groups, bias != null));
        copy.weight.load(weight.value());
        if (bias != null) copy.bias.load(bias.value());
        return copy;
    }
}
