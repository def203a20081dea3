package dev.brine.models.nn;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.json.Json;

import java.util.Arrays;
import java.util.List;

/**
 * PyTorch's {@code BatchNorm1d} (examples {@code (C)} or {@code (C, L)}) and {@code BatchNorm2d} ({@code (C, H, W)}),
 * normalising each channel over the batch and the positions: while training, with the batch mean and biased variance,
 * updating the running statistics ({@code (1−momentum)·running + momentum·batch}, unbiased variance) and the batch
 * counter; when evaluating, with the running statistics. Parameters {@code weight}, {@code bias}; buffers
 * {@code running_mean}, {@code running_var}, {@code num_batches_tracked}.
 */
public final class BatchNorm implements Layer {

    private final int dims;
    private final int features;
    private final double eps;
    private final double momentum;
    private final Parameter weight;
    private final Parameter bias;
    private final Buffer runningMean;
    private final Buffer runningVar;
    private final Buffer batchesTracked;

    /** {@code dims} is 1 for BatchNorm1d, 2 for BatchNorm2d. */
    public BatchNorm(int dims, int features, double eps, double momentum) {
        if (dims < 1 || dims > 2 || features < 1 || !(eps > 0) || !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("BatchNorm needs dims 1 or 2, features >= 1, eps > 0, 0 <= momentum <= 1");
        }
        this.dims = dims;
        this.features = features;
        this.eps = eps;
        this.momentum = momentum;
        float[] ones = new float[features];
        Arrays.fill(ones, 1f);
        this.weight = new Parameter("weight", new long[] {features}, ones);
        this.bias = new Parameter("bias", new long[] {features}, new float[features]);
        this.runningMean = Buffer.floats("running_mean", new float[features]);
        this.runningVar = Buffer.floats("running_var", ones.clone());
        this.batchesTracked = Buffer.counter("num_batches_tracked");
    }

    /** {@code BatchNorm1d(features)} with PyTorch's defaults (eps 1e-5, momentum 0.1). */
    public static BatchNorm of1d(int features) {
        return new BatchNorm(1, features, 1e-5, 0.1);
    }

    /** {@code BatchNorm2d(features)} with PyTorch's defaults. */
    public static BatchNorm of2d(int features) {
        return new BatchNorm(2, features, 1e-5, 0.1);
    }

    public int features() {
        return features;
    }

    public int dims() {
        return dims;
    }

    @Override
    public String type() {
        return "batch_norm" + dims + "d";
    }

    @Override
    public Json.JsonObject config() {
        return Json.object().put("num_features", features).put("eps", eps).put("momentum", momentum).build();
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    @Override
    public List<Buffer> buffers() {
        return List.of(runningMean, runningVar, batchesTracked);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return outputShape(dims, features, inputShape);
    }

    /** The rule of {@link #outputShape(int[])}, for shape checks without building the layer. */
    static int[] outputShape(int dims, int features, int[] inputShape) {
        boolean rankFits = dims == 1 ? inputShape.length == 1 || inputShape.length == 2 : inputShape.length == 3;
        if (!rankFits || inputShape[0] != features) {
            throw new IncompatibleModelException("BatchNorm" + dims + "d(" + features + ") takes examples of shape "
                    + (dims == 1 ? "(" + features + ") or (" + features + ", length)" : "(" + features
                    + ", height, width)") + ", got " + Shapes.text(inputShape));
        }
        return inputShape;
    }

    /** What backward needs: the normalised values and 1/√(var + eps) per channel. */
    private record Normalized(float[] values, double[] inverseStd) {
    }

    @Override
    public FloatMatrix forward(FloatMatrix input, Pass pass) {
        int rows = input.rows();
        int positions = input.cols() / features;
        float[] x = input.data();
        double[] mean = new double[features];
        double[] variance = new double[features];
        if (pass.training()) {
            long count = (long) rows * positions;
            if (count < 2) {
                throw new IllegalArgumentException("BatchNorm needs more than one value per channel while training");
            }
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < features; c++) {
                    int base = (r * features + c) * positions;
                    for (int s = 0; s < positions; s++) mean[c] += x[base + s];
                }
            }
            for (int c = 0; c < features; c++) mean[c] /= count;
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < features; c++) {
                    int base = (r * features + c) * positions;
                    for (int s = 0; s < positions; s++) {
                        double d = x[base + s] - mean[c];
                        variance[c] += d * d;
                    }
                }
            }
            float[] runMean = runningMean.values();
            float[] runVar = runningVar.values();
            for (int c = 0; c < features; c++) {
                double unbiased = variance[c] / (count - 1);
                variance[c] /= count;
                runMean[c] = (float) ((1 - momentum) * runMean[c] + momentum * mean[c]);
                runVar[c] = (float) ((1 - momentum) * runVar[c] + momentum * unbiased);
            }
            batchesTracked.increment();
        } else {
            for (int c = 0; c < features; c++) {
                mean[c] = runningMean.values()[c];
                variance[c] = runningVar.values()[c];
            }
        }
        double[] inverseStd = new double[features];
        for (int c = 0; c < features; c++) inverseStd[c] = 1.0 / Math.sqrt(variance[c] + eps);
        float[] y = new float[x.length];
        float[] gamma = weight.value();
        float[] beta = bias.value();
        if (!pass.training()) {
            // Evaluation is an affine map per channel: y = x·scale + shift, in float like PyTorch's inference kernel.
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < features; c++) {
                    float scale = (float) (gamma[c] * inverseStd[c]);
                    float shift = (float) (beta[c] - mean[c] * gamma[c] * inverseStd[c]);
                    int base = (r * features + c) * positions;
                    for (int s = base; s < base + positions; s++) y[s] = Math.fma(x[s], scale, shift);
                }
            }
            return input.with(y);
        }
        float[] normalized = new float[x.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < features; c++) {
                int base = (r * features + c) * positions;
                for (int s = base; s < base + positions; s++) {
                    normalized[s] = (float) ((x[s] - mean[c]) * inverseStd[c]);
                    y[s] = normalized[s] * gamma[c] + beta[c];
                }
            }
        }
        pass.keep(new Normalized(normalized, inverseStd));
        return input.with(y);
    }

    @Override
    public FloatMatrix backward(FloatMatrix input, FloatMatrix output, Object kept, FloatMatrix gradOutput) {
        Normalized saved = (Normalized) kept;
        int rows = input.rows();
        int positions = input.cols() / features;
        long count = (long) rows * positions;
        float[] dy = gradOutput.data();
        float[] xHat = saved.values();
        double[] sumDy = new double[features];
        double[] sumDyXHat = new double[features];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < features; c++) {
                int base = (r * features + c) * positions;
                for (int s = base; s < base + positions; s++) {
                    sumDy[c] += dy[s];
                    sumDyXHat[c] += (double) dy[s] * xHat[s];
                }
            }
        }
        float[] dGamma = weight.grad();
        float[] dBeta = bias.grad();
        float[] gamma = weight.value();
        for (int c = 0; c < features; c++) {
            dGamma[c] += (float) sumDyXHat[c];
            dBeta[c] += (float) sumDy[c];
        }
        float[] dx = new float[dy.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < features; c++) {
                int base = (r * features + c) * positions;
                for (int s = base; s < base + positions; s++) {
                    dx[s] = (float) (gamma[c] * saved.inverseStd()[c] / count
                            * (count * (double) dy[s] - sumDy[c] - xHat[s] * sumDyXHat[c]));
                }
            }
        }
        return input.with(dx);
    }

    @Override
    public BatchNorm copy() {
        BatchNorm copy = new BatchNorm(dims, features, eps, momentum);
        copy.weight.load(weight.value());
        copy.bias.load(bias.value());
        copy.runningMean.load(runningMean.toTensor());
        copy.runningVar.load(runningVar.toTensor());
        copy.batchesTracked.load(batchesTracked.toTensor());
        return copy;
    }
}
