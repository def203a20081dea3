package dev.brine.models.nn;

import dev.brine.core.UnsupportedModelException;
import dev.brine.core.json.Json;

import java.util.Locale;

/**
 * Builds a layer from its configuration JSON. The type name selects from this closed list, never a class, so a file
 * cannot name code to run; a type Brine lacks is {@link UnsupportedModelException}. Linear and BatchNorm layers come
 * with zero/one-initialised weights, to be filled from a state dict.
 */
public final class Layers {

    private Layers() {
    }

    public static Layer fromJson(Json.JsonObject json) {
        String type = json.getString("type");
        return switch (type) {
            case "linear" -> Linear.zeros(Math.toIntExact(json.getLong("in_features")),
                    Math.toIntExact(json.getLong("out_features")), json.getBoolean("bias"));
            case "batch_norm1d" -> new BatchNorm1d(Math.toIntExact(json.getLong("num_features")),
                    json.getDouble("eps"), json.getDouble("momentum"));
            case "dropout" -> new Dropout(json.getDouble("p"));
            case "flatten" -> new Flatten();
            case "softmax" -> new Softmax(false);
            case "log_softmax" -> new Softmax(true);
            default -> activation(type, json);
        };
    }

    private static Layer activation(String type, Json.JsonObject json) {
        for (Activation.Kind kind : Activation.Kind.values()) {
            if (kind.jsonName().equals(type)) {
                String parameter = kind.parameterName();
                return new Activation(kind, parameter == null ? 0 : json.getDouble(parameter));
            }
        }
        throw new UnsupportedModelException("layer type \"" + type + "\" is not one Brine implements; known: linear, "
                + "batch_norm1d, dropout, flatten, softmax, log_softmax, "
                + String.join(", ", java.util.Arrays.stream(Activation.Kind.values())
                .map(kind -> kind.name().toLowerCase(Locale.ROOT)).toList()));
    }

    /**
     * The element count of each parameter a layer configuration declares (local names: {@code weight}, {@code bias}),
     * computed without allocating anything, so a restorer can check a file really holds them before building.
     */
    static java.util.Map<String, Long> declaredParameters(Json.JsonObject json) {
        return switch (json.getString("type")) {
            case "linear" -> {
                long weights = Math.multiplyExact(json.getLong("in_features"), json.getLong("out_features"));
                yield json.getBoolean("bias") ? java.util.Map.of("weight", weights, "bias", json.getLong("out_features"))
                        : java.util.Map.of("weight", weights);
            }
            case "batch_norm1d" -> java.util.Map.of("weight", json.getLong("num_features"),
                    "bias", json.getLong("num_features"));
            default -> java.util.Map.of();
        };
    }

    /**
     * The output width of an architecture, checking every layer's type and widths without allocating weights (for
     * an architecture-only file, whose sizes no tensor backs).
     */
    static int outputWidth(Json.JsonObject architecture) {
        int width = Math.toIntExact(architecture.getLong("input_features"));
        for (Json item : architecture.getArray("layers").items()) {
            Json.JsonObject layer = (Json.JsonObject) item;
            width = switch (layer.getString("type")) {
                case "linear" -> {
                    requireWidth(layer, "in_features", width);
                    layer.getBoolean("bias");
                    yield Math.toIntExact(layer.getLong("out_features"));
                }
                case "batch_norm1d" -> {
                    requireWidth(layer, "num_features", width);
                    yield width;
                }
                default -> fromJson(layer).outputWidth(width);
            };
        }
        return width;
    }

    private static void requireWidth(Json.JsonObject layer, String key, int width) {
        if (layer.getLong(key) != width) {
            throw new dev.brine.core.IncompatibleModelException("layer \"" + layer.getString("name") + "\" takes "
                    + layer.getLong(key) + " features, the layer before gives " + width);
        }
    }

    /** The layer's configuration with its type, as stored in a network's {@code layers} list. */
    static Json.JsonObject toJson(String name, Layer layer) {
        Json.ObjectBuilder builder = Json.object().put("name", name).put("type", layer.type());
        layer.config().members().forEach(builder::put);
        return builder.build();
    }
}
