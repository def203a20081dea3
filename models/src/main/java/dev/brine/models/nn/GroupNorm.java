package dev.brine.models.nn;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.json.Json;

import java.util.Arrays;
import java.util.List;

/**
 * PyTorch's {@code GroupNorm(num_groups, num_channels, eps, affine)}: each example's channels are split into groups,
 * each group (its channels at every position) normalised with its mean and biased variance, then each channel scaled
 * by {@code weight} and shifted by {@code bias} {@code (C)}. The statistics are summed in double.
 */
public final class GroupNorm implements Layer {

    private final int groups;
    private final int channels;
    private final double eps;
    private final Parameter weight;
    private final Parameter bias;

    public GroupNorm(int groups, int channels, double eps, boolean affine) {
        if (groups < 1 || channels < 1 || channels % groups != 0 || !(eps > 0)) {
            throw new IllegalArgumentException("GroupNorm(" + groups + ", " + channels + ") needs channels divisible "
                    + "by groups and eps > 0");
        }
        this.groups = groups;
        this.channels = channels;
        this.eps = eps;
        float[] ones = new float[channels];
        Arrays.fill(ones, 1f);
        this.weight = affine ? new Parameter("weight", new long[] {channels}, ones) : null;
        this.bias = affine ? new Parameter("bias", new long[] {channels}, new float[channels]) : null;
    }

    @Override
    public String type() {
        return "group_norm";
    }

    @Override
    public Json.JsonObject config() {
        return Json.object().put("num_groups", groups).put("num_channels", channels).put("eps", eps)
                .put("affine", weight != null).build();
    }

    @Override
    public List<Parameter> parameters() {
        return weight == null ? List.of() : List.of(weight, bias);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return outputShape(groups, channels, inputShape);
    }

    /** The rule of {@link #outputShape(int[])}, for shape checks without building the layer. */
    static int[] outputShape(int groups, int channels, int[] inputShape) {
        if (groups < 1 || channels % groups != 0) {
            throw new IllegalArgumentException("GroupNorm(" + groups + ", " + channels + ") needs channels divisible "
                    + "by groups");
        }
        if (inputShape.length < 1 || inputShape[0] != channels) {
            throw new IncompatibleModelException("GroupNorm(" + groups + ", " + channels + ") takes examples of "
                    + channels + " channels, got " + Shapes.text(inputShape));
        }
        return inputShape;
    }

    private record Normalized(float[] values, double[] inverseStd) {
    }

    @Override
    public FloatMatrix forward(FloatMatrix input, Pass pass) {
        outputShape(input.shape());
        float[] x = input.data();
        int positions = input.cols() / channels;
        int size = channels / groups * positions;
        int count = x.length / size;
        float[] y = new float[x.length];
        float[] xHat = new float[x.length];
        double[] inverseStd = new double[count];
        for (int g = 0; g < count; g++) {
            int base = g * size;
            double mean = 0;
            for (int i = base; i < base + size; i++) mean += x[i];
            mean /= size;
            double variance = 0;
            for (int i = base; i < base + size; i++) variance += (x[i] - mean) * (x[i] - mean);
            inverseStd[g] = 1 / Math.sqrt(variance / size + eps);
            for (int i = base; i < base + size; i++) {
                xHat[i] = (float) ((x[i] - mean) * inverseStd[g]);
                int c = i / positions % channels;
                y[i] = weight == null ? xHat[i] : xHat[i] * weight.value()[c] + bias.value()[c];
            }
        }
        if (pass.training()) pass.keep(new Normalized(xHat, inverseStd));
        return input.with(y);
    }

    @Override
    public FloatMatrix backward(FloatMatrix input, FloatMatrix output, Object kept, FloatMatrix gradOutput) {
        Normalized saved = (Normalized) kept;
        float[] dy = gradOutput.data();
        float[] xHat = saved.values();
        int positions = input.cols() / channels;
        int size = channels / groups * positions;
        float[] dx = new float[dy.length];
        for (int g = 0; g < dy.length / size; g++) {
            int base = g * size;
            double sumG = 0;
            double sumGXHat = 0;
            for (int i = base; i < base + size; i++) {
                int c = i / positions % channels;
                double grad = dy[i] * (weight == null ? 1 : weight.value()[c]);
                sumG += grad;
                sumGXHat += grad * xHat[i];
                if (weight != null) {
                    weight.grad()[c] += dy[i] * xHat[i];
                    bias.grad()[c] += dy[i];
                }
            }
            for (int i = base; i < base + size; i++) {
                int c = i / positions % channels;
                double grad = dy[i] * (weight == null ? 1 : weight.value()[c]);
                dx[i] = (float) (saved.inverseStd()[g] / size * (size * grad - sumG - xHat[i] * sumGXHat));
            }
        }
        return input.with(dx);
    }

    @Override
    public GroupNorm copy() {
        GroupNorm copy = new GroupNorm(groups, channels, eps, weight != null);
        if (weight != null) {
            copy.weight.load(weight.value());
            copy.bias.load(bias.value());
        }
        return copy;
    }
}
