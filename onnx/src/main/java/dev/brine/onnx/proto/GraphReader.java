package dev.brine.onnx.proto;

import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads an {@link OnnxGraph} from {@code ModelProto} bytes (field numbers from onnx.proto, docs/interop.md). */
public final class GraphReader {
    private final Limits limits;
    private long elements;

    private GraphReader(Limits limits) {
        this.limits = limits;
    }

    public static OnnxGraph read(MemorySegment model, String source, Limits limits) {
        return new GraphReader(limits).model(new ProtoReader(model, 0, source));
    }

    private OnnxGraph model(ProtoReader model) {
        long irVersion = 0;
        String producerName = "";
        String producerVersion = "";
        List<OnnxGraph.Opset> opsets = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        ProtoReader graph = null;
        while (model.hasMore()) {
            switch (model.nextField()) {
                case 1 -> irVersion = varint(model);
                case 2 -> producerName = string(model);
                case 3 -> producerVersion = string(model);
                case 7 -> graph = message(model);
                case 8 -> {
                    ProtoReader opset = message(model);
                    String domain = "";
                    long version = 0;
                    while (opset.hasMore()) {
                        switch (opset.nextField()) {
                            case 1 -> domain = string(opset);
                            case 2 -> version = varint(opset);
                            default -> opset.skip();
                        }
                    }
                    opsets.add(new OnnxGraph.Opset(domain, version));
                }
                case 14 -> {
                    ProtoReader entry = message(model);
                    String key = "";
                    String value = "";
                    while (entry.hasMore()) {
                        switch (entry.nextField()) {
                            case 1 -> key = string(entry);
                            case 2 -> value = string(entry);
                            default -> entry.skip();
                        }
                    }
                    count();
                    metadata.put(key, value);
                }
                default -> model.skip();
            }
        }
        if (graph == null) {
            throw new CorruptModelException(model.source() + ": the ModelProto has no graph.");
        }
        return graph(graph, irVersion, producerName, producerVersion, opsets, metadata);
    }

    private OnnxGraph graph(ProtoReader graph, long irVersion, String producerName, String producerVersion,
                            List<OnnxGraph.Opset> opsets, Map<String, String> metadata) {
        String name = "";
        List<OnnxGraph.Value> inputs = new ArrayList<>();
        List<OnnxGraph.Value> outputs = new ArrayList<>();
        List<OnnxGraph.Node> nodes = new ArrayList<>();
        List<OnnxGraph.Initializer> initializers = new ArrayList<>();
        while (graph.hasMore()) {
            switch (graph.nextField()) {
                case 1 -> nodes.add(node(message(graph)));
                case 2 -> name = string(graph);
                case 5 -> {
                    TensorProtoFields fields = TensorProtoFields.parse(message(graph), limits);
                    count();
                    initializers.add(new OnnxGraph.Initializer(fields.name(), fields.dataType(), fields.dims()));
                }
                case 11 -> inputs.add(value(message(graph)));
                case 12 -> outputs.add(value(message(graph)));
                default -> graph.skip();
            }
        }
        return new OnnxGraph(irVersion, producerName, producerVersion, opsets, metadata, name, inputs, outputs,
                nodes, initializers);
    }

    private OnnxGraph.Value value(ProtoReader value) {
        count();
        String name = "";
        OnnxGraph.ValueType type = new OnnxGraph.OtherType("none");
        while (value.hasMore()) {
            switch (value.nextField()) {
                case 1 -> name = string(value);
                case 2 -> type = type(message(value), 1);
                default -> value.skip();
            }
        }
        return new OnnxGraph.Value(name, type);
    }

    private OnnxGraph.ValueType type(ProtoReader type, int depth) {
        Limits.check(type.source() + " offset " + type.offset() + ": type nesting depth", depth,
                limits.maxNestingDepth(), "maxNestingDepth");
        OnnxGraph.ValueType result = new OnnxGraph.OtherType("undefined");
        while (type.hasMore()) {
            switch (type.nextField()) {
                case 1 -> result = tensorType(message(type));
                case 4 -> {
                    ProtoReader sequence = message(type);
                    OnnxGraph.ValueType element = new OnnxGraph.OtherType("undefined");
                    while (sequence.hasMore()) {
                        if (sequence.nextField() == 1) {
                            element = type(message(sequence), depth + 1);
                        } else {
                            sequence.skip();
                        }
                    }
                    result = new OnnxGraph.SequenceType(element);
                }
                case 5 -> {
                    ProtoReader map = message(type);
                    int keyType = 0;
                    OnnxGraph.ValueType valueType = new OnnxGraph.OtherType("undefined");
                    while (map.hasMore()) {
                        switch (map.nextField()) {
                            case 1 -> keyType = (int) varint(map);
                            case 2 -> valueType = type(message(map), depth + 1);
                            default -> map.skip();
                        }
                    }
                    result = new OnnxGraph.MapType(keyType, valueType);
                }
                case 7 -> {
                    type.skip();
                    result = new OnnxGraph.OtherType("opaque");
                }
                case 8 -> {
                    type.skip();
                    result = new OnnxGraph.OtherType("sparse_tensor");
                }
                case 9 -> {
                    type.skip();
                    result = new OnnxGraph.OtherType("optional");
                }
                default -> type.skip();
            }
        }
        return result;
    }

    private OnnxGraph.TensorType tensorType(ProtoReader tensor) {
        int elemType = 0;
        List<Long> dims = new ArrayList<>();
        boolean rankKnown = false;
        while (tensor.hasMore()) {
            switch (tensor.nextField()) {
                case 1 -> elemType = (int) varint(tensor);
                case 2 -> {
                    rankKnown = true;
                    ProtoReader shape = message(tensor);
                    while (shape.hasMore()) {
                        if (shape.nextField() != 1) {
                            shape.skip();
                            continue;
                        }
                        Limits.check(shape.source() + " offset " + shape.offset() + ": rank of a graph value",
                                dims.size() + 1, limits.maxRank(), "maxRank");
                        ProtoReader dim = message(shape);
                        long size = -1;
                        while (dim.hasMore()) {
                            if (dim.nextField() == 1 && dim.wireType() == ProtoReader.VARINT) {
                                size = dim.varint();
                            } else {
                                dim.skip();
                            }
                        }
                        dims.add(size < 0 ? -1 : size);
                    }
                }
                default -> tensor.skip();
            }
        }
        return new OnnxGraph.TensorType(elemType, dims.stream().mapToLong(Long::longValue).toArray(), rankKnown);
    }

    private OnnxGraph.Node node(ProtoReader node) {
        count();
        String name = "";
        String opType = "";
        String domain = "";
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        Map<String, OnnxGraph.Attribute> attributes = new LinkedHashMap<>();
        while (node.hasMore()) {
            switch (node.nextField()) {
                case 1 -> inputs.add(countedString(node));
                case 2 -> outputs.add(countedString(node));
                case 3 -> name = string(node);
                case 4 -> opType = string(node);
                case 7 -> domain = string(node);
                case 5 -> {
                    NamedAttribute attribute = attribute(message(node));
                    attributes.put(attribute.name(), attribute.value());
                }
                default -> node.skip();
            }
        }
        return new OnnxGraph.Node(name, opType, domain, inputs, outputs, attributes);
    }

    private record NamedAttribute(String name, OnnxGraph.Attribute value) {
    }

    private NamedAttribute attribute(ProtoReader attribute) {
        String name = "";
        int type = 0;
        OnnxGraph.Attribute scalar = null;
        List<Long> ints = new ArrayList<>();
        List<Float> floats = new ArrayList<>();
        List<String> strings = new ArrayList<>();
        while (attribute.hasMore()) {
            switch (attribute.nextField()) {
                case 1 -> name = string(attribute);
                case 20 -> type = (int) varint(attribute);
                case 2 -> {
                    attribute.expect(ProtoReader.FIXED32);
                    scalar = new OnnxGraph.FloatValue(Float.intBitsToFloat(attribute.fixed32()));
                }
                case 3 -> scalar = new OnnxGraph.IntValue(varint(attribute));
                case 4 -> scalar = new OnnxGraph.StringValue(string(attribute));
                case 7 -> {
                    checkCount(attribute, 4);
                    attribute.fixed(4, bits -> floats.add(Float.intBitsToFloat((int) bits)));
                }
                case 8 -> {
                    checkCount(attribute, 0);
                    attribute.varints(ints::add);
                }
                case 9 -> strings.add(countedString(attribute));
                default -> attribute.skip();
            }
        }
        OnnxGraph.Attribute value = switch (type) {
            case 1, 2, 3 -> scalar == null ? new OnnxGraph.Unread(type) : scalar;
            case 6 -> {
                float[] values = new float[floats.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = floats.get(i);
                }
                yield new OnnxGraph.Floats(values);
            }
            case 7 -> new OnnxGraph.Ints(ints.stream().mapToLong(Long::longValue).toArray());
            case 8 -> new OnnxGraph.Strings(strings);
            default -> new OnnxGraph.Unread(type);
        };
        return new NamedAttribute(name, value);
    }

    private void checkCount(ProtoReader reader, int width) {
        elements += reader.countAhead(width);
        Limits.check(reader.source() + " offset " + reader.offset() + ": attribute and graph elements", elements,
                limits.maxElements(), "maxElements");
    }

    private void count() {
        elements++;
        Limits.check("ONNX graph elements", elements, limits.maxElements(), "maxElements");
    }

    private String countedString(ProtoReader reader) {
        count();
        return string(reader);
    }

    private String string(ProtoReader reader) {
        reader.expect(ProtoReader.LENGTH_DELIMITED);
        return reader.string(limits.maxStringBytes());
    }

    private static long varint(ProtoReader reader) {
        reader.expect(ProtoReader.VARINT);
        return reader.varint();
    }

    private static ProtoReader message(ProtoReader reader) {
        reader.expect(ProtoReader.LENGTH_DELIMITED);
        return reader.message();
    }
}
