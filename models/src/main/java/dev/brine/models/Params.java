package dev.brine.models;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Hyper-parameters given as text ({@code --param max_depth=5}), read with defaults. Every key must be read by the
 * model type it was given to: {@link #requireAllKnown} turns a misspelt key into an error that lists the known ones.
 */
final class Params {

    private final String model;
    private final Map<String, String> values;
    private final TreeSet<String> known = new TreeSet<>();

    Params(String model, Map<String, String> values) {
        this.model = model;
        this.values = new LinkedHashMap<>();
        values.forEach((key, value) -> this.values.put(key.replace('-', '_').toLowerCase(Locale.ROOT), value.strip()));
    }

    String string(String key, String fallback) {
        known.add(key);
        return values.getOrDefault(key, fallback);
    }

    int integer(String key, int fallback) {
        String text = string(key, null);
        try {
            return text == null ? fallback : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw invalid(key, text, "an integer");
        }
    }

    double number(String key, double fallback) {
        String text = string(key, null);
        try {
            return text == null ? fallback : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw invalid(key, text, "a number");
        }
    }

    /** Comma-separated integers ({@code 64,32}). */
    int[] integers(String key, String fallback) {
        String text = string(key, fallback);
        try {
            return java.util.Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                    .mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw invalid(key, text, "integers separated by commas, e.g. 64,32");
        }
    }

    /** One of an enum's constants, named in lower case ({@code leaky_relu} or {@code leaky-relu}). */
    <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
        String text = string(key, null);
        if (text == null) return fallback;
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(text.replace('-', '_'))) return constant;
        }
        throw invalid(key, text, "one of " + String.join(", ", java.util.Arrays.stream(type.getEnumConstants())
                .map(constant -> constant.name().toLowerCase(Locale.ROOT)).toList()));
    }

    /** One of {@code choices} (compared in lower case). */
    String choice(String key, java.util.List<String> choices, String fallback) {
        String text = string(key, fallback).toLowerCase(Locale.ROOT);
        if (!choices.contains(text)) throw invalid(key, text, "one of " + String.join(", ", choices));
        return text;
    }

    boolean flag(String key, boolean fallback) {
        String text = string(key, null);
        if (text == null) return fallback;
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw invalid(key, text, "true or false");
        };
    }

    void requireAllKnown() {
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown parameter \"" + key + "\" for model " + model
                        + "; it takes " + String.join(", ", known));
            }
        }
    }

    private IllegalArgumentException invalid(String key, String text, String expected) {
        return new IllegalArgumentException("parameter " + key + "=" + text + " for model " + model + ": expected "
                + expected);
    }
}
