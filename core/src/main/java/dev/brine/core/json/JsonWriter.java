package dev.brine.core.json;

import java.util.Iterator;
import java.util.Map;

/** Writes {@link Json} values as text: compact for files, indented for people. */
final class JsonWriter {
    private JsonWriter() {
    }

    static String compact(Json value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0, false);
        return out.toString();
    }

    static void write(Json value, StringBuilder out, int indent, boolean pretty) {
        switch (value) {
            case Json.JsonObject object -> writeObject(object, out, indent, pretty);
            case Json.JsonArray array -> writeArray(array, out, indent, pretty);
            case Json.JsonString string -> writeString(string.value(), out);
            case Json.JsonNumber number -> out.append(number.text());
            case Json.JsonBool bool -> out.append(bool);
            case Json.JsonNull ignored -> out.append("null");
        }
    }

    private static void writeObject(Json.JsonObject object, StringBuilder out, int indent, boolean pretty) {
        if (object.members().isEmpty()) {
            out.append("{}");
            return;
        }
        out.append('{');
        Iterator<Map.Entry<String, Json>> entries = object.members().entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<String, Json> entry = entries.next();
            newline(out, indent + 1, pretty);
            writeString(entry.getKey(), out);
            out.append(pretty ? ": " : ":");
            write(entry.getValue(), out, indent + 1, pretty);
            if (entries.hasNext()) {
                out.append(',');
            }
        }
        newline(out, indent, pretty);
        out.append('}');
    }

    private static void writeArray(Json.JsonArray array, StringBuilder out, int indent, boolean pretty) {
        if (array.items().isEmpty()) {
            out.append("[]");
            return;
        }
        // Arrays of scalars (shapes, offsets) stay on one line even when pretty.
        boolean flat = !pretty || array.items().stream().noneMatch(
                item -> item instanceof Json.JsonObject || item instanceof Json.JsonArray);
        out.append('[');
        for (int i = 0; i < array.items().size(); i++) {
            if (i > 0) {
                out.append(flat && pretty ? ", " : ",");
            }
            if (!flat) {
                newline(out, indent + 1, true);
            }
            write(array.items().get(i), out, indent + 1, pretty);
        }
        if (!flat) {
            newline(out, indent, true);
        }
        out.append(']');
    }

    private static void newline(StringBuilder out, int indent, boolean pretty) {
        if (pretty) {
            out.append('\n').append("  ".repeat(indent));
        }
    }

    static void writeString(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c) && !validSurrogateAt(value, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** A lone surrogate cannot be encoded as UTF-8, so it is written escaped. */
    private static boolean validSurrogateAt(String value, int index) {
        char c = value.charAt(index);
        if (Character.isHighSurrogate(c)) {
            return index + 1 < value.length() && Character.isLowSurrogate(value.charAt(index + 1));
        }
        return index > 0 && Character.isHighSurrogate(value.charAt(index - 1));
    }

    static String kind(Class<?> type) {
        if (type == Json.JsonObject.class) return "an object";
        if (type == Json.JsonArray.class) return "an array";
        if (type == Json.JsonString.class) return "a string";
        if (type == Json.JsonNumber.class) return "a number";
        if (type == Json.JsonBool.class) return "a boolean";
        return "null";
    }
}
