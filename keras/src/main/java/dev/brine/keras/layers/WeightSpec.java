package dev.brine.keras.layers;

import dev.brine.core.model.TensorRole;

/** One weight a layer expects: its Keras name ({@code kernel}, {@code moving_mean}), shape and role. */
public record WeightSpec(String name, long[] shape, TensorRole role) {

    public static WeightSpec parameter(String name, long... shape) {
        return new WeightSpec(name, shape, TensorRole.PARAMETER);
    }

    public static WeightSpec buffer(String name, long... shape) {
        return new WeightSpec(name, shape, TensorRole.BUFFER);
    }
}
