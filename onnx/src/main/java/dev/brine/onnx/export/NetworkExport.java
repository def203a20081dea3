package dev.brine.onnx.export;

import dev.brine.core.UnsupportedModelException;
import dev.brine.core.json.Json;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.nn.Layers;
import dev.brine.onnx.proto.OnnxDataType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * brine-models' {@code Sequential} network as standard ONNX ops (opset 17) on float32, in PyTorch's NCHW layout:
 * Linear is {@code Gemm} with {@code transB=1} (PyTorch's {@code (out, in)} weight as it is); Conv1d/Conv2d
 * {@code Conv} and ConvTranspose2d {@code ConvTranspose} (PyTorch's weight layouts are ONNX's; {@code 'same'} padding
 * spelled as explicit pads, the odd one after as PyTorch); pools {@code MaxPool}/{@code AveragePool} (ceil mode as
 * extra end padding, so the output size is PyTorch's: the last window starts inside the input); AdaptiveAvgPool to 1
 * is {@code GlobalAveragePool}, to sizes dividing the input an {@code AveragePool}; BatchNorm (eval mode)
 * {@code BatchNormalization}; LayerNorm {@code LayerNormalization}; GroupNorm spelled out with {@code ReduceMean};
 * Dropout disappears; residual blocks end in {@code Add}, concat blocks in {@code Concat} on
 * channels. Every activation of Brine's vocabulary is an ONNX op or a few (see {@link #activation}).
 */
final class NetworkExport {

    private final ModelSnapshot snapshot;
    private final GraphBuilder graph;
    /** Whether a layer's export used the spatial size of its input (ceil-mode pools, uneven adaptive pools). */
    private boolean sizeDependent;

    /**
     * The exported network's output, and whether the graph runs on any spatial size (true unless a layer's export
     * fixed it): then the graph's input declares its spatial axes symbolic.
     */
    record Network(Exported.Prediction prediction, boolean spatialSizeFree) {
    }

    /** A value in the graph and one example's shape (without the batch axis). */
    private record Value(String name, int[] shape) {
    }

    private NetworkExport(ModelSnapshot snapshot, GraphBuilder graph) {
        this.snapshot = snapshot;
        this.graph = graph;
    }

    static Network network(ModelSnapshot snapshot, String input, GraphBuilder graph) {
        Json.JsonObject architecture = snapshot.config();
        long[] dims = architecture.has("input_shape") ? architecture.getArray("input_shape").toLongArray()
                : new long[] {architecture.getLong("input_features")};
        int[] example = new int[dims.length];
        for (int i = 0; i < example.length; i++) example[i] = Math.toIntExact(dims[i]);
        NetworkExport export = new NetworkExport(snapshot, graph);
        Value output = export.path(architecture.getArray("layers"), "", new Value(input, example));
        long width = 1;
        for (int dim : output.shape()) width *= dim;
        return new Network(new Exported.Prediction(output.name(), OnnxDataType.FLOAT, width), !export.sizeDependent);
    }

    private Value path(Json.JsonArray layers, String prefix, Value input) {
        Value current = input;
        for (Json item : layers.items()) current = layer((Json.JsonObject) item, prefix, current);
        return current;
    }

    private Value layer(Json.JsonObject layer, String parent, Value input) {
        String prefix = parent + layer.getString("name") + ".";
        int[] shape = Layers.outputShape(layer, input.shape());
        String x = input.name();
        String type = layer.getString("type");
        String out = switch (type) {
            case "linear" -> graph.op("Gemm", withBias(layer, prefix, x, weight(prefix + "weight")),
                    GraphBuilder.Attribute.of("transB", 1L));
            case "conv1d", "conv2d" -> conv(layer, prefix, input);
            case "conv_transpose2d" -> graph.op("ConvTranspose", withBias(layer, prefix, x, weight(prefix + "weight")),
                    GraphBuilder.Attribute.ints("strides", longs(layer, "stride")),
                    GraphBuilder.Attribute.ints("pads", twice(longs(layer, "padding"))),
                    GraphBuilder.Attribute.ints("output_padding", longs(layer, "output_padding")),
                    GraphBuilder.Attribute.ints("dilations", longs(layer, "dilation")),
                    GraphBuilder.Attribute.of("group", layer.getLong("groups")));
            case "max_pool1d", "max_pool2d", "avg_pool1d", "avg_pool2d" -> pool(layer, input, shape);
            case "adaptive_avg_pool1d", "adaptive_avg_pool2d" -> adaptive(layer, input);
            case "batch_norm1d", "batch_norm2d" -> {
                List<String> inputs = new ArrayList<>(List.of(x));
                for (String name : List.of("weight", "bias", "running_mean", "running_var")) {
                    inputs.add(weight(prefix + name));
                }
                yield graph.op("BatchNormalization", inputs,
                        GraphBuilder.Attribute.of("epsilon", (float) layer.getDouble("eps")));
            }
            case "layer_norm" -> layerNorm(layer, prefix, x);
            case "group_norm" -> groupNorm(layer, prefix, x, input.shape().length);
            case "dropout", "dropout2d" -> x;
            case "flatten" -> graph.op("Flatten", List.of(x), GraphBuilder.Attribute.of("axis", 1L));
            case "softmax" -> graph.op("Softmax", List.of(x), GraphBuilder.Attribute.of("axis", -1L));
            case "log_softmax" -> graph.op("LogSoftmax", List.of(x), GraphBuilder.Attribute.of("axis", -1L));
            case "sequential" -> path(layer.getArray("layers"), prefix, input).name();
            case "residual" -> {
                String sum = graph.op("Add", List.of(path(layer.getArray("body"), prefix, input).name(),
                        path(layer.getArray("shortcut"), prefix, input).name()));
                yield layer.has("after") ? activation(layer.getObject("after"), sum) : sum;
            }
            case "concat" -> {
                Value stem = path(layer.getArray("stem"), prefix, input);
                List<String> branches = new ArrayList<>();
                for (Json branch : layer.getArray("branches").items()) {
                    branches.add(path((Json.JsonArray) branch, prefix, stem).name());
                }
                yield graph.op("Concat", branches, GraphBuilder.Attribute.of("axis", 1L));
            }
            default -> activation(layer, x);
        };
        return new Value(out, shape);
    }

    private String conv(Json.JsonObject layer, String prefix, Value input) {
        long[] kernel = longs(layer, "kernel_size");
        long[] dilation = longs(layer, "dilation");
        long[] pads = new long[2 * kernel.length];
        if (layer.get("padding") instanceof Json.JsonString) {
            for (int d = 0; d < kernel.length; d++) {
                long total = dilation[d] * (kernel[d] - 1);
                pads[d] = total / 2;
                pads[d + kernel.length] = total - total / 2;
            }
        } else {
            pads = twice(longs(layer, "padding"));
        }
        return graph.op("Conv", withBias(layer, prefix, input.name(), weight(prefix + "weight")),
                GraphBuilder.Attribute.ints("kernel_shape", kernel),
                GraphBuilder.Attribute.ints("strides", longs(layer, "stride")),
                GraphBuilder.Attribute.ints("pads", pads),
                GraphBuilder.Attribute.ints("dilations", dilation),
                GraphBuilder.Attribute.of("group", layer.getLong("groups")));
    }

    /**
     * PyTorch's ceil mode as extra padding at the end: ONNX's {@code ceil_mode} does not promise PyTorch's rule that
     * the last window starts inside the input, so the export asks for the output size PyTorch computes instead.
     */
    private String pool(Json.JsonObject layer, Value input, int[] output) {
        boolean max = layer.getString("type").startsWith("max");
        long[] kernel = longs(layer, "kernel_size");
        long[] stride = longs(layer, "stride");
        long[] padding = longs(layer, "padding");
        long[] dilation = max ? longs(layer, "dilation") : ones(kernel.length);
        boolean countPad = !max && layer.getBoolean("count_include_pad");
        int spatial = input.shape().length - kernel.length;
        long[] pads = twice(padding);
        sizeDependent |= layer.getBoolean("ceil_mode");
        for (int d = 0; d < kernel.length; d++) {
            long span = input.shape()[spatial + d] + 2 * padding[d];
            long needed = (output[spatial + d] - 1) * stride[d] + dilation[d] * (kernel[d] - 1) + 1;
            if (needed > span) {
                if (countPad) {
                    throw new UnsupportedModelException("layer " + layer.getString("name") + " (" + layer.getString(
                            "type") + " with ceil_mode and count_include_pad) has a last window running past the"
                            + " padded input, whose PyTorch divisor ONNX's AveragePool cannot express; export it"
                            + " with count_include_pad=False or an input size the stride divides.");
                }
                pads[kernel.length + d] += needed - span;
            }
        }
        List<GraphBuilder.Attribute> attributes = new ArrayList<>(List.of(
                GraphBuilder.Attribute.ints("kernel_shape", kernel), GraphBuilder.Attribute.ints("strides", stride),
                GraphBuilder.Attribute.ints("pads", pads)));
        if (max) {
            attributes.add(GraphBuilder.Attribute.ints("dilations", dilation));
        } else {
            attributes.add(GraphBuilder.Attribute.of("count_include_pad", countPad ? 1L : 0L));
        }
        return graph.op(max ? "MaxPool" : "AveragePool", List.of(input.name()),
                attributes.toArray(GraphBuilder.Attribute[]::new));
    }

    private String adaptive(Json.JsonObject layer, Value input) {
        long[] size = longs(layer, "output_size");
        if (Arrays.stream(size).allMatch(s -> s == 1)) return graph.op("GlobalAveragePool", List.of(input.name()));
        sizeDependent = true;
        int spatial = input.shape().length - size.length;
        long[] kernel = new long[size.length];
        for (int d = 0; d < size.length; d++) {
            int in = input.shape()[spatial + d];
            if (in % size[d] != 0) {
                throw new UnsupportedModelException("layer " + layer.getString("name") + " (" + layer.getString("type")
                        + " to " + Arrays.toString(size) + ") gets " + Arrays.toString(input.shape()) + ": its windows"
                        + " overlap unevenly, which no ONNX pool expresses; only output sizes dividing the input"
                        + " (or 1, global pooling) export.");
            }
            kernel[d] = in / size[d];
        }
        return graph.op("AveragePool", List.of(input.name()), GraphBuilder.Attribute.ints("kernel_shape", kernel),
                GraphBuilder.Attribute.ints("strides", kernel));
    }

    private String layerNorm(Json.JsonObject layer, String prefix, String x) {
        long[] normalized = longs(layer, "normalized_shape");
        List<String> inputs = new ArrayList<>(List.of(x));
        if (layer.getBoolean("elementwise_affine")) {
            inputs.add(weight(prefix + "weight"));
            inputs.add(weight(prefix + "bias"));
        } else {
            long size = 1;
            for (long dim : normalized) size *= dim;
            float[] ones = new float[Math.toIntExact(size)];
            Arrays.fill(ones, 1f);
            inputs.add(graph.constant(prefix + "ones", Tensor.of(ones, normalized)));
        }
        return graph.op("LayerNormalization", inputs, GraphBuilder.Attribute.of("axis", (long) -normalized.length),
                GraphBuilder.Attribute.of("epsilon", (float) layer.getDouble("eps")));
    }

    /** Each group's channels and positions normalised together (opset 17 has no GroupNormalization). */
    private String groupNorm(Json.JsonObject layer, String prefix, String x, int rank) {
        String grouped = graph.op("Reshape", List.of(x, graph.constant(prefix + "groups",
                Tensor.of(new long[] {0, layer.getLong("num_groups"), -1}, 3))));
        GraphBuilder.Attribute last = GraphBuilder.Attribute.ints("axes", new long[] {2});
        String centred = graph.op("Sub", List.of(grouped, graph.op("ReduceMean", List.of(grouped), last)));
        String variance = graph.op("ReduceMean", List.of(graph.op("Mul", List.of(centred, centred))), last);
        String deviation = graph.op("Sqrt", List.of(graph.op("Add", List.of(variance,
                scalar("eps", layer.getDouble("eps"))))));
        String normalized = graph.op("Reshape", List.of(graph.op("Div", List.of(centred, deviation)),
                graph.op("Shape", List.of(x))));
        if (!layer.getBoolean("affine")) return normalized;
        long[] perChannel = new long[rank];
        Arrays.fill(perChannel, 1);
        perChannel[0] = layer.getLong("num_channels");
        String scaled = graph.op("Mul", List.of(normalized, graph.constant(prefix + "weight",
                Tensor.of(snapshot.tensor(prefix + "weight").tensor().toFloatArray(), perChannel))));
        return graph.op("Add", List.of(scaled, graph.constant(prefix + "bias",
                Tensor.of(snapshot.tensor(prefix + "bias").tensor().toFloatArray(), perChannel))));
    }

    /**
     * An activation as ONNX ops: ops of the same definition where opset 17 has one (HardSwish, Celu, Selu with
     * PyTorch's constants, Shrink for Hardshrink/Softshrink, Clip for ReLU6/Hardtanh, HardSigmoid with PyTorch's 1/6 or
     * Keras 2's 0.2 slope), the others spelled out: GELU {@code 0.5·x·(1 + erf(x/√2))}, GELU-tanh
     * {@code 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³)))}, SiLU {@code x·sigmoid(x)}, Mish {@code x·tanh(softplus(x))},
     * Softplus with β {@code softplus(βx)/β}, Tanhshrink {@code x − tanh(x)}, LogSigmoid {@code −softplus(−x)}.
     */
    private String activation(Json.JsonObject layer, String x) {
        String type = layer.getString("type");
        return switch (type) {
            case "relu" -> graph.op("Relu", List.of(x));
            case "relu6" -> graph.op("Clip", List.of(x, scalar("zero", 0), scalar("six", 6)));
            case "hardtanh" -> graph.op("Clip", List.of(x, scalar("minus_one", -1), scalar("one", 1)));
            case "leaky_relu" -> graph.op("LeakyRelu", List.of(x),
                    GraphBuilder.Attribute.of("alpha", (float) layer.getDouble("negative_slope")));
            case "elu" -> graph.op("Elu", List.of(x), GraphBuilder.Attribute.of("alpha", (float) layer.getDouble("alpha")));
            case "celu" -> graph.op("Celu", List.of(x),
                    GraphBuilder.Attribute.of("alpha", (float) layer.getDouble("alpha")));
            case "selu" -> graph.op("Selu", List.of(x));
            case "gelu" -> {
                String erf = graph.op("Erf", List.of(graph.op("Div", List.of(x, scalar("sqrt2", Math.sqrt(2))))));
                yield halfTimes(x, erf);
            }
            case "gelu_tanh" -> {
                String cube = graph.op("Mul", List.of(graph.op("Mul", List.of(x, x)), x));
                String inner = graph.op("Add", List.of(x, graph.op("Mul", List.of(cube, scalar("c", 0.044715)))));
                yield halfTimes(x, graph.op("Tanh", List.of(graph.op("Mul", List.of(inner,
                        scalar("sqrt_2_over_pi", Math.sqrt(2 / Math.PI)))))));
            }
            case "silu" -> graph.op("Mul", List.of(x, graph.op("Sigmoid", List.of(x))));
            case "mish" -> graph.op("Mul", List.of(x, graph.op("Tanh", List.of(graph.op("Softplus", List.of(x))))));
            case "hardswish" -> graph.op("HardSwish", List.of(x));
            case "hardsigmoid" -> hardSigmoid(x, 1.0 / 6);
            case "hard_sigmoid_keras2" -> hardSigmoid(x, 0.2);
            case "sigmoid" -> graph.op("Sigmoid", List.of(x));
            case "tanh" -> graph.op("Tanh", List.of(x));
            case "softplus" -> {
                double beta = layer.getDouble("beta");
                if (beta == 1) yield graph.op("Softplus", List.of(x));
                String scaled = graph.op("Softplus", List.of(graph.op("Mul", List.of(x, scalar("beta", beta)))));
                yield graph.op("Div", List.of(scaled, scalar("beta", beta)));
            }
            case "softsign" -> graph.op("Softsign", List.of(x));
            case "tanhshrink" -> graph.op("Sub", List.of(x, graph.op("Tanh", List.of(x))));
            case "log_sigmoid" -> graph.op("Neg", List.of(graph.op("Softplus", List.of(graph.op("Neg", List.of(x))))));
            case "hardshrink", "softshrink" -> {
                float lambda = (float) layer.getDouble("lambd");
                yield graph.op("Shrink", List.of(x), GraphBuilder.Attribute.of("lambd", lambda),
                        GraphBuilder.Attribute.of("bias", type.equals("softshrink") ? lambda : 0f));
            }
            case "exponential" -> graph.op("Exp", List.of(x));
            case "identity" -> graph.op("Identity", List.of(x));
            default -> throw new UnsupportedModelException("network layer type \"" + type + "\" has no ONNX export"
                    + " yet.");
        };
    }

    /** {@code 0.5·x·(1 + t)}. */
    private String halfTimes(String x, String t) {
        String half = graph.op("Mul", List.of(x, scalar("half", 0.5)));
        return graph.op("Mul", List.of(half, graph.op("Add", List.of(t, scalar("one", 1)))));
    }

    private String hardSigmoid(String x, double slope) {
        return graph.op("HardSigmoid", List.of(x), GraphBuilder.Attribute.of("alpha", (float) slope),
                GraphBuilder.Attribute.of("beta", 0.5f));
    }

    private List<String> withBias(Json.JsonObject layer, String prefix, String x, String weight) {
        List<String> inputs = new ArrayList<>(List.of(x, weight));
        if (layer.getBoolean("bias")) inputs.add(weight(prefix + "bias"));
        return inputs;
    }

    private String weight(String name) {
        return graph.constant(name, snapshot.tensor(name).tensor());
    }

    private String scalar(String hint, double value) {
        return graph.constant(hint, Tensor.of(new float[] {(float) value}, new long[0]));
    }

    private static long[] longs(Json.JsonObject layer, String key) {
        return layer.getArray(key).toLongArray();
    }

    /** ONNX's pads: every axis' start, then every axis' end. */
    private static long[] twice(long[] padding) {
        long[] pads = Arrays.copyOf(padding, 2 * padding.length);
        System.arraycopy(padding, 0, pads, padding.length, padding.length);
        return pads;
    }

    private static long[] ones(int count) {
        long[] out = new long[count];
        Arrays.fill(out, 1);
        return out;
    }
}
