package dev.brine.onnx.export;

import dev.brine.core.BrineVersion;
import dev.brine.core.tensor.Tensor;
import dev.brine.onnx.proto.OnnxDataType;
import dev.brine.onnx.proto.ProtoWriter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an ONNX {@code ModelProto} (IR 8, opsets {@code ai.onnx} 17 and {@code ai.onnx.ml} 3, what ONNX Runtime and
 * onnx 1.12+ read) with the wire-format writer: nodes, initializers and typed inputs/outputs whose first dimension is
 * the symbolic batch {@code N}. Field numbers from onnx.proto (docs/interop.md).
 */
final class GraphBuilder {
    static final String ML = "ai.onnx.ml";
    private static final long IR_VERSION = 8;
    private static final long OPSET = 17;
    private static final long ML_OPSET = 3;

    private final ProtoWriter graph = new ProtoWriter();
    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();
    private final List<ProtoWriter> inputs = new ArrayList<>();
    private final List<ProtoWriter> outputs = new ArrayList<>();
    private final List<ProtoWriter> metadata = new ArrayList<>();
    private final Map<String, Integer> used = new HashMap<>();

    /** A value name not used yet, from {@code hint}. */
    String fresh(String hint) {
        int count = used.merge(hint, 1, Integer::sum);
        return count == 1 ? hint : hint + "_" + (count - 1);
    }

    /** A graph input of the given element type and shape; -1 is the symbolic batch size. */
    void input(String name, int elemType, long... dims) {
        input(name, elemType, dims, new String[dims.length]);
    }

    /** A graph input whose axes with a non-null {@code symbols} entry are symbolic sizes of that name. */
    void input(String name, int elemType, long[] dims, String[] symbols) {
        used.merge(name, 1, Integer::sum);
        inputs.add(valueInfo(name, elemType, dims, symbols));
    }

    void output(String name, int elemType, long... dims) {
        output(name, elemType, dims, new String[dims.length]);
    }

    void output(String name, int elemType, long[] dims, String[] symbols) {
        outputs.add(valueInfo(name, elemType, dims, symbols));
    }

    /** Adds a constant and returns its name. */
    String constant(String hint, Tensor tensor) {
        String name = fresh(hint);
        ProtoWriter proto = new ProtoWriter();
        for (long dim : tensor.shape().dims()) {
            proto.varint(1, dim);
        }
        proto.varint(2, OnnxDataType.fromBrine(tensor.dtype())).string(8, name).bytes(9, tensor.data());
        initializers.add(proto);
        return name;
    }

    /** Adds a STRING constant (kept in {@code string_data}, as ONNX requires) and returns its name. */
    String strings(String hint, List<String> values) {
        String name = fresh(hint);
        ProtoWriter proto = new ProtoWriter().varint(1, values.size()).varint(2, OnnxDataType.STRING);
        values.forEach(value -> proto.string(6, value));
        initializers.add(proto.string(8, name));
        return name;
    }

    /** A {@code metadata_props} entry of the model. */
    void metadata(String key, String value) {
        metadata.add(new ProtoWriter().string(1, key).string(2, value));
    }

    /** Adds a node; returns its first output. */
    String node(String op, String domain, List<String> nodeInputs, List<String> nodeOutputs, Attribute... attributes) {
        ProtoWriter node = new ProtoWriter();
        nodeInputs.forEach(input -> node.string(1, input));
        nodeOutputs.forEach(output -> node.string(2, output));
        node.string(3, fresh(op.toLowerCase(java.util.Locale.ROOT))).string(4, op);
        if (!domain.isEmpty()) {
            node.string(7, domain);
        }
        for (Attribute attribute : attributes) {
            node.message(5, attribute.encode());
        }
        nodes.add(node);
        return nodeOutputs.getFirst();
    }

    /** A standard-domain node with one output named from the op. */
    String op(String op, List<String> nodeInputs, Attribute... attributes) {
        return node(op, "", nodeInputs, List.of(fresh(op.toLowerCase(java.util.Locale.ROOT) + "_out")), attributes);
    }

    byte[] build(String graphName) {
        nodes.forEach(node -> graph.message(1, node));
        graph.string(2, graphName);
        initializers.forEach(initializer -> graph.message(5, initializer));
        inputs.forEach(input -> graph.message(11, input));
        outputs.forEach(output -> graph.message(12, output));
        ProtoWriter model = new ProtoWriter()
                .varint(1, IR_VERSION)
                .string(2, "brine")
                .string(3, BrineVersion.current())
                .message(7, graph)
                .message(8, new ProtoWriter().string(1, "").varint(2, OPSET))
                .message(8, new ProtoWriter().string(1, ML).varint(2, ML_OPSET));
        metadata.forEach(entry -> model.message(14, entry));
        return model.toBytes();
    }

    private static ProtoWriter valueInfo(String name, int elemType, long[] dims, String[] symbols) {
        ProtoWriter shape = new ProtoWriter();
        for (int i = 0; i < dims.length; i++) {
            String symbol = symbols[i] != null ? symbols[i] : dims[i] < 0 ? "N" : null;
            shape.message(1, symbol != null ? new ProtoWriter().string(2, symbol) : new ProtoWriter().varint(1, dims[i]));
        }
        ProtoWriter tensorType = new ProtoWriter().varint(1, elemType).message(2, shape);
        return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
    }

    /** An attribute of a node (AttributeProto: name 1, type 20, f 2, i 3, s 4, t 5, floats 7, ints 8, strings 9). */
    record Attribute(String name, ProtoWriter value) {

        static Attribute of(String name, long value) {
            return new Attribute(name, new ProtoWriter().varint(3, value).varint(20, 2));
        }

        static Attribute of(String name, float value) {
            return new Attribute(name, new ProtoWriter().floatValue(2, value).varint(20, 1));
        }

        static Attribute of(String name, String value) {
            return new Attribute(name, new ProtoWriter().string(4, value).varint(20, 3));
        }

        static Attribute ints(String name, long[] values) {
            return new Attribute(name, new ProtoWriter().packedVarints(8, values).varint(20, 7));
        }

        static Attribute floats(String name, float[] values) {
            return new Attribute(name, new ProtoWriter().packedFloats(7, values).varint(20, 6));
        }

        static Attribute strings(String name, List<String> values) {
            ProtoWriter writer = new ProtoWriter();
            values.forEach(value -> writer.string(9, value));
            return new Attribute(name, writer.varint(20, 8));
        }

        /** A tensor attribute (the {@code *_as_tensor} attributes of the ai.onnx.ml tree ensembles). */
        static Attribute tensor(String name, Tensor tensor) {
            ProtoWriter proto = new ProtoWriter();
            for (long dim : tensor.shape().dims()) {
                proto.varint(1, dim);
            }
            proto.varint(2, OnnxDataType.fromBrine(tensor.dtype())).bytes(9, tensor.data());
            return new Attribute(name, new ProtoWriter().message(5, proto).varint(20, 4));
        }

        ProtoWriter encode() {
            ProtoWriter attribute = new ProtoWriter().string(1, name);
            return attribute.raw(java.lang.foreign.MemorySegment.ofArray(value.toBytes()));
        }
    }
}
