package dev.brine.core.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON value. Brine keeps its own small JSON model so that {@code core} depends on nothing, every object keeps its
 * key order, duplicate keys are refused (safetensors forbids them) and numbers keep their exact text (tensor byte
 * offsets above 2^53 must not pass through a double).
 */
public sealed interface Json permits Json.JsonObject, Json.JsonArray, Json.JsonString, Json.JsonNumber,
        Json.JsonBool, Json.JsonNull {

    /** Compact JSON text. */
    String toString();

    /** Indented JSON text for people. */
    default String toPrettyString() {
        StringBuilder out = new StringBuilder();
        JsonWriter.write(this, out, 0, true);
        return out.toString();
    }

    static Json of(String value) {
        return new JsonString(value);
    }

    static Json of(long value) {
        return new JsonNumber(Long.toString(value));
    }

    /** A finite double as the shortest text that reads back to the same double (Java 19+ {@code Double.toString}). */
    static Json of(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("JSON has no representation for " + value);
        }
        return new JsonNumber(Double.toString(value));
    }

    static Json of(boolean value) {
        return value ? JsonBool.TRUE : JsonBool.FALSE;
    }

    static JsonArray array(List<? extends Json> items) {
        return new JsonArray(List.copyOf(items));
    }

    static JsonArray arrayOfStrings(List<String> items) {
        return new JsonArray(items.stream().map(Json::of).toList());
    }

    static JsonArray arrayOfLongs(long[] items) {
        List<Json> out = new ArrayList<>(items.length);
        for (long item : items) {
            out.add(of(item));
        }
        return new JsonArray(out);
    }

    /** Starts an object whose keys keep the order they are put in. */
    static ObjectBuilder object() {
        return new ObjectBuilder();
    }

    /** An object: keys in file order, no duplicates. */
    record JsonObject(Map<String, Json> members) implements Json {
        public static final JsonObject EMPTY = new JsonObject(Map.of());

        public JsonObject {
            members = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(members));
        }

        public boolean has(String key) {
            return members.containsKey(key);
        }

        public Json get(String key) {
            Json value = members.get(key);
            if (value == null) {
                throw new JsonShapeException("missing key '" + key + "'");
            }
            return value;
        }

        public Json getOrNull(String key) {
            return members.get(key);
        }

        public String getString(String key) {
            return expect(key, JsonString.class).value();
        }

        public long getLong(String key) {
            return expect(key, JsonNumber.class).longValue();
        }

        public double getDouble(String key) {
            return expect(key, JsonNumber.class).doubleValue();
        }

        public boolean getBoolean(String key) {
            return expect(key, JsonBool.class).value();
        }

        public JsonObject getObject(String key) {
            return expect(key, JsonObject.class);
        }

        public JsonArray getArray(String key) {
            return expect(key, JsonArray.class);
        }

        private <T extends Json> T expect(String key, Class<T> type) {
            Json value = get(key);
            if (!type.isInstance(value)) {
                throw new JsonShapeException("key '" + key + "': expected " + JsonWriter.kind(type) + ", found "
                        + JsonWriter.kind(value.getClass()));
            }
            return type.cast(value);
        }

        @Override
        public String toString() {
            return JsonWriter.compact(this);
        }
    }

    record JsonArray(List<Json> items) implements Json {
        public JsonArray {
            items = List.copyOf(items);
        }

        public int size() {
            return items.size();
        }

        public Json get(int index) {
            return items.get(index);
        }

        public long[] toLongArray() {
            long[] out = new long[items.size()];
            for (int i = 0; i < out.length; i++) out[i] = number(i).longValue();
            return out;
        }

        public double[] toDoubleArray() {
            double[] out = new double[items.size()];
            for (int i = 0; i < out.length; i++) out[i] = number(i).doubleValue();
            return out;
        }

        private JsonNumber number(int index) {
            if (!(items.get(index) instanceof JsonNumber number)) {
                throw new JsonShapeException("item " + index + ": expected a number, found "
                        + JsonWriter.kind(items.get(index).getClass()));
            }
            return number;
        }

        public List<String> toStringList() {
            List<String> out = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                if (!(items.get(i) instanceof JsonString string)) {
                    throw new JsonShapeException("item " + i + ": expected a string, found "
                            + JsonWriter.kind(items.get(i).getClass()));
                }
                out.add(string.value());
            }
            return out;
        }

        @Override
        public String toString() {
            return JsonWriter.compact(this);
        }
    }

    record JsonString(String value) implements Json {
        public JsonString {
            java.util.Objects.requireNonNull(value);
        }

        @Override
        public String toString() {
            return JsonWriter.compact(this);
        }
    }

    /** A number kept as its JSON text, so that integers of any size survive unchanged. */
    record JsonNumber(String text) implements Json {
        public JsonNumber {
            if (!JsonParser.isNumber(text)) {
                throw new IllegalArgumentException("not a JSON number: " + text);
            }
        }

        public boolean isIntegral() {
            return text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
        }

        /** The value as a {@code long}; a fraction, exponent or overflow is an error rather than a silent rounding. */
        public long longValue() {
            if (!isIntegral()) {
                throw new JsonShapeException("expected an integer, found " + text);
            }
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new JsonShapeException("integer " + text + " does not fit in 64 bits");
            }
        }

        public double doubleValue() {
            return Double.parseDouble(text);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    enum JsonBool implements Json {
        TRUE, FALSE;

        public boolean value() {
            return this == TRUE;
        }

        @Override
        public String toString() {
            return value() ? "true" : "false";
        }
    }

    enum JsonNull implements Json {
        NULL;

        @Override
        public String toString() {
            return "null";
        }
    }

    /** Builds a {@link JsonObject}, refusing a key twice. */
    final class ObjectBuilder {
        private final LinkedHashMap<String, Json> members = new LinkedHashMap<>();

        private ObjectBuilder() {
        }

        public ObjectBuilder put(String key, Json value) {
            if (members.putIfAbsent(key, java.util.Objects.requireNonNull(value, key)) != null) {
                throw new IllegalArgumentException("duplicate key '" + key + "'");
            }
            return this;
        }

        public ObjectBuilder put(String key, String value) {
            return put(key, Json.of(value));
        }

        public ObjectBuilder put(String key, long value) {
            return put(key, Json.of(value));
        }

        public ObjectBuilder put(String key, double value) {
            return put(key, Json.of(value));
        }

        public ObjectBuilder put(String key, boolean value) {
            return put(key, Json.of(value));
        }

        /** Puts the value unless it is null (optional fields stay absent rather than {@code null}). */
        public ObjectBuilder putIfPresent(String key, Json value) {
            return value == null ? this : put(key, value);
        }

        public JsonObject build() {
            return new JsonObject(members);
        }
    }
}
