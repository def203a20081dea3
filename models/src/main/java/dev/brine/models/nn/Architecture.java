package dev.brine.models.nn;

import dev.brine.core.UnsupportedModelException;
import dev.brine.core.json.Json;
import dev.brine.core.model.Model;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.Signature;
import dev.brine.core.model.TensorSpec;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.random.Pcg64;
import dev.brine.models.snapshot.SnapshotReader;

import java.util.List;
import java.util.Optional;

/**
 * A network's architecture without weights (Keras' {@code to_json}, a PyTorch module definition): saved with no
 * tensors. It cannot predict; it becomes a network by loading a state dict into it ({@link #withWeights}) or by
 * fresh initialisation ({@link #initialize}).
 */
public final class Architecture implements Model {

    public static final String TYPE = "sequential_architecture";

    private final Json.JsonObject config;
    private final Signature signature;

    /** Checks the architecture's layer types and widths without allocating any weights. */
    private Architecture(Json.JsonObject config) {
        int inputs = Math.toIntExact(config.getLong("input_features"));
        int outputs = Math.toIntExact(Shapes.size(Layers.outputShape(config)));
        this.config = config;
        this.signature = new Signature(
                List.of(new TensorSpec("input", DType.F32, new long[] {-1, inputs})),
                List.of(new TensorSpec("output", DType.F32, new long[] {-1, outputs})));
    }

    public static Architecture of(Sequential network) {
        return new Architecture(network.architecture());
    }

    public Json.JsonObject config() {
        return config;
    }

    /** The network with weights from a state dict, loaded strictly or not (see {@link Sequential#loadStateDict}). */
    public Sequential withWeights(List<NamedTensor> stateDict, boolean strict) {
        Sequential network = Sequential.fromArchitecture(config);
        network.loadStateDict(stateDict, strict);
        return network;
    }

    /** The network with PyTorch-style initial weights drawn from {@code seed}. */
    public Sequential initialize(long seed) {
        Pcg64 rng = Pcg64.seeded(seed);
        Sequential zeros = Sequential.fromArchitecture(config);
        List<Sequential.Named> layers = zeros.layers().stream().map(named -> named.layer() instanceof Linear linear
                ? new Sequential.Named(named.name(), Linear.initialized(linear.inFeatures(), linear.outFeatures(),
                linear.hasBias(), rng)) : named).toList();
        return new Sequential(zeros.inputFeatures(), layers);
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
        throw new UnsupportedModelException("this file holds a network architecture without weights, so it cannot "
                + "predict; load a state dict into it (Architecture.withWeights) or initialise it");
    }

    @Override
    public ModelSnapshot snapshot() {
        return new ModelSnapshot(TYPE, config, List.of(), signature, List.of(), Optional.empty());
    }

    static Architecture restore(ModelSnapshot snapshot) {
        SnapshotReader reader = new SnapshotReader(snapshot, TYPE);
        return reader.config(Architecture::new);
    }
}
