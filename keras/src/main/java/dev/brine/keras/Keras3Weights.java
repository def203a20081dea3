package dev.brine.keras;

import dev.brine.core.tensor.Tensor;
import dev.brine.keras.hdf5.Hdf5Archive;
import dev.brine.keras.layers.InputLayer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Weights of a Keras 3 {@code model.weights.h5} (docs/interop.md): each layer's variables are datasets {@code 0, 1…}
 * under {@code layers/<name>/vars}, where the name is the snake_case class name with a counter per class in
 * {@code model.layers} order ({@code dense}, {@code dense_1}), never the user's layer name. Keras 2.13 files use
 * {@code _layer_checkpoint_dependencies} instead of {@code layers}; a layer whose variables live in a sub-object
 * (LSTM's {@code cell}) is looked up there.
 */
record Keras3Weights(Hdf5Archive archive) implements WeightSource {

    @Override
    public Map<String, List<Tensor>> weights(List<Wanted> layers) {
        String root = archive.hasGroup("layers") ? "layers" : "_layer_checkpoint_dependencies";
        Map<String, Integer> used = new HashMap<>();
        Map<String, List<Tensor>> out = new HashMap<>();
        for (Wanted layer : layers) {
            if (layer.layer().layer() instanceof InputLayer) {
                continue;
            }
            String name = snakeCase(layer.layer().layer().kerasClass());
            int count = used.merge(name, 1, Integer::sum);
            String path = root + "/" + (count == 1 ? name : name + "_" + (count - 1));
            out.put(layer.layer().name(), variables(path));
        }
        return out;
    }

    private List<Tensor> variables(String path) {
        String vars = path + "/vars";
        if ((!archive.hasGroup(vars) || archive.children(vars).isEmpty()) && archive.hasGroup(path + "/cell/vars")) {
            vars = path + "/cell/vars";
        }
        List<Tensor> tensors = new ArrayList<>();
        if (!archive.hasGroup(vars)) {
            return tensors;
        }
        for (int i = 0; archive.hasDataset(vars + "/" + i); i++) {
            tensors.add(archive.dataset(vars + "/" + i));
        }
        return tensors;
    }

    /** keras.src.utils.naming.to_snake_case. */
    static String snakeCase(String className) {
        String name = className.replaceAll("\\W+", "");
        name = name.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        return name.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
