package dev.brine.models.nn;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.json.Json;

import java.util.Arrays;
import java.util.List;

/**
 * PyTorch's {@code BatchNorm1d} over features: while training, normalises with the batch mean and biased variance
 * and updates the running statistics ({@code (1−momentum)·running + momentum·batch}, unbiased variance) and the
 * batch counter; when evaluating, normalises with the running statistics. Parameters {@code weight}, {@code bias};
 * buffers {@code running_mean}, {@code running_var}, {@code num_batches_tracked}.
 */
public final class BatchNorm1d implements Layer {

    private final int features;
    private final double eps;
    private final double momentum;
    private final Parameter weight;
    private final Parameter bias;
    private final Buffer runningMean;
    private final Buffer runningVar;
    private final Buffer batchesTracked;

    public BatchNorm1d(int features, double eps, double momentum) {
        if (features < 1 || !(eps > 0) || !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("BatchNorm1d needs features >= 1, eps > 0, 0 <= momentum <= 1");
        }
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

    public BatchNorm1d(int features) {
        this(features, 1e-5, 0.1);
    }

    public int features() {
        return features;
    }

    @Override
    public String type() {
        return "batch_norm1d";
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
    public int outputWidth(int inputWidth) {
        if (inputWidth != features) {
            throw new IncompatibleModelException("BatchNorm1d(" + features + ") gets " + inputWidth + " features");
        }
        return features;
    }

    /** What backward needs: the normalised values and 1/√(var + eps) per feature. */
    private record Normalized(float[] values, double[] inverseStd) {
    }

    @Override
    public FloatMatrix forward(FloatMatrix input, Pass pass) {
        int rows = input.rows();
        float[] x = input.data();
        double[] mean = new double[features];
        double[] variance = new double[features];
        if (pass.training()) {
            if (rows < 2) {
                throw new IllegalArgumentException("BatchNorm1d needs more than one example per batch while training");
            }
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < features; c++) mean[c] += x[r * features + c];
            }
            for (int c = 0; c < features; c++) mean[c] /= rows;
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < features; c++) {
                    double d = x[r * features + c] - mean[c];
                    variance[c] += d * d;
                }
            }
            float[] runMean = runningMean.values();
            float[] runVar = runningVar.values();
            for (int c = 0; c < features; c++) {
                double unbiased = variance[c] / (rows - 1);
                variance[c] /= rows;
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
        float[] normalized = new float[x.length];
        float[] y = new float[x.length];
        float[] gamma = weight.value();
        float[] beta = bias.value();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < features; c++) {
                int i = r * features + c;
                normalized[i] = (float) ((x[i] - mean[c]) * inverseStd[c]);
                y[i] = normalized[i] * gamma[c] + beta[c];
            }
        }
        if (pass.training()) {
            pass.keep(new Normalized(normalized, inverseStd));
        }
        return input.with(y);
    }

    @Override
    public FloatMatrix backward(FloatMatrix input, FloatMatrix output, Object kept, FloatMatrix gradOutput) {
        Normalized saved = (Normalized) kept;
        int rows = input.rows();
        float[] dy = gradOutput.data();
        float[] xHat = saved.values();
        double[] sumDy = new double[features];
        double[] sumDyXHat = new double[features];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < features; c++) {
                int i = r * features + c;
                sumDy[c] += dy[i];
                sumDyXHat[c] += (double) dy[i] * xHat[i];
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
                int i = r * features + c;
                dx[i] = (float) (gamma[c] * saved.inverseStd()[c] / rows
                        * (rows * (double) dy[i] - sumDy[c] - xHat[i] * sumDyXHat[c]));
            }
        }
        return input.with(dx);
    }

    @Override
    public BatchNorm1d copy() {
        BatchNorm1d copy = new BatchNorm1d(features, eps, momentum);
        copy.weight.load(weight.value());
        copy.bias.load(bias.value());
        copy.runningMean.load(runningMean.toTensor());
        copy.runningVar.load(runningVar.toTensor());
        copy.batchesTracked.load(batchesTracked.toTensor());
        return copy;
    }
}
