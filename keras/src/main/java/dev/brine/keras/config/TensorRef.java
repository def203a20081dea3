package dev.brine.keras.config;

/** A tensor in a Keras graph: output {@code tensorIndex} of call {@code nodeIndex} of layer {@code layer}. */
public record TensorRef(String layer, int nodeIndex, int tensorIndex) {
}
