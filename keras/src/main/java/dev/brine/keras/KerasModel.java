package dev.brine.keras;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.json.Json;
import dev.brine.core.model.Model;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.Signature;
import dev.brine.core.model.TensorSpec;
import dev.brine.core.model.TrainingState;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;
import dev.brine.keras.config.KerasArchitecture;
import dev.brine.keras.config.TensorRef;
import dev.brine.keras.layers.InputLayer;
import dev.brine.keras.layers.Values;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Keras model read from a file, run in Java with Keras' own layer semantics. Its snapshot keeps the Keras config,
 * every weight (named {@code layer/weight}), the training config and the optimizer's weights, so a {@code .brine}
 * copy predicts the same and still carries what resuming training in Keras needs.
 */
public final class KerasModel implements Model {
    public static final String TYPE = "keras";

    private final KerasGraph graph;
    private final KerasFile file;

    KerasModel(KerasGraph graph, KerasFile file) {
        this.graph = graph;
        this.file = file;
    }

    @Override
    public String type() {
        return TYPE;
    }

    public KerasArchitecture architecture() {
        return graph.architecture();
    }

    /** What the file recorded besides the architecture: versions, training config, optimizer weights. */
    public KerasFile file() {
        return file;
    }

    @Override
    public Signature signature() {
        List<TensorSpec> inputs = new ArrayList<>();
        for (TensorRef ref : architecture().inputs()) {
            boolean integer = architecture().layer(ref.layer()).layer() instanceof InputLayer input && input.integer();
            inputs.add(new TensorSpec(ref.layer(), integer ? DType.I64 : DType.F32, batched(graph.shapeOf(ref))));
        }
        List<TensorSpec> outputs = new ArrayList<>();
        for (TensorRef ref : architecture().outputs()) {
            outputs.add(new TensorSpec(ref.layer(), DType.F32, batched(graph.shapeOf(ref))));
        }
        return new Signature(inputs, outputs);
    }

    private static long[] batched(long[] shape) {
        long[] out = new long[shape.length + 1];
        out[0] = -1;
        System.arraycopy(shape, 0, out, 1, shape.length);
        return out;
    }

    /** Runs a single-input model and returns its first output, F32. */
    @Override
    public Tensor predict(Tensor input) {
        if (architecture().inputs().size() != 1) {
            throw new IncompatibleModelException("the Keras model takes " + architecture().inputs().size()
                    + " inputs " + signature().inputs().stream().map(TensorSpec::name).toList() + "; pass them by"
                    + " name with run(Map).");
        }
        return run(Map.of(architecture().inputs().getFirst().layer(), input)).values().iterator().next();
    }

    /** Runs the model on named inputs (the input layers' names); returns every output by its layer's name. */
    public Map<String, Tensor> run(Map<String, Tensor> inputs) {
        List<Values> values = new ArrayList<>();
        for (TensorSpec spec : signature().inputs()) {
            Tensor tensor = inputs.get(spec.name());
            if (tensor == null) {
                throw new IncompatibleModelException("input \"" + spec.name() + "\" is missing; the model takes "
                        + signature().inputs().stream().map(TensorSpec::name).toList() + ".");
            }
            if (!spec.accepts(tensor.shape().dims())) {
                throw new IncompatibleModelException("input \"" + spec.name() + "\" has shape " + tensor.shape()
                        + " but the model takes " + java.util.Arrays.toString(spec.shape()) + " (-1: any size).");
            }
            values.add(new Values(tensor.shape().dims(), tensor.toFloatArray()));
        }
        List<Values> outputs = graph.run(values);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < outputs.size(); i++) {
            Values value = outputs.get(i);
            out.put(architecture().outputs().get(i).layer(), Tensor.of(value.data(), value.shape()));
        }
        return out;
    }

    @Override
    public ModelSnapshot snapshot() {
        List<NamedTensor> tensors = new ArrayList<>(graph.weightTensors());
        tensors.addAll(file.optimizerWeights());
        Json.ObjectBuilder config = Json.object()
                .put("format", file.format())
                .put("keras_version", file.version().text())
                .put("backend", file.backend())
                .put("model_config", architecture().modelConfig());
        Optional<TrainingState> training = file.trainingConfig().map(trainingConfig -> new TrainingState(0, 0, 0,
                List.of(), Json.object().put("training_config", trainingConfig).build()));
        return new ModelSnapshot(TYPE, config.build(), tensors, signature(), List.of(), training);
    }
}
