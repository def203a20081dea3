package dev.brine.models.nn;

import dev.brine.core.json.Json;

/**
 * PyTorch's {@code Flatten} (start_dim 1): a batch of shape {@code (n, d1, d2, …)} becomes {@code (n, d1·d2·…)}.
 * Activations are already kept as rows, so the network flattens its input tensor and this layer passes rows on.
 */
public record Flatten() implements Layer {

    @Override
    public String type() {
        return "flatten";
    }

    @Override
    public Json.JsonObject config() {
        return Json.JsonObject.EMPTY;
    }

    @Override
    public int outputWidth(int inputWidth) {
        return inputWidth;
    }

    @Override
    public FloatMatrix forward(FloatMatrix input, Pass pass) {
        return input;
    }

    @Override
    public FloatMatrix backward(FloatMatrix input, FloatMatrix output, Object kept, FloatMatrix gradOutput) {
        return gradOutput;
    }

    @Override
    public Flatten copy() {
        return this;
    }
}
