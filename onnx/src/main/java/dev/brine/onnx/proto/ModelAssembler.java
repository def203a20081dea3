package dev.brine.onnx.proto;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.Limits;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Puts {@link OnnxParts} back together into one self-contained {@code ModelProto}: each top-level initializer of the
 * skeleton that has no values gets its tensor's bytes as {@code raw_data}. The inverse of {@link ModelUnpacker}.
 */
public final class ModelAssembler {
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_INITIALIZER = 5;

    private ModelAssembler() {
    }

    /**
     * The complete model in {@code arena}. Every tensor must match an initializer of the skeleton by name, dtype and
     * shape ({@link IncompatibleModelException} otherwise), so weights edited in a {@code .brine} file cannot change
     * the graph's meaning silently.
     */
    public static MemorySegment assemble(MemorySegment skeleton, Map<String, Tensor> tensors, String source,
                                         Limits limits, Arena arena) {
        ProtoReader model = new ProtoReader(skeleton, 0, source);
        ProtoWriter out = new ProtoWriter();
        Set<String> used = new HashSet<>();
        while (model.hasMore()) {
            int field = model.nextField();
            if (field == MODEL_GRAPH && model.wireType() == ProtoReader.LENGTH_DELIMITED) {
                out.message(field, graph(model.message(), tensors, used, limits));
            } else {
                model.skip();
                out.raw(model.fieldBytes());
            }
        }
        if (used.size() != tensors.size()) {
            Set<String> unused = new java.util.TreeSet<>(tensors.keySet());
            unused.removeAll(used);
            throw new IncompatibleModelException(source + ": tensors " + unused + " are not initializers of the"
                    + " ONNX graph.");
        }
        return out.toSegment(arena);
    }

    private static ProtoWriter graph(ProtoReader graph, Map<String, Tensor> tensors, Set<String> used,
                                     Limits limits) {
        ProtoWriter out = new ProtoWriter();
        while (graph.hasMore()) {
            int field = graph.nextField();
            if (field != GRAPH_INITIALIZER || graph.wireType() != ProtoReader.LENGTH_DELIMITED) {
                graph.skip();
                out.raw(graph.fieldBytes());
                continue;
            }
            TensorProtoFields fields = TensorProtoFields.parse(graph.message(), limits);
            Tensor tensor = tensors.get(fields.name());
            boolean hasValues = fields.rawData() != null || !fields.typedValues().isEmpty() || fields.isExternal()
                    || fields.stringCount() > 0;
            if (tensor == null && !hasValues && Arrays.stream(fields.dims()).reduce(1, (a, b) -> a * b) != 0) {
                throw new IncompatibleModelException(fields.where() + ": the initializer's values are missing;"
                        + " the file holds the ONNX graph without this tensor.");
            }
            if (tensor == null || hasValues) {
                out.raw(graph.fieldBytes());
                continue;
            }
            DType expected = OnnxDataType.toBrine(fields.dataType()).orElse(null);
            if (tensor.dtype() != expected || !Arrays.equals(tensor.shape().dims(), fields.dims())) {
                throw new IncompatibleModelException(fields.where() + ": the graph declares "
                        + OnnxDataType.name(fields.dataType()) + " " + Arrays.toString(fields.dims())
                        + " but the tensor is " + tensor.dtype() + " " + tensor.shape() + ".");
            }
            ProtoWriter initializer = new ProtoWriter();
            for (MemorySegment kept : fields.described()) {
                initializer.raw(kept);
            }
            initializer.bytes(TensorProtoFields.RAW_DATA, tensor.data());
            out.message(field, initializer);
            used.add(fields.name());
        }
        return out;
    }
}
