package dev.brine.core.model;

import dev.brine.core.json.Json;

import java.util.List;
import java.util.Optional;

/**
 * Everything a model is, in a form that can be written to a {@code .brine} file and rebuilt from it: its type name
 * (the {@link ModelType} that restores it), its configuration (architecture and hyper-parameters, as JSON), its
 * tensors in order, the signature, class labels and, for a checkpoint, the training state.
 */
public record ModelSnapshot(String type, Json.JsonObject config, List<NamedTensor> tensors, Signature signature,
                            List<String> classLabels, Optional<TrainingState> training) {

    public ModelSnapshot {
        tensors = List.copyOf(tensors);
        classLabels = List.copyOf(classLabels);
    }

    public NamedTensor tensor(String name) {
        for (NamedTensor tensor : tensors) {
            if (tensor.name().equals(name)) {
                return tensor;
            }
        }
        throw new dev.brine.core.IncompatibleModelException("model type " + type + ": tensor \"" + name
                + "\" is missing; the file has " + tensors.stream().map(NamedTensor::name).toList());
    }
}
