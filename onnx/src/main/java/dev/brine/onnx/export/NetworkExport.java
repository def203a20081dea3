package dev.brine.onnx.export;

import dev.brine.core.UnsupportedModelException;
import dev.brine.core.json.Json;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.tensor.Tensor;
import dev.brine.onnx.proto.OnnxDataType;

import java.util.ArrayList;
import java.util.List;

/**
 * brine-models' {@code Sequential} network as standard ONNX ops on float32: Linear is {@code Gemm} with
 * {@code transB=1} (PyTorch's {@code (out, in)} weight as it is), BatchNorm1d is {@code BatchNormalization} in
 * inference mode, Dropout disappears, GELU is spelled {@code 0.5·x·(1 + erf(x/√2))} (opset 17 has no Gelu), SiLU is
 * {@code x·sigmoid(x)}.
 */
final class NetworkExport {

    private NetworkExport() {
    }

    static Exported.Prediction sequential(ModelSnapshot snapshot, String input, GraphBuilder graph) {
        Json.JsonObject architecture = snapshot.config();
        String current = input;
        long width = architecture.getLong("input_features");
        for (Json item : architecture.getArray("layers").items()) {
            Json.JsonObject layer = (Json.JsonObject) item;
            String prefix = layer.getString("name") + ".";
            current = switch (layer.getString("type")) {
                case "linear" -> {
                    width = layer.getLong("out_features");
                    List<String> inputs = new ArrayList<>(List.of(current,
                            graph.constant(prefix + "weight", snapshot.tensor(prefix + "weight").tensor())));
                    if (layer.getBoolean("bias")) {
                        inputs.add(graph.constant(prefix + "bias", snapshot.tensor(prefix + "bias").tensor()));
                    }
                    yield graph.op("Gemm", inputs, GraphBuilder.Attribute.of("transB", 1L));
                }
                case "relu" -> graph.op("Relu", List.of(current));
                case "sigmoid" -> graph.op("Sigmoid", List.of(current));
                case "tanh" -> graph.op("Tanh", List.of(current));
                case "leaky_relu" -> graph.op("LeakyRelu", List.of(current),
                        GraphBuilder.Attribute.of("alpha", (float) layer.getDouble("negative_slope")));
                case "elu" -> graph.op("Elu", List.of(current),
                        GraphBuilder.Attribute.of("alpha", (float) layer.getDouble("alpha")));
                case "silu" -> graph.op("Mul", List.of(current, graph.op("Sigmoid", List.of(current))));
                case "gelu" -> gelu(current, graph);
                case "softmax" -> graph.op("Softmax", List.of(current), GraphBuilder.Attribute.of("axis", -1L));
                case "log_softmax" -> graph.op("LogSoftmax", List.of(current), GraphBuilder.Attribute.of("axis", -1L));
                case "dropout" -> current;
                case "flatten" -> graph.op("Flatten", List.of(current), GraphBuilder.Attribute.of("axis", 1L));
                case "batch_norm1d" -> {
                    List<String> inputs = new ArrayList<>(List.of(current));
                    for (String weight : List.of("weight", "bias", "running_mean", "running_var")) {
                        inputs.add(graph.constant(prefix + weight, snapshot.tensor(prefix + weight).tensor()));
                    }
                    yield graph.op("BatchNormalization", inputs,
                            GraphBuilder.Attribute.of("epsilon", (float) layer.getDouble("eps")));
                }
                default -> throw new UnsupportedModelException("network layer type \"" + layer.getString("type")
                        + "\" has no ONNX export yet.");
            };
        }
        return new Exported.Prediction(current, OnnxDataType.FLOAT, width);
    }

    private static String gelu(String x, GraphBuilder graph) {
        String scaled = graph.op("Div", List.of(x, graph.constant("sqrt2", Tensor.of(new float[] {(float) Math.sqrt(2)},
                new long[0]))));
        String plusOne = graph.op("Add", List.of(graph.op("Erf", List.of(scaled)),
                graph.constant("one", Tensor.of(new float[] {1f}, new long[0]))));
        String half = graph.op("Mul", List.of(x, graph.constant("half", Tensor.of(new float[] {0.5f}, new long[0]))));
        return graph.op("Mul", List.of(half, plusOne));
    }
}
