package dev.brine.models.nn;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.json.Json;

import java.util.List;

/**
 * PyTorch's {@code ConvTranspose2d(in, out, kernel_size, stride, padding, output_padding, groups, bias, dilation)}:
 * the gradient of a convolution with respect to its input, used to upsample. {@code weight} is
 * {@code (in, out/groups, kH, kW)}, {@code bias} {@code (out)}; the output is
 * {@code (H−1)·stride − 2·padding + dilation·(k−1) + output_padding + 1} per axis. Computed on {@link MatMul}:
 * {@code Wᵀ·x} gives every input position's contribution to each output channel and kernel offset, which are added
 * into the output in a fixed order (col2im), then the bias; backward reads the output gradient's patches as a
 * convolution does.
 */
public final class ConvTranspose2d implements Layer {

    private final int inChannels;
    private final int outChannels;
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final int[] outputPadding;
    private final int[] dilation;
    private final int groups;
    private final Parameter weight;
    private final Parameter bias;

    public ConvTranspose2d(int inChannels, int outChannels, int[] kernel, int[] stride, int[] padding,
                           int[] outputPadding, int[] dilation, int groups, boolean withBias) {
        checkSettings(inChannels, outChannels, kernel, stride, padding, outputPadding, dilation, groups);
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel.clone();
        this.stride = stride.clone();
        this.padding = padding.clone();
        this.outputPadding = outputPadding.clone();
        this.dilation = dilation.clone();
        this.groups = groups;
        this.weight = new Parameter("weight", new long[] {inChannels, outChannels / groups, kernel[0], kernel[1]},
                new float[Math.multiplyExact(Math.multiplyExact(inChannels, outChannels / groups),
                        kernel[0] * kernel[1])]);
        this.bias = withBias ? new Parameter("bias", new long[] {outChannels}, new float[outChannels]) : null;
    }

    static void checkSettings(int inChannels, int outChannels, int[] kernel, int[] stride, int[] padding,
                              int[] outputPadding, int[] dilation, int groups) {
        if (kernel.length != 2 || stride.length != 2 || padding.length != 2 || outputPadding.length != 2
                || dilation.length != 2) {
            throw new IllegalArgumentException("ConvTranspose2d needs two kernel, stride, padding, output_padding and "
                    + "dilation entries");
        }
        if (inChannels < 1 || outChannels < 1 || groups < 1 || inChannels % groups != 0
                || outChannels % groups != 0) {
            throw new IllegalArgumentException("ConvTranspose2d(" + inChannels + ", " + outChannels + ", groups="
                    + groups + "): channels must be positive and divisible by groups");
        }
        for (int d = 0; d < 2; d++) {
            if (kernel[d] < 1 || stride[d] < 1 || dilation[d] < 1 || padding[d] < 0 || outputPadding[d] < 0
                    || (outputPadding[d] >= stride[d] && outputPadding[d] >= dilation[d])) {
                throw new IllegalArgumentException("ConvTranspose2d needs positive kernel, stride and dilation, "
                        + "non-negative padding, and output_padding below the stride or the dilation (as PyTorch)");
            }
        }
    }

    @Override
    public String type() {
        return "conv_transpose2d";
    }

    @Override
    public Json.JsonObject config() {
        return Json.object().put("in_channels", inChannels).put("out_channels", outChannels)
                .put("kernel_size", Conv.ints(kernel)).put("stride", Conv.ints(stride))
                .put("padding", Conv.ints(padding)).put("output_padding", Conv.ints(outputPadding))
                .put("dilation", Conv.ints(dilation)).put("groups", groups).put("bias", bias != null).build();
    }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return outputShape(inChannels, outChannels, kernel, stride, padding, outputPadding, dilation, inputShape);
    }

    /** The rule of {@link #outputShape(int[])}, for shape checks without building the layer. */
    static int[] outputShape(int inChannels, int outChannels, int[] kernel, int[] stride, int[] padding,
                             int[] outputPadding, int[] dilation, int[] inputShape) {
        if (inputShape.length != 3 || inputShape[0] != inChannels) {
            throw new IncompatibleModelException("ConvTranspose2d(" + inChannels + ", " + outChannels + ") takes "
                    + "examples of shape (" + inChannels + ", height, width), got " + Shapes.text(inputShape));
        }
        int[] out = {outChannels, 0, 0};
        for (int d = 0; d < 2; d++) {
            long size = (long) (inputShape[d + 1] - 1) * stride[d] - 2L * padding[d] + (long) dilation[d]
                    * (kernel[d] - 1) + outputPadding[d] + 1;
            if (size < 1 || size > Integer.MAX_VALUE) {
                throw new IncompatibleModelException("ConvTranspose2d(" + inChannels + ", " + outChannels + "): an "
                        + "input of size " + inputShape[d + 1] + " gives output size " + size);
            }
            out[d + 1] = (int) size;
        }
        return out;
    }

    /**
     * The convolution whose input gradient this layer computes: its input is this layer's output, its output
     * positions this layer's input positions, its channels per group swapped.
     */
    private Conv.Geometry geometry(int[] inputShape) {
        int[] out = outputShape(inputShape);
        int inPerGroup = inChannels / groups;
        int outPerGroup = outChannels / groups;
        return new Conv.Geometry(out[1], out[2], inputShape[1], inputShape[2], kernel[0], kernel[1], stride[0],
                stride[1], padding[0], padding[1], dilation[0], dilation[1], outPerGroup, inPerGroup,
                outPerGroup * kernel[0] * kernel[1]);
    }

    @Override
    public FloatMatrix forward(FloatMatrix input, Pass pass) {
        int[] outShape = outputShape(input.shape());
        Conv.Geometry g = geometry(input.shape());
        int rows = input.rows();
        int positions = g.outPlane();
        int inPerGroup = inChannels / groups;
        int groupWeights = inPerGroup * g.patch();
        float[] x = input.data();
        float[] w = weight.value();
        float[] out = new float[Math.multiplyExact(rows, outChannels * g.inPlane())];
        for (int row = 0; row < rows; row++) {
            int outOffset = row * outChannels * g.inPlane();
            for (int group = 0; group < groups; group++) {
                int xOffset = (row * inChannels + group * inPerGroup) * positions;
                float[][] planes = MatMul.rows(java.util.Arrays.copyOfRange(x, xOffset, xOffset + inPerGroup
                        * positions), inPerGroup, positions);
                // contributions (out/g · kH · kW, positions) = W_gᵀ · x_g, W_g being (in/g, out/g · kH · kW).
                float[] contributions = new float[g.patch() * positions];
                float[] wGroup = groups == 1 ? w : java.util.Arrays.copyOfRange(w, group * groupWeights,
                        (group + 1) * groupWeights);
                MatMul.BEST.multiplyAdd(g.patch(), positions, inPerGroup, wGroup, 1, g.patch(), planes,
                        contributions);
                Conv.scatter(g, contributions, out, outOffset, group, positions);
            }
            if (bias != null) {
                float[] b = bias.value();
                for (int o = 0; o < outChannels; o++) {
                    int base = outOffset + o * g.inPlane();
                    for (int i = base; i < base + g.inPlane(); i++) out[i] += b[o];
                }
            }
        }
        return FloatMatrix.of(rows, outShape, out);
    }

    @Override
    public FloatMatrix backward(FloatMatrix input, FloatMatrix output, Object kept, FloatMatrix gradOutput) {
        Conv.Geometry g = geometry(input.shape());
        int rows = input.rows();
        int positions = g.outPlane();
        int inPerGroup = inChannels / groups;
        int groupWeights = inPerGroup * g.patch();
        float[] x = input.data();
        float[] dy = gradOutput.data();
        float[] w = weight.value();
        float[] dW = weight.grad();
        float[] dx = new float[x.length];
        for (int row = 0; row < rows; row++) {
            int dyOffset = row * outChannels * g.inPlane();
            for (int group = 0; group < groups; group++) {
                float[][] patches = Conv.patches(g, dy, dyOffset, group, 0, positions);
                float[] wGroup = groups == 1 ? w : java.util.Arrays.copyOfRange(w, group * groupWeights,
                        (group + 1) * groupWeights);
                int xOffset = (row * inChannels + group * inPerGroup) * positions;
                // dx_g (in/g, positions) = W_g (in/g, patch) · patches (patch, positions).
                float[] dxGroup = new float[inPerGroup * positions];
                MatMul.BEST.multiplyAdd(inPerGroup, positions, g.patch(), wGroup, g.patch(), 1, patches, dxGroup);
                System.arraycopy(dxGroup, 0, dx, xOffset, dxGroup.length);
                // dW_g (in/g, patch) += x_g (in/g, positions) · patchesᵀ (positions, patch), example after example.
                float[] dWGroup = groups == 1 ? dW : java.util.Arrays.copyOfRange(dW, group * groupWeights,
                        (group + 1) * groupWeights);
                MatMul.BEST.multiplyAdd(inPerGroup, g.patch(), positions, java.util.Arrays.copyOfRange(x, xOffset,
                        xOffset + inPerGroup * positions), positions, 1, MatMul.transposedRows(Conv.flatten(patches),
                        g.patch(), positions), dWGroup);
                if (groups > 1) System.arraycopy(dWGroup, 0, dW, group * groupWeights, groupWeights);
            }
        }
        if (bias != null) {
            float[] db = bias.grad();
            for (int row = 0; row < rows; row++) {
                for (int o = 0; o < outChannels; o++) {
                    int offset = (row * outChannels + o) * g.inPlane();
                    float sum = db[o];
                    for (int q = 0; q < g.inPlane(); q++) sum += dy[offset + q];
                    db[o] = sum;
                }
            }
        }
        return input.with(dx);
    }

    @Override
    public ConvTranspose2d copy() {
        ConvTranspose2d copy = new ConvTranspose2d(inChannels, outChannels, kernel, stride, padding, outputPadding,
                dilation, groups, bias != null);
        copy.weight.load(weight.value());
        if (bias != null) copy.bias.load(bias.value());
        return copy;
    }
}
