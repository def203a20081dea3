package dev.brine.keras;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.tensor.Tensor;
import dev.brine.keras.hdf5.Hdf5Archive;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Weights in the legacy HDF5 layout ({@code model.save} under {@code /model_weights}, {@code save_weights} at the
 * root): matched as Keras' {@code load_weights_from_hdf5_group} matches them, by position: the file's layers that have
 * weights, in {@code layer_names} order, against the model's layers that need weights, in config order; each
 * layer's weights in {@code weight_names} order (docs/interop.md).
 */
record LegacyWeights(Hdf5Archive archive, String root) implements WeightSource {

    @Override
    public Map<String, List<Tensor>> weights(List<Wanted> layers) {
        List<String> fileLayers = new ArrayList<>();
        Map<String, List<String>> names = new HashMap<>();
        for (String layer : archive.stringList(root, "layer_names")) {
            String group = path(layer);
            List<String> weightNames = archive.hasGroup(group) ? archive.stringList(group, "weight_names") : List.of();
            if (!weightNames.isEmpty()) {
                fileLayers.add(layer);
                names.put(layer, weightNames);
            }
        }
        List<Wanted> modelLayers = layers.stream().filter(layer -> !layer.specs().isEmpty()).toList();
        if (fileLayers.size() != modelLayers.size()) {
            throw new IncompatibleModelException(archive.source() + ": the file holds weights for "
                    + fileLayers.size() + " layers " + fileLayers + ", the architecture has " + modelLayers.size()
                    + " layers with weights " + modelLayers.stream().map(layer -> layer.layer().name()).toList()
                    + ".");
        }
        Map<String, List<Tensor>> out = new HashMap<>();
        for (int i = 0; i < modelLayers.size(); i++) {
            String fileLayer = fileLayers.get(i);
            List<Tensor> tensors = new ArrayList<>();
            for (String weightName : names.get(fileLayer)) {
                tensors.add(archive.dataset(path(fileLayer) + "/" + weightName));
            }
            out.put(modelLayers.get(i).layer().name(), tensors);
        }
        return out;
    }

    private String path(String layer) {
        return root.isEmpty() ? layer : root + "/" + layer;
    }
}
