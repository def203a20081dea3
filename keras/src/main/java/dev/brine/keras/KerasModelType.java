package dev.brine.keras;

import dev.brine.core.LoadBudget;
import dev.brine.core.json.Json;
import dev.brine.core.model.Model;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.ModelType;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.TensorRole;
import dev.brine.core.model.TrainingState;
import dev.brine.core.tensor.Tensor;
import dev.brine.keras.config.ArchitectureReader;
import dev.brine.keras.config.KerasArchitecture;
import dev.brine.keras.config.KerasVersion;
import dev.brine.keras.layers.WeightSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Restores a {@link KerasModel} from a {@code .brine} snapshot: the Keras config and tensors {@code layer/weight}. */
public final class KerasModelType implements ModelType {
    private static final String SOURCE = "Keras model in a .brine file";

    @Override
    public String name() {
        return KerasModel.TYPE;
    }

    @Override
    public Model restore(ModelSnapshot snapshot) {
        Json.JsonObject config = snapshot.config();
        KerasVersion version = new KerasVersion(config.getString("keras_version"));
        KerasArchitecture architecture = ArchitectureReader.read(config.getObject("model_config"), version,
                LoadBudget.current().limits(), SOURCE);
        List<NamedTensor> optimizer = snapshot.tensors().stream()
                .filter(tensor -> tensor.role() == TensorRole.OPTIMIZER_STATE).toList();
        WeightSource weights = layers -> {
            Map<String, List<Tensor>> out = new HashMap<>();
            for (WeightSource.Wanted layer : layers) {
                List<Tensor> tensors = new ArrayList<>();
                for (WeightSpec spec : layer.specs()) {
                    tensors.add(snapshot.tensor(layer.layer().name() + "/" + spec.name()).tensor());
                }
                out.put(layer.layer().name(), tensors);
            }
            return out;
        };
        Optional<Json> training = snapshot.training().map(TrainingState::details)
                .map(details -> details.get("training_config"));
        KerasFile file = new KerasFile(config.getString("format"), version, config.getString("backend"), training,
                optimizer);
        return new KerasModel(new KerasGraph(architecture, weights, LoadBudget.current().limits(), SOURCE), file);
    }
}
