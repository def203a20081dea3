package dev.brine.models.nn;

import dev.brine.core.UnsupportedModelException;
import dev.brine.core.json.Json;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a layer from its configuration JSON. The type name selects from this closed list, never a class, so a file
 * cannot name code to run; a type Brine lacks is {@link UnsupportedModelException}. Layers with weights come with
 * zero/one-initialised weights, to be filled from a state dict.
 */
public final class Layers {

    /** The layer types a configuration may name, besides the activations ({@link Activation.Kind#jsonName()}). */
    static final List<String> TYPES = List.of("linear", "conv1d", "conv2d", "conv_transpose2d", "batch_norm1d", "batch_norm2d",
            "layer_norm", "group_norm", "max_pool1d", "max_pool2d", "avg_pool1d", "avg_pool2d",
            "adaptive_avg_pool1d", "adaptive_avg_pool2d", "dropout", "dropout2d", "embedding", "flatten", "softmax",
            "log_softmax", "sequential", "residual", "concat");

    private Layers() {
    }

    public static Layer fromJson(Json.JsonObject json) {
        String type = json.getString("type");
        return switch (type) {
            case "linear" -> Linear.zeros(integer(json, "in_features"), integer(json, "out_features"),
                    json.getBoolean("bias"));
            case "conv1d", "conv2d" -> {
                yield convSpec(json).build();
            }
            case "conv_transpose2d" -> new ConvTranspose2d(integer(json, "in_channels"), integer(json, "out_channels"),
                    ints(json, "kernel_size", 2), ints(json, "stride", 2), ints(json, "padding", 2),
                    ints(json, "output_padding", 2), ints(json, "dilation", 2), integer(json, "groups"),
                    json.getBoolean("bias"));
            case "batch_norm1d", "batch_norm2d" -> new BatchNorm(type.equals("batch_norm1d") ? 1 : 2,
                    integer(json, "num_features"), json.getDouble("eps"), json.getDouble("momentum"));
            case "layer_norm" -> new LayerNorm(ints(json, "normalized_shape", -1), json.getDouble("eps"),
                    json.getBoolean("elementwise_affine"));
            case "group_norm" -> new GroupNorm(integer(json, "num_groups"), integer(json, "num_channels"),
                    json.getDouble("eps"), json.getBoolean("affine"));
            case "max_pool1d", "max_pool2d", "avg_pool1d", "avg_pool2d" -> {
                int dims = type.endsWith("1d") ? 1 : 2;
                boolean max = type.startsWith("max");
                int[] ones = new int[dims];
                Arrays.fill(ones, 1);
                yield new Pool(max, dims, ints(json, "kernel_size", dims), ints(json, "stride", dims),
                        ints(json, "padding", dims), max ? ints(json, "dilation", dims) : ones,
                        json.getBoolean("ceil_mode"), !max && json.getBoolean("count_include_pad"));
            }
            case "adaptive_avg_pool1d", "adaptive_avg_pool2d" -> {
                int dims = type.endsWith("1d") ? 1 : 2;
                yield new AdaptiveAvgPool(dims, ints(json, "output_size", dims));
            }
            case "dropout" -> new Dropout(json.getDouble("p"));
            case "dropout2d" -> new Dropout2d(json.getDouble("p"));
            case "embedding" -> new Embedding(integer(json, "num_embeddings"), integer(json, "embedding_dim"),
                    json.has("padding_idx") ? integer(json, "padding_idx") : -1);
            case "flatten" -> new Flatten();
            case "softmax" -> new Softmax(false);
            case "log_softmax" -> new Softmax(true);
            case "sequential" -> Block.sequential(path(json.getArray("layers")));
            case "residual" -> Block.residual(path(json.getArray("body")), path(json.getArray("shortcut")),
                    json.has("after") ? (Activation) activation(json.getObject("after").getString("type"),
                            json.getObject("after")) : null);
            case "concat" -> {
                List<List<Sequential.Named>> branches = new ArrayList<>();
                for (Json branch : json.getArray("branches").items()) branches.add(path(asArray(branch)));
                yield Block.concat(path(json.getArray("stem")), branches);
            }
            default -> activation(type, json);
        };
    }

    private static Conv.Spec convSpec(Json.JsonObject json) {
        int dims = json.getString("type").equals("conv1d") ? 1 : 2;
        Json padding = json.get("padding");
        return new Conv.Spec(dims, integer(json, "in_channels"), integer(json, "out_channels"),
                ints(json, "kernel_size", dims), ints(json, "stride", dims),
                padding instanceof Json.JsonString same && same.value().equals("same") ? null
                        : ints(json, "padding", dims), ints(json, "dilation", dims),
                integer(json, "groups"), json.getBoolean("bias"));
    }

    private static List<Sequential.Named> path(Json.JsonArray layers) {
        List<Sequential.Named> out = new ArrayList<>();
        for (Json item : layers.items()) {
            Json.JsonObject layer = asObject(item);
            out.add(new Sequential.Named(layer.getString("name"), fromJson(layer)));
        }
        return out;
    }

    private static Json.JsonObject asObject(Json item) {
        if (item instanceof Json.JsonObject object) return object;
        throw new IllegalArgumentException("a layer must be a JSON object, found " + item);
    }

    private static Json.JsonArray asArray(Json item) {
        if (item instanceof Json.JsonArray array) return array;
        throw new IllegalArgumentException("a branch must be a JSON array of layers, found " + item);
    }

    private static int integer(Json.JsonObject json, String key) {
        return Math.toIntExact(json.getLong(key));
    }

    /** An array of {@code dims} integers ({@code dims} −1: any length up to 8). */
    private static int[] ints(Json.JsonObject json, String key, int dims) {
        long[] values = json.getArray(key).toLongArray();
        if (dims >= 0 ? values.length != dims : values.length < 1 || values.length > 8) {
            throw new IllegalArgumentException("'" + key + "' needs " + (dims >= 0 ? dims : "1 to 8") + " entries, has "
                    + values.length);
        }
        int[] out = new int[values.length];
        for (int i = 0; i < out.length; i++) out[i] = Math.toIntExact(values[i]);
        return out;
    }

    private static Layer activation(String type, Json.JsonObject json) {
        Activation.Kind kind = Activation.Kind.fromJsonName(type).orElseThrow(() -> new UnsupportedModelException(
                "layer type \"" + type + "\" is not one Brine implements; known: " + String.join(", ", TYPES) + ", "
                        + String.join(", ", Arrays.stream(Activation.Kind.values()).map(Activation.Kind::jsonName)
                        .toList())));
        String parameter = kind.parameterName();
        return new Activation(kind, parameter == null ? 0 : json.getDouble(parameter));
    }

    /**
     * The element count of each parameter a layer configuration declares, by state-dict name relative to the layer
     * ({@code weight}, {@code downsample.0.weight}), computed without allocating anything, so a restorer can check a
     * file really holds them before building.
     */
    static Map<String, Long> declaredParameters(Json.JsonObject json) {
        Map<String, Long> out = new LinkedHashMap<>();
        switch (json.getString("type")) {
            case "linear" -> {
                out.put("weight", Math.multiplyExact(json.getLong("in_features"), json.getLong("out_features")));
                if (json.getBoolean("bias")) out.put("bias", json.getLong("out_features"));
            }
            case "conv1d", "conv2d" -> {
                long groups = json.getLong("groups");
                if (groups < 1) throw new IllegalArgumentException("groups must be positive");
                long count = Math.multiplyExact(json.getLong("out_channels"), json.getLong("in_channels") / groups);
                for (long k : json.getArray("kernel_size").toLongArray()) count = Math.multiplyExact(count, k);
                out.put("weight", count);
                if (json.getBoolean("bias")) out.put("bias", json.getLong("out_channels"));
            }
            case "conv_transpose2d" -> {
                long groups = json.getLong("groups");
                if (groups < 1) throw new IllegalArgumentException("groups must be positive");
                long count = Math.multiplyExact(json.getLong("in_channels"), json.getLong("out_channels") / groups);
                for (long k : json.getArray("kernel_size").toLongArray()) count = Math.multiplyExact(count, k);
                out.put("weight", count);
                if (json.getBoolean("bias")) out.put("bias", json.getLong("out_channels"));
            }
            case "batch_norm1d", "batch_norm2d" -> {
                out.put("weight", json.getLong("num_features"));
                out.put("bias", json.getLong("num_features"));
            }
            case "group_norm" -> {
                if (json.getBoolean("affine")) {
                    out.put("weight", json.getLong("num_channels"));
                    out.put("bias", json.getLong("num_channels"));
                }
            }
            case "layer_norm" -> {
                if (json.getBoolean("elementwise_affine")) {
                    long count = 1;
                    for (long d : json.getArray("normalized_shape").toLongArray()) count = Math.multiplyExact(count, d);
                    out.put("weight", count);
                    out.put("bias", count);
                }
            }
            case "embedding" -> out.put("weight", Math.multiplyExact(json.getLong("num_embeddings"),
                    json.getLong("embedding_dim")));
            case "sequential" -> children(json.getArray("layers"), out);
            case "residual" -> {
                children(json.getArray("body"), out);
                children(json.getArray("shortcut"), out);
            }
            case "concat" -> {
                children(json.getArray("stem"), out);
                for (Json branch : json.getArray("branches").items()) children(asArray(branch), out);
            }
            default -> {
            }
        }
        return out;
    }

    private static void children(Json.JsonArray layers, Map<String, Long> out) {
        for (Json item : layers.items()) {
            Json.JsonObject layer = asObject(item);
            declaredParameters(layer).forEach((name, count) -> out.put(layer.getString("name") + "." + name, count));
        }
    }

    /**
     * The output shape of an architecture, checking every layer's type and shapes without allocating any weights (an
     * architecture-only file has no tensors to back its sizes).
     */
    static int[] outputShape(Json.JsonObject architecture) {
        int[] shape = Sequential.inputShape(architecture);
        for (Json item : architecture.getArray("layers").items()) shape = outputShape(asObject(item), shape);
        return shape;
    }

    /**
     * One example's output shape of the layer configured by {@code layer} (as a network's {@code layers} list holds
     * it) for an input example of {@code input}, without allocating its weights (exporters follow shapes with it).
     */
    public static int[] outputShape(Json.JsonObject layer, int[] input) {
        return switch (layer.getString("type")) {
            case "linear" -> {
                if (input.length != 1 || input[0] != layer.getLong("in_features")) {
                    throw new dev.brine.core.IncompatibleModelException("layer \"" + layer.getString("name")
                            + "\" takes " + layer.getLong("in_features") + " features, the layer before gives "
                            + Shapes.text(input));
                }
                layer.getBoolean("bias");
                yield new int[] {integer(layer, "out_features")};
            }
            case "conv1d", "conv2d" -> convSpec(layer).outputShape(input);
            case "conv_transpose2d" -> {
                int[] kernel = ints(layer, "kernel_size", 2);
                int[] stride = ints(layer, "stride", 2);
                int[] padding = ints(layer, "padding", 2);
                int[] outputPadding = ints(layer, "output_padding", 2);
                int[] dilation = ints(layer, "dilation", 2);
                int in = integer(layer, "in_channels");
                int out = integer(layer, "out_channels");
                ConvTranspose2d.checkSettings(in, out, kernel, stride, padding, outputPadding, dilation,
                        integer(layer, "groups"));
                layer.getBoolean("bias");
                yield ConvTranspose2d.outputShape(in, out, kernel, stride, padding, outputPadding, dilation, input);
            }
            case "batch_norm1d", "batch_norm2d" -> BatchNorm.outputShape(layer.getString("type").endsWith("1d") ? 1 : 2,
                    integer(layer, "num_features"), input);
            case "layer_norm" -> LayerNorm.outputShape(ints(layer, "normalized_shape", -1), input);
            case "group_norm" -> GroupNorm.outputShape(integer(layer, "num_groups"), integer(layer, "num_channels"),
                    input);
            case "embedding" -> {
                if (layer.getLong("num_embeddings") < 1 || layer.getLong("embedding_dim") < 1) {
                    throw new IllegalArgumentException("embedding sizes must be positive");
                }
                int[] out = Arrays.copyOf(input, input.length + 1);
                out[input.length] = integer(layer, "embedding_dim");
                yield out;
            }
            case "sequential" -> pathShape(layer.getArray("layers"), input);
            case "residual" -> Block.combine(Block.Kind.RESIDUAL, List.of(pathShape(layer.getArray("body"), input),
                    pathShape(layer.getArray("shortcut"), input)));
            case "concat" -> {
                int[] stem = pathShape(layer.getArray("stem"), input);
                List<int[]> outputs = new ArrayList<>();
                for (Json branch : layer.getArray("branches").items()) outputs.add(pathShape(asArray(branch), stem));
                yield Block.combine(Block.Kind.CONCAT, outputs);
            }
            default -> {
                if (!declaredParameters(layer).isEmpty()) {
                    throw new IllegalStateException("layer type " + layer.getString("type") + " has weights but no "
                            + "shape rule here");
                }
                yield fromJson(layer).outputShape(input);
            }
        };
    }

    private static int[] pathShape(Json.JsonArray layers, int[] input) {
        int[] shape = input;
        for (Json item : layers.items()) shape = outputShape(asObject(item), shape);
        return shape;
    }

    /** The layer's configuration with its type, as stored in a network's {@code layers} list. */
    static Json.JsonObject toJson(String name, Layer layer) {
        Json.ObjectBuilder builder = Json.object().put("name", name).put("type", layer.type());
        layer.config().members().forEach(builder::put);
        return builder.build();
    }
}
