package dev.brine.keras.config;

import dev.brine.core.json.Json;

import java.util.List;

/**
 * A Keras model's architecture, validated: its class ({@code Sequential}, {@code Functional}), layers in config order
 * with typed configurations, and the graph's inputs and outputs. A Sequential model is stored as the chain it is.
 *
 * @param modelConfig the {@code model_config} / {@code config.json} JSON as read, for snapshots
 */
public record KerasArchitecture(String modelClass, String name, List<LayerCall> layers, List<TensorRef> inputs,
                                List<TensorRef> outputs, KerasVersion version, Json.JsonObject modelConfig) {

    public KerasArchitecture {
        layers = List.copyOf(layers);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    public LayerCall layer(String layerName) {
        for (LayerCall layer : layers) {
            if (layer.name().equals(layerName)) {
                return layer;
            }
        }
        throw new dev.brine.core.CorruptModelException("the Keras config refers to layer \"" + layerName
                + "\", which it does not define.");
    }
}
