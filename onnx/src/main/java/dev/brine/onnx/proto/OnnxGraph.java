package dev.brine.onnx.proto;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What Brine needs to know about an ONNX model without running it: producer, opsets, metadata, the top-level graph's
 * inputs and outputs with their types, its nodes with their scalar and list attributes, and its initializers.
 * Read by {@link GraphReader} from a skeleton (values are not needed).
 */
public record OnnxGraph(long irVersion, String producerName, String producerVersion, List<Opset> opsets,
                        Map<String, String> metadata, String name, List<Value> inputs, List<Value> outputs,
                        List<Node> nodes, List<Initializer> initializers) {

    public OnnxGraph {
        opsets = List.copyOf(opsets);
        metadata = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        nodes = List.copyOf(nodes);
        initializers = List.copyOf(initializers);
    }

    public record Opset(String domain, long version) {
    }

    /** A graph input or output. */
    public record Value(String name, ValueType type) {
    }

    /** An ONNX {@code TypeProto}, reduced to what Brine uses. */
    public sealed interface ValueType {
    }

    /** A tensor; {@code dims} has -1 for a symbolic or unknown dimension; {@code rankKnown} is false without shape. */
    public record TensorType(int elemType, long[] dims, boolean rankKnown) implements ValueType {
    }

    public record SequenceType(ValueType element) implements ValueType {
    }

    public record MapType(int keyType, ValueType value) implements ValueType {
    }

    /** Optional, sparse and opaque types, which Brine passes through without understanding. */
    public record OtherType(String kind) implements ValueType {
    }

    public record Node(String name, String opType, String domain, List<String> inputs, List<String> outputs,
                       Map<String, Attribute> attributes) {

        public Optional<Attribute> attribute(String attributeName) {
            return Optional.ofNullable(attributes.get(attributeName));
        }

        /** True for an operator of the default domain ({@code ""} or {@code ai.onnx}) or of {@code domain}. */
        public boolean is(String opDomain, String op) {
            String own = domain.equals("ai.onnx") ? "" : domain;
            return own.equals(opDomain) && opType.equals(op);
        }
    }

    /** An attribute value; tensors, graphs and types are not kept (Brine reads weights from initializers). */
    public sealed interface Attribute {
    }

    public record IntValue(long value) implements Attribute {
    }

    public record FloatValue(float value) implements Attribute {
    }

    public record StringValue(String value) implements Attribute {
    }

    public record Ints(long[] values) implements Attribute {
    }

    public record Floats(float[] values) implements Attribute {
    }

    public record Strings(List<String> values) implements Attribute {
    }

    public record Unread(int type) implements Attribute {
    }

    public record Initializer(String name, int dataType, long[] dims) {
    }

    /** Graph inputs that are not initializers (IR 3 and older list every initializer as an input too). */
    public List<Value> realInputs() {
        java.util.Set<String> initializerNames = new java.util.HashSet<>();
        initializers.forEach(initializer -> initializerNames.add(initializer.name()));
        return inputs.stream().filter(input -> !initializerNames.contains(input.name())).toList();
    }

    public Optional<Node> firstNode(String opDomain, String op) {
        return nodes.stream().filter(node -> node.is(opDomain, op)).findFirst();
    }
}
