package dev.brine.models.nn;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.json.Json;

/**
 * PyTorch's {@code Dropout1d/2d}: while training, zeroes whole channels of each example with probability {@code p}
 * and scales the rest by {@code 1/(1−p)}; the identity when evaluating. One draw per (example, channel) from the
 * training run's {@code Pcg64}, in that order, so a resumed run draws the same masks.
 */
public record Dropout2d(double p) implements Layer {

    public Dropout2d {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        }
    }

    @Override
    public String type() {
        return "dropout2d";
    }

    @Override
    public Json.JsonObject config() {
        return Json.object().put("p", p).build();
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length < 2) {
            throw new IncompatibleModelException("Dropout2d takes examples of shape (channels, …positions), got "
                    + Shapes.text(inputShape));
        }
        return inputShape;
    }

    @Override
    public FloatMatrix forward(FloatMatrix input, Pass pass) {
        if (!pass.training() || p == 0) {
            return input;
        }
        int channels = input.shape()[0];
        int positions = input.cols() / channels;
        float scale = (float) (1.0 / (1.0 - p));
        float[] x = input.data();
        float[] mask = new float[input.rows() * channels];
        float[] y = new float[x.length];
        for (int m = 0; m < mask.length; m++) {
            mask[m] = pass.rng().nextDouble() < p ? 0f : scale;
            for (int i = m * positions; i < (m + 1) * positions; i++) y[i] = x[i] * mask[m];
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
        int positions = dy.length / mask.length;
        float[] dx = new float[dy.length];
        for (int i = 0; i < dy.length; i++) dx[i] = dy[i] * mask[i / positions];
        return gradOutput.with(dx);
    }

    @Override
    public Dropout2d copy() {
        return this;
    }
}
