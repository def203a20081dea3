package dev.brine.models.nn;

import dev.brine.core.json.Json;

/** Softmax or LogSoftmax over each row ({@code dim=1}), shifted by the row maximum so exp never overflows. */
public record Softmax(boolean log) implements Layer {

    @Override
    public String type() {
        return log ? "log_softmax" : "softmax";
    }

    @Override
    public Json.JsonObject config() {
        return Json.object().put("dim", 1).build();
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length != 1) {
            throw new dev.brine.core.IncompatibleModelException(type() + " over dim 1 gets examples of shape "
                    + Shapes.text(inputShape) + "; Brine applies it to flat features only: put Flatten before it");
        }
        return inputShape;
    }

    @Override
    public FloatMatrix forward(FloatMatrix input, Pass pass) {
        int cols = input.cols();
        float[] x = input.data();
        float[] y = new float[x.length];
        for (int r = 0; r < input.rows(); r++) {
            int offset = r * cols;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) max = Math.max(max, x[offset + c]);
            double sum = 0;
            for (int c = 0; c < cols; c++) sum += Math.exp(x[offset + c] - max);
            double logSum = Math.log(sum);
            for (int c = 0; c < cols; c++) {
                double shifted = x[offset + c] - max;
                y[offset + c] = (float) (log ? shifted - logSum : Math.exp(shifted) / sum);
            }
        }
        return input.with(y);
    }

    @Override
    public FloatMatrix backward(FloatMatrix input, FloatMatrix output, Object kept, FloatMatrix gradOutput) {
        int cols = input.cols();
        float[] y = output.data();
        float[] dy = gradOutput.data();
        float[] dx = new float[y.length];
        for (int r = 0; r < input.rows(); r++) {
            int offset = r * cols;
            double sum = 0;
            for (int c = 0; c < cols; c++) sum += log ? dy[offset + c] : (double) dy[offset + c] * y[offset + c];
            for (int c = 0; c < cols; c++) {
                dx[offset + c] = (float) (log ? dy[offset + c] - Math.exp(y[offset + c]) * sum
                        : y[offset + c] * (dy[offset + c] - sum));
            }
        }
        return input.with(dx);
    }

    @Override
    public Softmax copy() {
        return this;
    }
}
