package dev.brine.keras.config;

import dev.brine.core.json.Json;
import dev.brine.keras.layers.Layer;

import java.util.List;

/**
 * One layer of a Keras model: its name, the typed {@link Layer}, its original config entry (kept for snapshots) and,
 * per call of the layer, the tensors it was called on ({@code inbound_nodes}).
 */
public record LayerCall(String name, Layer layer, Json.JsonObject entry, List<List<TensorRef>> calls) {

    public LayerCall {
        calls = calls.stream().map(List::copyOf).toList();
    }
}
