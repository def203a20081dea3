package dev.brine.models.nn;

import dev.brine.core.json.Json;

/**
 * PyTorch's {@code Flatten} (start_dim 1): a batch of shape {@code (n, d1, d2, …)} becomes {@code (n, d1·d2·…)}.
 * Activations are kept as rows in PyTorch's layout, so this only changes the shape the next layer sees.
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
    public int[] outputShape(int[] inputShape) {
        return new int[] {Math.toIntExact(Shapes.size(inputShape))};
    }

    @Override
    public FloatMatrix forward(FloatMatrix input, Pass pass) {
        return input.reshaped(new int[] {input.cols()});
    }

    @Override
    public FloatMatrix backward(FloatMatrix input, FloatMatrix output, Object kept, FloatMatrix gradOutput) {
        return gradOutput.reshaped(input.shape());
    }

    @Override
    public Flatten copy() {
        return this;
    }
}
