package dev.brine.models.nn;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.json.Json;
import dev.brine.core.model.Model;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.Signature;
import dev.brine.core.model.TensorRole;
import dev.brine.core.model.TensorSpec;
import dev.brine.core.model.TrainingState;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.random.Pcg64;
import dev.brine.models.snapshot.SnapshotReader;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A feed-forward network, PyTorch's {@code nn.Sequential}: layers applied in order, each named by its index unless
 * given a name, and its weights named as PyTorch's {@code state_dict} names them ({@code 0.weight},
 * {@code 1.running_mean}) with PyTorch's layouts and dtypes, so weights move both ways unchanged. Predicts float32
 * {@code (rows, outputs)} in evaluation mode.
 *
 * <p>A network restored from a checkpoint also carries that checkpoint's training state (optimizer moments, random
 * stream, counters), so loading and saving it again loses nothing and {@link Trainer#resume} can continue it.
 */
public final class Sequential implements Model {

    public static final String TYPE = "sequential";

    /** A layer and its state-dict prefix. */
    public record Named(String name, Layer layer) {
        public Named {
            if (name.isEmpty() || name.contains(".")) {
                throw new IllegalArgumentException("layer name \"" + name + "\" must be non-empty and without '.'");
            }
        }
    }

    /** The training state saved with a checkpoint: non-weight tensors and counters. */
    public record Checkpoint(List<NamedTensor> tensors, TrainingState state) {
        public Checkpoint {
            tensors = List.copyOf(tensors);
        }
    }

    private final List<Named> layers;
    private final int[] inputShape;
    private final int[] outputShape;
    private final Checkpoint checkpoint;

    public Sequential(int inputFeatures, List<Named> layers) {
        this(new int[] {inputFeatures}, layers, null);
    }

    /**
     * A network taking examples of {@code inputShape} (without the batch axis): {@code (features)}, or
     * {@code (channels, height, width)} for images. Networks whose layers allow it (convolutions and adaptive pooling)
     * also take other heights and widths.
     */
    public Sequential(int[] inputShape, List<Named> layers) {
        this(inputShape, layers, null);
    }

    private Sequential(int[] inputShape, List<Named> layers, Checkpoint checkpoint) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        HashSet<String> names = new HashSet<>();
        int[] shape = inputShape.clone();
        Shapes.size(shape);
        for (Named named : layers) {
            if (!names.add(named.name())) {
                throw new IllegalArgumentException("layer name \"" + named.name() + "\" appears twice");
            }
            shape = named.layer().outputShape(shape);
        }
        this.layers = List.copyOf(layers);
        this.inputShape = inputShape.clone();
        this.outputShape = shape;
        this.checkpoint = checkpoint;
    }

    /** Layers named 0, 1, 2… as {@code nn.Sequential} numbers them. */
    public static Sequential of(int inputFeatures, Layer... layers) {
        List<Named> named = new ArrayList<>();
        for (int i = 0; i < layers.length; i++) named.add(new Named(Integer.toString(i), layers[i]));
        return new Sequential(inputFeatures, named);
    }

    public List<Named> layers() {
        return layers;
    }

    public int inputFeatures() {
        return Math.toIntExact(Shapes.size(inputShape));
    }

    public int outputFeatures() {
        return Math.toIntExact(Shapes.size(outputShape));
    }

    /** One example's input shape, without the batch axis. */
    public int[] inputShape() {
        return inputShape.clone();
    }

    /** One example's output shape for an input of {@link #inputShape()}. */
    public int[] outputShape() {
        return outputShape.clone();
    }

    public Optional<Checkpoint> checkpoint() {
        return Optional.ofNullable(checkpoint);
    }

    /** An independent copy of the weights, carrying {@code value} as its checkpoint (null: none). */
    public Sequential withCheckpoint(Checkpoint value) {
        List<Named> copies = layers.stream().map(n -> new Named(n.name(), n.layer().copy())).toList();
        return new Sequential(inputShape, copies, value);
    }

    public Sequential copy() {
        return withCheckpoint(checkpoint);
    }

    /** Parameters with their state-dict names, in state-dict order (the optimizer's parameter order). */
    public List<Map.Entry<String, Parameter>> namedParameters() {
        List<Map.Entry<String, Parameter>> out = new ArrayList<>();
        for (Layer.StateEntry entry : state()) {
            if (entry.parameter() != null) out.add(Map.entry(entry.name(), entry.parameter()));
        }
        return out;
    }

    /** Every parameter and buffer by state-dict name, in PyTorch's {@code state_dict} order. */
    public List<Layer.StateEntry> state() {
        List<Layer.StateEntry> out = new ArrayList<>();
        for (Named named : layers) {
            for (Layer.StateEntry entry : named.layer().state()) out.add(entry.under(named.name()));
        }
        return out;
    }

    public List<Parameter> parameters() {
        return namedParameters().stream().map(Map.Entry::getValue).toList();
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Signature signature() {
        return new Signature(List.of(new TensorSpec("input", DType.F32, batchOf(inputShape))),
                List.of(new TensorSpec("output", DType.F32, batchOf(outputShape))));
    }

    private static long[] batchOf(int[] shape) {
        long[] dims = new long[shape.length + 1];
        dims[0] = -1;
        for (int i = 0; i < shape.length; i++) dims[i + 1] = shape[i];
        return dims;
    }

    @Override
    public Tensor predict(Tensor input) {
        FloatMatrix output = evaluate(rows(input));
        int[] shape = output.shape();
        long[] dims = new long[shape.length + 1];
        dims[0] = output.rows();
        for (int i = 0; i < shape.length; i++) dims[i + 1] = shape[i];
        return Tensor.of(output.data(), dims);
    }

    /**
     * A batch tensor as rows. A network of flat features takes {@code (n, features)}, {@code (n, d1, d2…)} flattened,
     * or one row of rank 1; a network of shaped examples takes {@code (n, …)} of the example's rank (other heights
     * and widths where its layers allow), or one example without the batch axis.
     */
    FloatMatrix rows(Tensor input) {
        long[] dims = input.shape().dims();
        if (inputShape.length > 1 && (dims.length == inputShape.length + 1 || dims.length == inputShape.length)) {
            int batchAxes = dims.length - inputShape.length;
            int[] example = new int[inputShape.length];
            for (int i = 0; i < example.length; i++) example[i] = Math.toIntExact(dims[i + batchAxes]);
            int rows = batchAxes == 0 ? 1 : Math.toIntExact(dims[0]);
            if (example[0] != inputShape[0]) {
                throw new IncompatibleModelException("the network takes examples of shape " + Shapes.text(inputShape)
                        + ", the input of shape " + input.shape() + " has " + example[0] + " channels");
            }
            return FloatMatrix.of(rows, example, input.toFloatArray());
        }
        int rows = dims.length <= 1 ? 1 : Math.toIntExact(dims[0]);
        long width = dims.length == 0 ? 1 : input.numElements() / Math.max(rows, 1);
        if (width != inputFeatures()) {
            throw new IncompatibleModelException("the network takes " + (inputShape.length > 1 ? "examples of shape "
                    + Shapes.text(inputShape) : inputFeatures() + " features per row") + ", the input of shape "
                    + input.shape() + " has " + width + " values per row");
        }
        return FloatMatrix.of(rows, inputShape, input.toFloatArray());
    }

    public FloatMatrix forward(FloatMatrix input, Pass pass) {
        FloatMatrix current = input;
        for (Named named : layers) {
            current = named.layer().forward(current, pass);
            pass.takeKept();
        }
        return current;
    }

    /**
     * The evaluation-mode forward pass. A large batch is split by rows across the cores: in evaluation every layer
     * treats rows independently and the kernel sums each output in a fixed order, so a row's output is the same
     * bits alone, in any batch, or in any share of one.
     */
    public FloatMatrix evaluate(FloatMatrix input) {
        int parts = (int) Math.min(Runtime.getRuntime().availableProcessors(), input.rows() / PARALLEL_MIN_ROWS);
        if (parts <= 1) {
            return forward(input, Pass.evaluation());
        }
        int[] starts = new int[parts + 1];
        for (int p = 0; p <= parts; p++) starts[p] = (int) ((long) input.rows() * p / parts);
        List<FloatMatrix> outputs = IntStream.range(0, parts).parallel().mapToObj(p -> forward(
                input.rowRange(starts[p], starts[p + 1]), Pass.evaluation())).toList();
        int width = outputs.getFirst().cols();
        float[] joined = new float[Math.multiplyExact(input.rows(), width)];
        for (int p = 0; p < parts; p++) {
            System.arraycopy(outputs.get(p).data(), 0, joined, starts[p] * width, outputs.get(p).data().length);
        }
        return new FloatMatrix(input.rows(), width, joined, outputs.getFirst().shape());
    }

    /** Below this many rows per core a batch is not worth splitting. */
    private static final int PARALLEL_MIN_ROWS = 1024;

    /** A training forward pass that keeps what {@link #backward} needs. */
    public Tape forwardTraining(FloatMatrix input, Pcg64 rng) {
        Pass pass = Pass.training(rng);
        List<FloatMatrix> activations = new ArrayList<>(layers.size() + 1);
        List<Object> kept = new ArrayList<>(layers.size());
        activations.add(input);
        for (Named named : layers) {
            activations.add(named.layer().forward(activations.getLast(), pass));
            kept.add(pass.takeKept());
        }
        return new Tape(activations, kept);
    }

    /** The activations of one training pass: the input, every layer's output, and what each layer kept. */
    public record Tape(List<FloatMatrix> activations, List<Object> kept) {
        public FloatMatrix output() {
            return activations.getLast();
        }
    }

    /** Backpropagates from the gradient of the loss with respect to the output, adding to parameter gradients. */
    public void backward(Tape tape, FloatMatrix gradOutput) {
        FloatMatrix gradient = gradOutput;
        for (int i = layers.size() - 1; i >= 0; i--) {
            gradient = layers.get(i).layer().backward(tape.activations().get(i), tape.activations().get(i + 1),
                    tape.kept().get(i), gradient);
        }
    }

    public void zeroGrad() {
        for (Parameter parameter : parameters()) parameter.zeroGrad();
    }

    /** The weights, PyTorch's {@code state_dict()}: each layer's parameters then its buffers. */
    public List<NamedTensor> stateDict() {
        List<NamedTensor> out = new ArrayList<>();
        for (Layer.StateEntry entry : state()) {
            out.add(entry.parameter() != null
                    ? new NamedTensor(entry.name(), entry.parameter().toTensor(), TensorRole.PARAMETER)
                    : new NamedTensor(entry.name(), entry.buffer().toTensor(), TensorRole.BUFFER));
        }
        return out;
    }

    /**
     * Loads weights by name, as PyTorch's {@code load_state_dict}. Strict: any missing or unexpected key or any
     * shape/dtype mismatch is an {@link IncompatibleModelException} listing them all, and nothing is loaded.
     * Non-strict: loads every key that fits and returns the report. Training-state tensors are ignored.
     */
    public LoadReport loadStateDict(List<NamedTensor> tensors, boolean strict) {
        Map<String, Tensor> given = new LinkedHashMap<>();
        for (NamedTensor tensor : tensors) {
            if (tensor.role() == TensorRole.PARAMETER || tensor.role() == TensorRole.BUFFER) {
                given.put(tensor.name(), tensor.tensor());
            }
        }
        Map<String, Runnable> loads = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        Map<String, Boolean> expected = new HashMap<>();
        for (Layer.StateEntry entry : state()) {
            String key = entry.name();
            expected.put(key, true);
            Parameter parameter = entry.parameter();
            Buffer buffer = entry.buffer();
            if (parameter != null) {
                check(key, given.get(key), DType.F32, parameter.shape(), missing, mismatches,
                        () -> parameter.load(given.get(key).toFloatArray()), loads);
            } else {
                check(key, given.get(key), buffer.dtype(), buffer.shape(), missing, mismatches,
                        () -> buffer.load(given.get(key)), loads);
            }
        }
        List<String> unexpected = given.keySet().stream().filter(key -> !expected.containsKey(key)).toList();
        LoadReport report = new LoadReport(missing, unexpected, mismatches);
        if (strict && !report.clean()) {
            throw new IncompatibleModelException("the state dict does not fit the architecture: " + report
                    + ". Fix the architecture, or load non-strictly to take the keys that fit");
        }
        loads.values().forEach(Runnable::run);
        return report;
    }

    private static void check(String key, Tensor tensor, DType dtype, long[] shape, List<String> missing,
                              List<String> mismatches, Runnable load, Map<String, Runnable> loads) {
        if (tensor == null) {
            missing.add(key);
        } else if (!LoadReport.fits(tensor, dtype, shape)) {
            mismatches.add(LoadReport.mismatch(key, tensor, dtype, shape));
        } else {
            loads.put(key, load);
        }
    }

    /** The architecture: input width and each layer's name, type and settings. */
    public Json.JsonObject architecture() {
        List<Json> entries = new ArrayList<>();
        for (Named named : layers) entries.add(Layers.toJson(named.name(), named.layer()));
        Json.ObjectBuilder builder = Json.object().put("input_features", inputFeatures());
        if (inputShape.length > 1) builder.put("input_shape", Conv.ints(inputShape));
        return builder.put("layers", Json.array(entries)).build();
    }

    /**
     * A network with this architecture and zero weights, to be loaded from a state dict. Refuses architectures whose
     * weights would not fit the in-memory limit of the load in progress before allocating them.
     */
    public static Sequential fromArchitecture(Json.JsonObject architecture) {
        checkDeclaredSize(architecture);
        List<Named> named = new ArrayList<>();
        for (Json item : architecture.getArray("layers").items()) {
            Json.JsonObject layer = (Json.JsonObject) item;
            named.add(new Named(layer.getString("name"), Layers.fromJson(layer)));
        }
        return new Sequential(inputShape(architecture), named);
    }

    /** Refuses an architecture whose declared weights would not fit the in-memory limit, before allocating them. */
    static void checkDeclaredSize(Json.JsonObject architecture) {
        long elements = 0;
        for (Json item : architecture.getArray("layers").items()) {
            if (!(item instanceof Json.JsonObject layer)) {
                throw new IllegalArgumentException("a layer must be a JSON object, found " + item);
            }
            for (long count : Layers.declaredParameters(layer).values()) {
                if (count < 0) throw new IllegalArgumentException("negative layer size in " + item);
                elements = Math.addExact(elements, count);
            }
        }
        dev.brine.core.Limits.check("network parameters (bytes)", Math.multiplyExact(elements, 4L),
                dev.brine.core.LoadBudget.current().limits().maxInMemoryBytes(), "maxInMemoryBytes");
    }

    /** The example shape an architecture declares: {@code input_shape}, or {@code (input_features)}. */
    static int[] inputShape(Json.JsonObject architecture) {
        if (!architecture.has("input_shape")) {
            return new int[] {Math.toIntExact(architecture.getLong("input_features"))};
        }
        long[] dims = architecture.getArray("input_shape").toLongArray();
        if (dims.length < 1 || dims.length > 8) {
            throw new IllegalArgumentException("input_shape needs 1 to 8 dimensions, has " + dims.length);
        }
        int[] shape = new int[dims.length];
        for (int i = 0; i < dims.length; i++) shape[i] = Math.toIntExact(dims[i]);
        if (Shapes.size(shape) != architecture.getLong("input_features")) {
            throw new IllegalArgumentException("input_shape " + Shapes.text(shape) + " does not hold input_features "
                    + architecture.getLong("input_features"));
        }
        return shape;
    }

    @Override
    public ModelSnapshot snapshot() {
        return snapshot(TYPE, List.of());
    }

    ModelSnapshot snapshot(String type, List<String> classLabels) {
        List<NamedTensor> tensors = new ArrayList<>(stateDict());
        Optional<TrainingState> training = Optional.empty();
        if (checkpoint != null) {
            tensors.addAll(checkpoint.tensors());
            training = Optional.of(checkpoint.state());
        }
        return new ModelSnapshot(type, architecture(), tensors, signature(), classLabels, training);
    }

    static Sequential restore(ModelSnapshot snapshot) {
        return restore(new SnapshotReader(snapshot, TYPE));
    }

    /**
     * Rebuilds the network (strictly: every weight present and fitting) and keeps any training state. The sizes the
     * configuration declares are checked against the snapshot's tensors first, so a small file cannot make Brine
     * allocate large zero weights.
     */
    static Sequential restore(SnapshotReader reader) {
        ModelSnapshot snapshot = reader.snapshot();
        reader.config(architecture -> {
            for (Json item : architecture.getArray("layers").items()) {
                Json.JsonObject layer = (Json.JsonObject) item;
                for (Map.Entry<String, Long> parameter : Layers.declaredParameters(layer).entrySet()) {
                    String key = layer.getString("name") + "." + parameter.getKey();
                    if (!reader.has(key) || reader.snapshot().tensor(key).tensor().numElements() != parameter.getValue()) {
                        throw new IncompatibleModelException("model type " + snapshot.type() + ": the architecture "
                                + "declares " + parameter.getValue() + " elements for \"" + key + "\", the file "
                                + (reader.has(key) ? "holds " + reader.snapshot().tensor(key).tensor().numElements()
                                : "lacks it"));
                    }
                }
            }
            return architecture;
        });
        Sequential network = reader.config(Sequential::fromArchitecture);
        network.loadStateDict(snapshot.tensors(), true);
        List<NamedTensor> trainingTensors = snapshot.tensors().stream()
                .filter(t -> t.role() != TensorRole.PARAMETER && t.role() != TensorRole.BUFFER).toList();
        Checkpoint checkpoint = snapshot.training().map(state -> new Checkpoint(trainingTensors, state)).orElse(null);
        return checkpoint == null ? network : network.withCheckpoint(checkpoint);
    }
}
