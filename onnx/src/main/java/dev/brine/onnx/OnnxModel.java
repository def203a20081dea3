package dev.brine.onnx;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.Limits;
import dev.brine.core.json.Json;
import dev.brine.core.model.Model;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.Signature;
import dev.brine.core.model.TensorSpec;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;
import dev.brine.onnx.proto.GraphReader;
import dev.brine.onnx.proto.ModelAssembler;
import dev.brine.onnx.proto.OnnxDataType;
import dev.brine.onnx.proto.OnnxGraph;
import dev.brine.onnx.proto.OnnxParts;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An ONNX model run by ONNX Runtime. Inputs, outputs, dtypes and shapes come from the graph; {@link #predict} feeds
 * the one input and returns the first output, splitting the batch when the graph fixes the first dimension (models
 * exported with batch size 1). {@link #run} takes and returns every named tensor. Its snapshot keeps the graph and
 * the initializers apart ({@link OnnxParts}), so a {@code .brine} copy shows every weight and restores this model.
 */
public sealed class OnnxModel implements Model permits OnnxClassifier {
    public static final String TYPE = "onnx";

    private final String source;
    private final OnnxParts parts;
    private final OnnxGraph graph;
    private final Limits limits;
    private volatile OnnxSession session;

    OnnxModel(String source, OnnxParts parts, OnnxGraph graph, Limits limits) {
        this.source = source;
        this.parts = parts;
        this.graph = graph;
        this.limits = limits;
    }

    /** Builds the model from its parts: a classifier when the graph has the sklearn-onnx classifier outputs. */
    static OnnxModel of(OnnxParts parts, String source, Limits limits) {
        OnnxGraph graph = GraphReader.read(parts.skeleton(), source, limits);
        Optional<ClassifierOutputs> classifier = ClassifierOutputs.find(graph);
        return classifier.<OnnxModel>map(outputs -> new OnnxClassifier(source, parts, graph, limits, outputs))
                .orElseGet(() -> new OnnxModel(source, parts, graph, limits));
    }

    /**
     * The ONNX Runtime session, opened on first use: inspecting, converting or registering a model never starts
     * ONNX Runtime, and a model is assembled from its parts only when it runs.
     */
    private OnnxSession session() {
        OnnxSession current = session;
        if (current == null) {
            checkOpset();
            synchronized (this) {
                if (session == null) {
                    Map<String, Tensor> tensors = new LinkedHashMap<>();
                    for (NamedTensor tensor : parts.initializers()) {
                        tensors.put(tensor.name(), tensor.tensor());
                    }
                    try (Arena arena = Arena.ofConfined()) {
                        session = OnnxSession.open(ModelAssembler.assemble(parts.skeleton(), tensors, source, limits,
                                arena), source, limits.maxRunMillis());
                    }
                }
                current = session;
            }
        }
        return current;
    }

    /** The oldest default-domain opset ONNX Runtime runs; older graphs need their operators rewritten. */
    static final long OLDEST_OPSET = 7;

    /**
     * Refuses a graph older than ONNX Runtime runs, naming its opset, before ONNX Runtime says something vaguer. Brine
     * does not upgrade it: the rewrites (Gemm's broadcast attribute, BatchNormalization's spatial and consumed inputs,
     * Reshape's shape attribute) are onnx's version converter's job, which also checks the result.
     */
    private void checkOpset() {
        for (OnnxGraph.Opset opset : graph.opsets()) {
            boolean standard = opset.domain().isEmpty() || opset.domain().equals("ai.onnx");
            if (standard && opset.version() < OLDEST_OPSET) {
                throw new dev.brine.core.UnsupportedModelException(source + ": the graph uses ONNX opset "
                        + opset.version() + "; ONNX Runtime runs opset " + OLDEST_OPSET + " and later. Upgrade it"
                        + " with onnx's converter, e.g. onnx.version_converter.convert_version(model, 13), and save"
                        + " it again.");
            }
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** The top-level initializers with a Brine dtype, by name (slices of the file where possible). */
    public Map<String, Tensor> initializers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        parts.initializers().forEach(tensor -> out.put(tensor.name(), tensor.tensor()));
        return out;
    }

    /** The graph as Brine read it: producer, opsets, nodes, inputs and outputs. */
    public OnnxGraph graph() {
        return graph;
    }

    @Override
    public Signature signature() {
        return new Signature(specs(graph.realInputs()), specs(graph.outputs()));
    }

    static List<TensorSpec> specs(List<OnnxGraph.Value> values) {
        List<TensorSpec> specs = new ArrayList<>();
        for (OnnxGraph.Value value : values) {
            if (value.type() instanceof OnnxGraph.TensorType tensor) {
                OnnxDataType.toBrine(tensor.elemType()).ifPresent(dtype -> specs.add(new TensorSpec(value.name(),
                        dtype, tensor.rankKnown() ? tensor.dims() : new long[] {-1})));
            }
        }
        return specs;
    }

    /** Feeds the graph's one input and returns its first output. */
    @Override
    public Tensor predict(Tensor input) {
        String first = graph.outputs().getFirst().name();
        return numeric(runBatched(input, List.of(first)).get(first), first);
    }

    /**
     * Runs the graph on named inputs (converted to the graph's dtypes) and returns its numeric outputs by name. String
     * and sequence outputs are left out: a classifier's labels and probabilities come from
     * {@link OnnxClassifier#predict} and {@link OnnxClassifier#predictProba}.
     */
    public Map<String, Tensor> run(Map<String, Tensor> inputs) {
        Map<String, Tensor> conformed = new LinkedHashMap<>();
        for (OnnxGraph.Value value : graph.realInputs()) {
            Tensor tensor = inputs.get(value.name());
            if (tensor == null) {
                throw new IncompatibleModelException(source + ": input \"" + value.name() + "\" is missing; the"
                        + " model takes " + graph.realInputs().stream().map(OnnxGraph.Value::name).toList() + ".");
            }
            conformed.put(value.name(), conform(tensor, value));
        }
        List<String> names = graph.outputs().stream().map(OnnxGraph.Value::name).toList();
        Map<String, Tensor> out = new LinkedHashMap<>();
        session().run(conformed, names, source).forEach((name, output) -> {
            if (output instanceof OrtValues.Output.Numeric numeric) {
                out.put(name, numeric.tensor());
            }
        });
        return out;
    }

    /**
     * Runs the single-input graph on {@code input}, in slices of the graph's fixed batch size when it has one, and
     * joins each requested output along the first dimension.
     */
    Map<String, OrtValues.Output> runBatched(Tensor input, List<String> outputNames) {
        List<OnnxGraph.Value> inputs = graph.realInputs();
        if (inputs.size() != 1) {
            throw new IncompatibleModelException(source + ": the model takes " + inputs.size() + " inputs "
                    + inputs.stream().map(OnnxGraph.Value::name).toList() + "; pass them by name with"
                    + " OnnxModel.run(Map).");
        }
        OnnxGraph.Value value = inputs.getFirst();
        Tensor conformed = conform(input, value);
        long fixedBatch = value.type() instanceof OnnxGraph.TensorType tensor && tensor.dims().length > 0
                ? tensor.dims()[0] : -1;
        long rows = conformed.rank() == 0 ? 1 : conformed.shape().dim(0);
        if (fixedBatch <= 0 || conformed.rank() == 0 || rows == fixedBatch) {
            return session().run(Map.of(value.name(), conformed), outputNames, source);
        }
        if (rows % fixedBatch != 0) {
            throw new IncompatibleModelException(source + ": the model takes batches of exactly " + fixedBatch
                    + " rows; " + rows + " rows do not split evenly.");
        }
        List<Map<String, OrtValues.Output>> parts = new ArrayList<>();
        for (long start = 0; start < rows; start += fixedBatch) {
            parts.add(session().run(Map.of(value.name(), Batches.rows(conformed, start, fixedBatch)), outputNames,
                    source));
        }
        Map<String, OrtValues.Output> joined = new LinkedHashMap<>();
        for (String name : outputNames) {
            joined.put(name, Batches.join(parts.stream().map(part -> part.get(name)).toList()));
        }
        return joined;
    }

    /** The input converted to the graph's dtype, after checking its rank and fixed dimensions. */
    private Tensor conform(Tensor input, OnnxGraph.Value value) {
        if (!(value.type() instanceof OnnxGraph.TensorType type)) {
            throw new IncompatibleModelException(source + ": input \"" + value.name() + "\" is not a tensor.");
        }
        DType dtype = OnnxDataType.toBrine(type.elemType()).orElseThrow(() ->
                new dev.brine.core.UnsupportedModelException(source + ": input \"" + value.name() + "\" is "
                        + OnnxDataType.name(type.elemType()) + ", which Brine cannot pass in."));
        long[] dims = input.shape().dims();
        if (type.rankKnown()) {
            boolean fits = dims.length == type.dims().length;
            for (int i = 1; fits && i < dims.length; i++) {
                fits = type.dims()[i] < 0 || type.dims()[i] == dims[i];
            }
            if (!fits) {
                throw new IncompatibleModelException(source + ": input \"" + value.name() + "\" has shape "
                        + input.shape() + " but the model takes " + Arrays.toString(type.dims())
                        + " (-1: any size).");
            }
        }
        return input.dtype() == dtype ? input : input.to(dtype);
    }

    static Tensor numeric(OrtValues.Output output, String name) {
        if (output instanceof OrtValues.Output.Numeric numeric) {
            return numeric.tensor();
        }
        throw new dev.brine.core.UnsupportedModelException("output \"" + name + "\" is not a numeric tensor.");
    }

    String source() {
        return source;
    }

    @Override
    public ModelSnapshot snapshot() {
        return new ModelSnapshot(TYPE, config(), parts.asTensors(), signature(), List.of(), Optional.empty());
    }

    /** Descriptive only: restoring reads the graph from the skeleton tensor. */
    private Json.JsonObject config() {
        Json.ObjectBuilder opsets = Json.object();
        graph.opsets().forEach(opset -> opsets.put(opset.domain().isEmpty() ? "ai.onnx" : opset.domain(),
                opset.version()));
        Json.ObjectBuilder metadata = Json.object();
        graph.metadata().forEach(metadata::put);
        return Json.object()
                .put("ir_version", graph.irVersion())
                .put("producer_name", graph.producerName())
                .put("producer_version", graph.producerVersion())
                .put("graph_name", graph.name())
                .put("opsets", opsets.build())
                .put("metadata", metadata.build())
                .put("nodes", graph.nodes().size())
                .build();
    }
}
