package dev.brine.core.model;

import dev.brine.core.UnsupportedModelException;
import dev.brine.core.json.Json;
import dev.brine.core.tensor.Tensor;

import java.util.List;
import java.util.Optional;

/**
 * Named tensors without an architecture: a PyTorch-style state dict, a plain safetensors file converted to
 * {@code .brine}, or a model saved "weights only". It can be saved, inspected, verified and registered, and becomes
 * a runnable model once an architecture is given ({@code --arch}).
 */
public record StateDict(List<NamedTensor> tensors) implements Model {
    public static final String TYPE = "state_dict";

    public StateDict {
        tensors = List.copyOf(tensors);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Signature signature() {
        return Signature.UNKNOWN;
    }

    @Override
    public Tensor predict(Tensor input) {
        throw new UnsupportedModelException("this file holds a state dict (" + tensors.size() + " tensors) but no"
                + " architecture, so it cannot predict. Give the architecture with --arch, e.g."
                + " --arch 'Linear(4,16),ReLU,Linear(16,3)'.");
    }

    @Override
    public ModelSnapshot snapshot() {
        return new ModelSnapshot(TYPE, Json.JsonObject.EMPTY, tensors, Signature.UNKNOWN, List.of(),
                Optional.empty());
    }

    /** Restores a {@link StateDict} from any snapshot's tensors. */
    public static final class Type implements ModelType {
        @Override
        public String name() {
            return TYPE;
        }

        @Override
        public Model restore(ModelSnapshot snapshot) {
            return new StateDict(snapshot.tensors());
        }
    }
}
