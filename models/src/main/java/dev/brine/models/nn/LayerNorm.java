package dev.brine.models.nn;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.json.Json;

import java.util.Arrays;
import java.util.List;

/**
 * PyTorch's {@code LayerNorm(normalized_shape, eps, elementwise_affine)}: each example's last axes (as many as
 * {@code normalized_shape} has) are normalised with their mean and biased variance, then scaled by {@code weight}
 * and shifted by {@code bias} of that shape. The statistics are summed in double.
 */
public final class LayerNorm implements Layer {

    private final int[] normalizedShape;
    private final int size;
    private final double eps;
    private final Parameter weight;
    private final Parameter bias;

    public LayerNorm(int[] normalizedShape, double eps, boolean affine) {
        if (normalizedShape.length == 0 || !(eps > 0)) {
            throw new IllegalArgumentException("LayerNorm needs a normalized shape and eps > 0");
        }
        this.normalizedShape = normalizedShape.clone();
        this.size = Math.toIntExact(Shapes.size(normalizedShape));
        if (size < 1) throw new IllegalArgumentException("LayerNorm needs a non-empty normalized shape");
        this.eps = eps;
        long[] shape = Arrays.stream(normalizedShape).asLongStream().toArray();
        float[] ones = new float[size];
        Arrays.fill(ones, 1f);
        this.weight = affine ? new Parameter("weight", shape, ones) : null;
        this.bias = affine ? new Parameter("bias", shape, new float[size]) : null;
    }

    @Override
    public String type() {
        return "layer_norm";
    }

    @Override
    public Json.JsonObject config() {
        return Json.object().put("normalized_shape", Conv.ints(normalizedShape)).put("eps", eps)
                .put("elementwise_affine", weight != null).build();
    }

    @Override
    public List<Parameter> parameters() {
        return weight == null ? List.of() : List.of(weight, bias);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return outputShape(normalizedShape, inputShape);
    }

    /** The rule of {@link #outputShape(int[])}, for shape checks without building the layer. */
    static int[] outputShape(int[] normalizedShape, int[] inputShape) {
        int n = normalizedShape.length;
        if (inputShape.length < n || !Arrays.equals(inputShape, inputShape.length - n, inputShape.length,
                normalizedShape, 0, n)) {
            throw new IncompatibleModelException("LayerNorm" + Shapes.text(normalizedShape) + " gets examples of shape "
                    + Shapes.text(inputShape) + "; their last axes must be " + Shapes.text(normalizedShape));
        }
        return inputShape;
    }

    private record Normalized(float[] values, double[] inverseStd) {
    }

    @Override
    public FloatMatrix forward(FloatMatrix input, Pass pass) {
        outputShape(input.shape());
        float[] x = input.data();
        int groups = x.length / size;
        float[] y = new float[x.length];
        float[] xHat = new float[x.length];
        double[] inverseStd = new double[groups];
        for (int g = 0; g < groups; g++) {
            int base = g * size;
            double mean = 0;
            for (int i = base; i < base + size; i++) mean += x[i];
            mean /= size;
            double variance = 0;
            for (int i = base; i < base + size; i++) variance += (x[i] - mean) * (x[i] - mean);
            inverseStd[g] = 1 / Math.sqrt(variance / size + eps);
            for (int i = base; i < base + size; i++) {
                xHat[i] = (float) ((x[i] - mean) * inverseStd[g]);
                y[i] = weight == null ? xHat[i] : xHat[i] * weight.value()[i - base] + bias.value()[i - base];
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
        float[] dx = new float[dy.length];
        int groups = dy.length / size;
        for (int g = 0; g < groups; g++) {
            int base = g * size;
            double sumG = 0;
            double sumGXHat = 0;
            for (int i = base; i < base + size; i++) {
                double gamma = weight == null ? 1 : weight.value()[i - base];
                double grad = dy[i] * gamma;
                sumG += grad;
                sumGXHat += grad * xHat[i];
                if (weight != null) {
                    weight.grad()[i - base] += dy[i] * xHat[i];
                    bias.grad()[i - base] += dy[i];
                }
            }
            for (int i = base; i < base + size; i++) {
                double gamma = weight == null ? 1 : weight.value()[i - base];
                dx[i] = (float) (saved.inverseStd()[g] / size * (size * dy[i] * gamma - sumG - xHat[i] * sumGXHat));
            }
        }
        return input.with(dx);
    }

    @Override
    public LayerNorm copy() {
        LayerNorm copy = new LayerNorm(normalizedShape, eps, weight != null);
        if (weight != null) {
            copy.weight.load(weight.value());
            copy.bias.load(bias.value());
        }
        return copy;
    }
}
