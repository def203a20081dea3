package dev.brine.onnx;

import dev.brine.core.UnsupportedModelException;
import dev.brine.core.json.Json;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.TensorRole;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.nn.Sequential;
import dev.brine.onnx.proto.OnnxGraph;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps an ONNX graph that is a plain MLP onto brine-models' {@link Sequential}: a chain from the one input to the
 * one output of {@code Gemm} (or {@code MatMul} + {@code Add}), Relu, Sigmoid, Tanh, LeakyRelu, Elu, Softmax,
 * LogSoftmax, BatchNormalization, Flatten and Dropout/Identity, with weights from initializers. Anything else (a
 * branch, another op, a weight computed at run time) is {@link UnsupportedModelException}: the model still runs in
 * ONNX Runtime as it is.
 */
public final class OnnxToSequential {

    private OnnxToSequential() {
    }

    public static Sequential convert(OnnxModel model) {
        OnnxGraph graph = model.graph();
        Map<String, Tensor> weights = model.initializers();
        if (graph.realInputs().size() != 1 || graph.outputs().size() != 1) {
            throw new UnsupportedModelException("the ONNX graph has several inputs or outputs; it is not an MLP.");
        }
        long width = inputWidth(graph.realInputs().getFirst());
        long inputWidth = width;
        String current = graph.realInputs().getFirst().name();
        List<Json> layers = new ArrayList<>();
        List<NamedTensor> stateDict = new ArrayList<>();
        List<OnnxGraph.Node> nodes = graph.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            OnnxGraph.Node node = nodes.get(i);
            if (node.inputs().isEmpty() || !node.inputs().getFirst().equals(current) || node.outputs().size() != 1
                    && !node.opType().equals("Dropout")) {
                throw notChain(node);
            }
            String name = Integer.toString(layers.size());
            switch (node.opType()) {
                case "Gemm" -> {
                    requireDefault(node, "transA", 0);
                    requireDefault(node, "alpha", 1);
                    requireDefault(node, "beta", 1);
                    Tensor weight = weight(weights, node, 1);
                    boolean transposed = integer(node, "transB", 0) == 1;
                    Tensor linear = transposed ? weight : transpose(weight);
                    Optional<Tensor> bias = node.inputs().size() > 2 ? Optional.of(weight(weights, node, 2))
                            : Optional.empty();
                    width = addLinear(layers, stateDict, name, width, linear, bias);
                }
                case "MatMul" -> {
                    Tensor linear = transpose(weight(weights, node, 1));
                    Optional<Tensor> bias = Optional.empty();
                    OnnxGraph.Node next = i + 1 < nodes.size() ? nodes.get(i + 1) : null;
                    if (next != null && next.opType().equals("Add") && next.inputs().getFirst().equals(
                            node.outputs().getFirst()) && weights.containsKey(next.inputs().get(1))) {
                        bias = Optional.of(weight(weights, next, 1));
                        node = next;
                        i++;
                    }
                    width = addLinear(layers, stateDict, name, width, linear, bias);
                }
                case "Relu" -> layers.add(layer(name, "relu").build());
                case "Sigmoid" -> layers.add(layer(name, "sigmoid").build());
                case "Tanh" -> layers.add(layer(name, "tanh").build());
                case "LeakyRelu" -> layers.add(layer(name, "leaky_relu").put("negative_slope",
                        number(node, "alpha", 0.01)).build());
                case "Elu" -> layers.add(layer(name, "elu").put("alpha", number(node, "alpha", 1.0)).build());
                case "Softmax", "LogSoftmax" -> {
                    long axis = integer(node, "axis", -1);
                    if (axis != -1 && axis != 1) {
                        throw new UnsupportedModelException("ONNX " + node.opType() + " over axis " + axis
                                + " is not the feature axis.");
                    }
                    layers.add(layer(name, node.opType().equals("Softmax") ? "softmax" : "log_softmax").build());
                }
                case "Flatten" -> layers.add(layer(name, "flatten").build());
                case "Identity", "Dropout" -> { }
                case "BatchNormalization" -> {
                    layers.add(layer(name, "batch_norm1d").put("num_features", width)
                            .put("eps", number(node, "epsilon", 1e-5)).put("momentum", 0.1).build());
                    String[] names = {"weight", "bias", "running_mean", "running_var"};
                    for (int k = 0; k < names.length; k++) {
                        stateDict.add(new NamedTensor(name + "." + names[k], weight(weights, node, k + 1),
                                k < 2 ? TensorRole.PARAMETER : TensorRole.BUFFER));
                    }
                }
                default -> throw new UnsupportedModelException("ONNX op " + node.opType() + " (node \"" + node.name()
                        + "\") has no Sequential equivalent.");
            }
            current = node.outputs().getFirst();
        }
        if (!current.equals(graph.outputs().getFirst().name())) {
            throw new UnsupportedModelException("the ONNX graph's output is not at the end of one chain of nodes.");
        }
        Sequential network = Sequential.fromArchitecture(Json.object().put("input_features", inputWidth)
                .put("layers", Json.array(layers)).build());
        network.stateDict().stream().filter(tensor -> tensor.name().endsWith(".num_batches_tracked"))
                .forEach(stateDict::add);
        network.loadStateDict(stateDict, true);
        return network;
    }

    private static long addLinear(List<Json> layers, List<NamedTensor> stateDict, String name, long width,
                                  Tensor weight, Optional<Tensor> bias) {
        if (weight.rank() != 2 || weight.shape().dim(1) != width) {
            throw new UnsupportedModelException("a linear layer's weight " + weight.shape() + " does not take "
                    + width + " features.");
        }
        long out = weight.shape().dim(0);
        layers.add(layer(name, "linear").put("in_features", width).put("out_features", out)
                .put("bias", bias.isPresent()).build());
        stateDict.add(new NamedTensor(name + ".weight", weight, TensorRole.PARAMETER));
        bias.ifPresent(value -> stateDict.add(new NamedTensor(name + ".bias", value.reshape(out),
                TensorRole.PARAMETER)));
        return out;
    }

    private static Json.ObjectBuilder layer(String name, String type) {
        return Json.object().put("name", name).put("type", type);
    }

    private static long inputWidth(OnnxGraph.Value input) {
        if (input.type() instanceof OnnxGraph.TensorType tensor && tensor.dims().length == 2 && tensor.dims()[1] > 0) {
            return tensor.dims()[1];
        }
        throw new UnsupportedModelException("the ONNX input \"" + input.name() + "\" is not (rows, features).");
    }

    private static Tensor weight(Map<String, Tensor> weights, OnnxGraph.Node node, int index) {
        Tensor tensor = index < node.inputs().size() ? weights.get(node.inputs().get(index)) : null;
        if (tensor == null) {
            throw new UnsupportedModelException("input " + index + " of ONNX node \"" + node.name() + "\" ("
                    + node.opType() + ") is not an initializer.");
        }
        return tensor.dtype() == DType.F32 ? tensor : tensor.to(DType.F32);
    }

    private static Tensor transpose(Tensor matrix) {
        int rows = (int) matrix.shape().dim(0);
        int cols = (int) matrix.shape().dim(1);
        float[] values = matrix.toFloatArray();
        float[] out = new float[values.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = values[r * cols + c];
            }
        }
        return Tensor.of(out, cols, rows);
    }

    private static long integer(OnnxGraph.Node node, String attribute, long fallback) {
        return node.attribute(attribute).map(value -> value instanceof OnnxGraph.IntValue integer ? integer.value()
                : fallback).orElse(fallback);
    }

    private static double number(OnnxGraph.Node node, String attribute, double fallback) {
        return node.attribute(attribute).map(value -> value instanceof OnnxGraph.FloatValue number
                ? (double) number.value() : fallback).orElse(fallback);
    }

    private static void requireDefault(OnnxGraph.Node node, String attribute, double expected) {
        Optional<OnnxGraph.Attribute> value = node.attribute(attribute);
        double actual = value.map(v -> switch (v) {
            case OnnxGraph.IntValue integer -> (double) integer.value();
            case OnnxGraph.FloatValue number -> (double) number.value();
            default -> expected;
        }).orElse(expected);
        if (actual != expected) {
            throw new UnsupportedModelException("ONNX node \"" + node.name() + "\" sets " + attribute + " = " + actual
                    + ", which a Linear layer does not have.");
        }
    }

    private static UnsupportedModelException notChain(OnnxGraph.Node node) {
        return new UnsupportedModelException("ONNX node \"" + node.name() + "\" (" + node.opType() + ") does not"
                + " continue a single chain from the input; the graph is not an MLP.");
    }
}
