package dev.brine.keras;

import dev.brine.core.json.Json;
import dev.brine.core.model.NamedTensor;
import dev.brine.keras.config.KerasVersion;

import java.util.List;
import java.util.Optional;

/**
 * What a Keras file records around the model: its format ({@code keras-h5}, {@code keras-weights-h5},
 * {@code keras}), the Keras version and backend that wrote it, the training config (compile arguments and optimizer
 * config) and the optimizer's weights (role OPTIMIZER_STATE, named {@code optimizer/<name>}).
 */
public record KerasFile(String format, KerasVersion version, String backend, Optional<Json> trainingConfig,
                        List<NamedTensor> optimizerWeights) {

    public KerasFile {
        optimizerWeights = List.copyOf(optimizerWeights);
    }
}
