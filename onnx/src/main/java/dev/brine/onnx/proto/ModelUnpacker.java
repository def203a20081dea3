package dev.brine.onnx.proto;

import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.TensorRole;
import dev.brine.core.tensor.DType;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Splits a {@code ModelProto} into {@link OnnxParts}. Every {@code TensorProto} in the model is visited, wherever it
 * sits (initializers, {@code Constant} attributes, subgraphs of {@code If}/{@code Loop}, sparse tensors, training
 * graphs, functions), so that every external reference is resolved here, inside the model's directory, and none
 * reaches ONNX Runtime, which would open whatever path the file names. Top-level initializers with a Brine dtype
 * become tensors (zero-copy slices for {@code raw_data} and external data); other tensors stay in the skeleton, their
 * external data inlined as {@code raw_data}.
 */
public final class ModelUnpacker {
    // Field numbers from onnx.proto (docs/interop.md).
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_TRAINING_INFO = 20;
    private static final int MODEL_FUNCTIONS = 25;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_SPARSE_INITIALIZER = 15;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int ATTRIBUTE_T = 5;
    private static final int ATTRIBUTE_G = 6;
    private static final int ATTRIBUTE_TENSORS = 10;
    private static final int ATTRIBUTE_GRAPHS = 11;
    private static final int ATTRIBUTE_SPARSE_TENSOR = 22;
    private static final int ATTRIBUTE_SPARSE_TENSORS = 23;
    private static final int SPARSE_VALUES = 1;
    private static final int SPARSE_INDICES = 2;
    private static final int TRAINING_INITIALIZATION = 1;
    private static final int TRAINING_ALGORITHM = 2;
    private static final int FUNCTION_NODE = 7;

    private final Limits limits;
    private final TensorDecoder decoder;
    private final List<NamedTensor> initializers = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    private ModelUnpacker(Limits limits, ExternalData external) {
        this.limits = limits;
        this.decoder = new TensorDecoder(limits, external);
    }

    /**
     * Splits the model in {@code file}. Tensors are slices of {@code file} or of external files mapped in
     * {@code external}'s arena, so both must outlive the result.
     */
    public static OnnxParts unpack(MemorySegment file, String source, Limits limits, ExternalData external) {
        ModelUnpacker unpacker = new ModelUnpacker(limits, external);
        ProtoReader model = new ProtoReader(file, 0, source);
        ProtoWriter skeleton = new ProtoWriter();
        boolean hasGraph = false;
        while (model.hasMore()) {
            int field = model.nextField();
            switch (field) {
                case MODEL_GRAPH -> {
                    model.expect(ProtoReader.LENGTH_DELIMITED);
                    skeleton.message(field, unpacker.graph(model.message(), 1, true));
                    hasGraph = true;
                }
                case MODEL_TRAINING_INFO -> {
                    model.expect(ProtoReader.LENGTH_DELIMITED);
                    skeleton.message(field, unpacker.graphsIn(model.message(), 1,
                            Set.of(TRAINING_INITIALIZATION, TRAINING_ALGORITHM)));
                }
                case MODEL_FUNCTIONS -> {
                    model.expect(ProtoReader.LENGTH_DELIMITED);
                    skeleton.message(field, unpacker.nodesIn(model.message(), FUNCTION_NODE, 1));
                }
                default -> {
                    model.skip();
                    skeleton.raw(model.fieldBytes());
                }
            }
        }
        if (!hasGraph) {
            throw new CorruptModelException(source + ": the ModelProto has no graph; it is not an ONNX model (or it"
                    + " is empty).");
        }
        return new OnnxParts(skeleton.toSegment(java.lang.foreign.Arena.ofAuto()), unpacker.initializers);
    }

    private ProtoWriter graph(ProtoReader graph, int depth, boolean topLevel) {
        Limits.check(graph.source() + " offset " + graph.offset() + ": subgraph nesting depth", depth,
                limits.maxNestingDepth(), "maxNestingDepth");
        ProtoWriter out = new ProtoWriter();
        while (graph.hasMore()) {
            int field = graph.nextField();
            switch (field) {
                case GRAPH_NODE -> {
                    graph.expect(ProtoReader.LENGTH_DELIMITED);
                    out.message(field, nodesIn(graph.message(), NODE_ATTRIBUTE, depth));
                }
                case GRAPH_INITIALIZER -> {
                    graph.expect(ProtoReader.LENGTH_DELIMITED);
                    tensorField(graph, out, topLevel);
                }
                case GRAPH_SPARSE_INITIALIZER -> {
                    graph.expect(ProtoReader.LENGTH_DELIMITED);
                    out.message(field, sparse(graph.message()));
                }
                default -> {
                    graph.skip();
                    out.raw(graph.fieldBytes());
                }
            }
        }
        return out;
    }

    /**
     * Rewrites a message whose field {@code nodeField} holds nodes (a NodeProto's attributes when called on a node,
     * a FunctionProto's nodes): used for both because nodes and attributes nest the same way.
     */
    private ProtoWriter nodesIn(ProtoReader message, int nodeField, int depth) {
        ProtoWriter out = new ProtoWriter();
        while (message.hasMore()) {
            int field = message.nextField();
            if (field == nodeField && message.wireType() == ProtoReader.LENGTH_DELIMITED) {
                ProtoReader child = message.message();
                out.message(field, nodeField == NODE_ATTRIBUTE ? attribute(child, depth)
                        : nodesIn(child, NODE_ATTRIBUTE, depth));
            } else {
                message.skip();
                out.raw(message.fieldBytes());
            }
        }
        return out;
    }

    private ProtoWriter attribute(ProtoReader attribute, int depth) {
        ProtoWriter out = new ProtoWriter();
        while (attribute.hasMore()) {
            int field = attribute.nextField();
            if (attribute.wireType() != ProtoReader.LENGTH_DELIMITED) {
                attribute.skip();
                out.raw(attribute.fieldBytes());
                continue;
            }
            switch (field) {
                case ATTRIBUTE_T, ATTRIBUTE_TENSORS -> tensorField(attribute, out, false);
                case ATTRIBUTE_G, ATTRIBUTE_GRAPHS -> out.message(field, graph(attribute.message(), depth + 1, false));
                case ATTRIBUTE_SPARSE_TENSOR, ATTRIBUTE_SPARSE_TENSORS ->
                        out.message(field, sparse(attribute.message()));
                default -> {
                    attribute.skip();
                    out.raw(attribute.fieldBytes());
                }
            }
        }
        return out;
    }

    private ProtoWriter sparse(ProtoReader sparse) {
        ProtoWriter out = new ProtoWriter();
        while (sparse.hasMore()) {
            int field = sparse.nextField();
            if ((field == SPARSE_VALUES || field == SPARSE_INDICES)
                    && sparse.wireType() == ProtoReader.LENGTH_DELIMITED) {
                tensorField(sparse, out, false);
            } else {
                sparse.skip();
                out.raw(sparse.fieldBytes());
            }
        }
        return out;
    }

    private ProtoWriter graphsIn(ProtoReader message, int depth, Set<Integer> graphFields) {
        ProtoWriter out = new ProtoWriter();
        while (message.hasMore()) {
            int field = message.nextField();
            if (graphFields.contains(field) && message.wireType() == ProtoReader.LENGTH_DELIMITED) {
                out.message(field, graph(message.message(), depth + 1, false));
            } else {
                message.skip();
                out.raw(message.fieldBytes());
            }
        }
        return out;
    }

    /**
     * Copies the tensor field just read by {@code parent} into {@code out}: unchanged when nothing needs rewriting,
     * without its values when it becomes a Brine tensor, with its external data inlined as {@code raw_data}.
     */
    private void tensorField(ProtoReader parent, ProtoWriter out, boolean extract) {
        int fieldNumber = parent.fieldNumber();
        ProtoReader message = parent.message();
        MemorySegment original = parent.fieldBytes();
        TensorProtoFields fields = TensorProtoFields.parse(message, limits);
        Optional<DType> dtype = OnnxDataType.toBrine(fields.dataType());
        if (extract && dtype.isPresent()) {
            addInitializer(fields, dtype.get());
            out.message(fieldNumber, described(fields));
        } else if (fields.isExternal()) {
            out.message(fieldNumber, described(fields).bytes(TensorProtoFields.RAW_DATA,
                    decoder.externalBytes(fields)));
        } else {
            out.raw(original);
        }
    }

    private void addInitializer(TensorProtoFields fields, DType dtype) {
        if (fields.name().isEmpty()) {
            throw new CorruptModelException(fields.where() + ": a graph initializer has no name.");
        }
        if (fields.name().equals(OnnxParts.SKELETON_TENSOR)) {
            throw new UnsupportedModelException(fields.where() + ": Brine keeps the graph itself under this name;"
                    + " rename the initializer where the model was made.");
        }
        if (!names.add(fields.name())) {
            throw new CorruptModelException(fields.where() + ": two initializers have this name.");
        }
        Limits.check(fields.source() + ": initializer count", names.size(), limits.maxTensors(), "maxTensors");
        initializers.add(new NamedTensor(fields.name(), decoder.decode(fields, dtype), TensorRole.PARAMETER));
    }

    /** A tensor's fields other than its values. */
    private static ProtoWriter described(TensorProtoFields fields) {
        ProtoWriter writer = new ProtoWriter();
        for (MemorySegment field : fields.described()) {
            writer.raw(field);
        }
        return writer;
    }
}
