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

    /** The layer's configuration with its type, as stored in a network's {@code layers} list. */
    static Json.JsonObject toJson(String name, Layer layer) {
        Json.ObjectBuilder builder = Json.object().put("name", name).put("type", layer.type());
        layer.config().members().forEach(builder::put);
        return builder.build();
    }
}
