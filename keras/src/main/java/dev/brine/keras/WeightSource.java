package dev.brine.keras;

import dev.brine.core.tensor.Tensor;
import dev.brine.keras.config.LayerCall;
import dev.brine.keras.layers.WeightSpec;

import java.util.List;
import java.util.Map;

/** Where a model's saved weights come from: a legacy HDF5 group, a Keras 3 weights file, or a snapshot. */
interface WeightSource {

    /** A layer of the model with the weights its configuration needs. */
    record Wanted(LayerCall layer, List<WeightSpec> specs) {
    }

    /**
     * The saved weights of each layer, by layer name, each list in the order Keras saved it. {@code layers} are all
     * layers of the model in config order (Keras' {@code model.layers} order), so a source can match by position.
     */
    Map<String, List<Tensor>> weights(List<Wanted> layers);
}
