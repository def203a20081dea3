package dev.brine.keras.config;

import dev.brine.core.json.Json;
import dev.brine.core.json.JsonShapeException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Optional values of a Keras layer config, where absent and {@code null} both mean "the default". */
final class ConfigValues {

    private ConfigValues() {
    }

    static Optional<Json> value(Json.JsonObject config, String key) {
        Json value = config.getOrNull(key);
        return value == null || value == Json.JsonNull.NULL ? Optional.empty() : Optional.of(value);
    }

    static double number(Json.JsonObject config, String key, double fallback) {
        return value(config, key).map(value -> {
            if (value instanceof Json.JsonNumber number) {
                return number.doubleValue();
            }
            throw new JsonShapeException("key '" + key + "': expected a number");
        }).orElse(fallback);
    }

    static long integer(Json.JsonObject config, String key, long fallback) {
        return value(config, key).map(value -> {
            if (value instanceof Json.JsonNumber number) {
                return number.longValue();
            }
            throw new JsonShapeException("key '" + key + "': expected an integer");
        }).orElse(fallback);
    }

    static boolean bool(Json.JsonObject config, String key, boolean fallback) {
        return value(config, key).map(value -> {
            if (value instanceof Json.JsonBool bool) {
                return bool.value();
            }
            throw new JsonShapeException("key '" + key + "': expected true or false");
        }).orElse(fallback);
    }

    static Optional<String> string(Json.JsonObject config, String key) {
        return value(config, key).map(value -> {
            if (value instanceof Json.JsonString string) {
                return string.value();
            }
            throw new JsonShapeException("key '" + key + "': expected a string");
        });
    }

    /** An int or a list of ints ({@code axis: -1} and {@code axis: [1]} both occur). */
    static long[] integers(Json.JsonObject config, String key, long[] fallback) {
        return value(config, key).map(value -> switch (value) {
            case Json.JsonNumber number -> new long[] {number.longValue()};
            case Json.JsonArray array -> array.toLongArray();
            default -> throw new JsonShapeException("key '" + key + "': expected an integer or a list of them");
        }).orElse(fallback);
    }

    /** A shape list in which {@code null} is an open size (-1). */
    static long[] shape(Json.JsonArray array) {
        List<Long> out = new ArrayList<>();
        for (Json item : array.items()) {
            out.add(switch (item) {
                case Json.JsonNull ignored -> -1L;
                case Json.JsonNumber number -> number.longValue();
                default -> throw new JsonShapeException("a shape holds " + item + ", not a size");
            });
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }
}
