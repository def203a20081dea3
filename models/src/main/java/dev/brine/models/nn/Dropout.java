package dev.brine.models.nn;

import dev.brine.core.json.Json;

/**
 * Zeroes each activation with probability {@code p} while training and scales the rest by {@code 1/(1−p)}, as
 * PyTorch's {@code Dropout}; the identity when evaluating. The mask comes from the training run's {@code Pcg64}, so
 * a resumed run draws the same masks.
 */
public record Dropout(double p) implements Layer {

    public Dropout {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        }
    }

    @Override
    public String type() {
        return "dropout";
    }

    @Override
    public Json.JsonObject config() {
        return Json.object().put("p", p).build();
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return inputShape;
    }

    @Override
    public FloatMatrix forward(FloatMatrix input, Pass pass) {
        if (!pass.training() || p == 0) {
            return input;
        }
        float scale = (float) (1.0 / (1.0 - p));
        float[] x = input.data();
        float[] mask = new float[x.length];
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            mask[i] = pass.rng().nextDouble() < p ? 0f : scale;
            y[i] = x[i] * mask[i];
        }
        pass.keep(mask);
        return input.with(y);
    }

    @Override
    public FloatMatrix backward(FloatMatrix input, FloatMatrix output, Object kept, FloatMatrix gradOutput) {
        if (kept == null) {
            return gradOutput;
        }
        float[] mask = (float[]) kept;
        float[] dy = gradOutput.data();
        float[] dx = new float[dy.length];
        for (int i = 0; i < dy.length; i++) dx[i] = dy[i] * mask[i];
        return gradOutput.with(dx);
    }

    @Override
    public Dropout copy() {
        return this;
    }
}
