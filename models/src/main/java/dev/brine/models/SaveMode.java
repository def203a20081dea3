package dev.brine.models;

import dev.brine.core.UnsupportedModelException;
import dev.brine.core.model.Model;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.StateDict;
import dev.brine.core.model.TensorRole;
import dev.brine.models.nn.Architecture;
import dev.brine.models.nn.Sequential;
import dev.brine.models.nn.TabularArchitecture;
import dev.brine.models.nn.TabularNetwork;

import java.util.List;

/**
 * The three ways to save that users of the Python libraries expect, as the model to hand to
 * {@code Models.save}: everything (architecture, weights and any training state), the weights alone (a PyTorch-style
 * state dict of parameters and buffers), or a network's architecture alone (a {@link Sequential}'s, or a tabular
 * mlp's with its task, labels and feature names).
 */
public enum SaveMode {
    FULL, WEIGHTS, ARCHITECTURE;

    public Model select(Model model) {
        return switch (this) {
            case FULL -> model;
            case WEIGHTS -> {
                List<NamedTensor> weights = model.snapshot().tensors().stream()
                        .filter(t -> t.role() == TensorRole.PARAMETER || t.role() == TensorRole.BUFFER).toList();
                yield new StateDict(weights);
            }
            case ARCHITECTURE -> switch (model) {
                case Sequential network -> Architecture.of(network);
                case TabularNetwork network -> TabularArchitecture.of(network);
                default -> throw new UnsupportedModelException("an architecture-only save is for networks; a "
                        + model.type() + " has no architecture apart from its fitted values");
            };
        };
    }
}
