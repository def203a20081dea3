package dev.brine.models.nn;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.json.Json;
import dev.brine.core.model.Model;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.Signature;
import dev.brine.core.model.TensorRole;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.snapshot.SnapshotReader;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link TabularNetwork}'s architecture without its fitted values: the network's layers, the task, the class
 * labels and feature names, saved with no tensors (what Keras' {@code to_json} keeps of a model). It cannot predict;
 * loading the model's state dict into it ({@link #withWeights}: the network's weights and the input and target
 * scaling, all saved as parameters and buffers) gives the model back.
 */
public final class TabularArchitecture implements Model {

    public static final String TYPE = "mlp_architecture";

    private final Json.JsonObject config;
    private final Signature signature;
    private final List<String> classLabels;

    private TabularArchitecture(Json.JsonObject config, Signature signature, List<String> classLabels) {
        String modelType = config.getString("model_type");
        if (!modelType.equals(TabularNetwork.CLASSIFIER) && !modelType.equals(TabularNetwork.REGRESSOR)) {
            throw new IllegalArgumentException("model_type must be " + TabularNetwork.CLASSIFIER + " or "
                    + TabularNetwork.REGRESSOR + ", not " + modelType);
        }
        Layers.outputShape(config.getObject("network"));
        this.config = config;
        this.signature = signature;
        this.classLabels = List.copyOf(classLabels);
    }

    public static TabularArchitecture of(TabularNetwork model) {
        ModelSnapshot snapshot = model.snapshot();
        Json.ObjectBuilder config = Json.object().put("model_type", model.type());
        snapshot.config().members().forEach(config::put);
        return new TabularArchitecture(config.build(), snapshot.signature(), snapshot.classLabels());
    }

    /**
     * The model with its fitted values from a state dict ({@code SaveMode.WEIGHTS} of it). Strict by default: any
     * missing, unexpected or mismatched key is an {@link IncompatibleModelException} listing them all. Non-strict
     * loading takes what fits and leaves the rest at zero weights and identity scaling.
     */
    public TabularNetwork withWeights(List<NamedTensor> stateDict, boolean strict) {
        Map<String, Tensor> given = new LinkedHashMap<>();
        for (NamedTensor tensor : stateDict) {
            if (tensor.role() == TensorRole.PARAMETER || tensor.role() == TensorRole.BUFFER) {
                given.put(tensor.name(), tensor.tensor());
            }
        }
        List<NamedTensor> expected = template().snapshot().tensors();
        LoadReport report = LoadReport.compare(expected, given);
        if (strict && !report.clean()) {
            throw new IncompatibleModelException("the state dict does not fit the architecture: " + report
                    + ". Fix the architecture, or load non-strictly to take the keys that fit");
        }
        List<NamedTensor> tensors = new ArrayList<>();
        for (NamedTensor tensor : expected) {
            Tensor candidate = given.get(tensor.name());
            boolean fits = candidate != null && LoadReport.fits(candidate, tensor.tensor().dtype(),
                    tensor.tensor().shape().dims());
            tensors.add(fits ? new NamedTensor(tensor.name(), candidate, tensor.role()) : tensor);
        }
        return TabularNetwork.restore(new ModelSnapshot(modelType(), networkConfig(), tensors, signature, classLabels,
                Optional.empty()));
    }

    /** The model with zero weights and identity scaling: the names, dtypes and shapes a state dict must have. */
    private TabularNetwork template() {
        Sequential network = Sequential.fromArchitecture(networkConfig().getObject("network"));
        double[] mean = new double[network.inputFeatures()];
        double[] scale = new double[network.inputFeatures()];
        Arrays.fill(scale, 1);
        return modelType().equals(TabularNetwork.CLASSIFIER)
                ? TabularNetwork.classifier(network, mean, scale, classLabels, signature.featureNames())
                : TabularNetwork.regressor(network, mean, scale, 0, 1, signature.featureNames());
    }

    private String modelType() {
        return config.getString("model_type");
    }

    /** The model's own config: this one without {@code model_type}. */
    private Json.JsonObject networkConfig() {
        Json.ObjectBuilder out = Json.object();
        config.members().forEach((key, value) -> {
            if (!key.equals("model_type")) out.put(key, value);
        });
        return out.build();
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Signature signature() {
        return signature;
    }

    @Override
    public Tensor predict(Tensor input) {
        throw new UnsupportedModelException("this file holds an mlp's architecture without its weights and scaling, "
                + "so it cannot predict; load its state dict into it (TabularArchitecture.withWeights)");
    }

    @Override
    public ModelSnapshot snapshot() {
        return new ModelSnapshot(TYPE, config, List.of(), signature, classLabels, Optional.empty());
    }

    static TabularArchitecture restore(ModelSnapshot snapshot) {
        SnapshotReader reader = new SnapshotReader(snapshot, TYPE);
        return reader.config(config -> new TabularArchitecture(config, snapshot.signature(), snapshot.classLabels()));
    }
}
