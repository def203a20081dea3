package dev.brine.python.numpy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Python literals of a {@code .npy} header ({@code ast.literal_eval} subset): str, int, True/False/None,
 * tuples, lists and dicts. Values become {@code String}, {@code Long}, {@code Boolean}, {@link #NONE},
 * {@code List<Object>} (tuples and lists alike) and {@code Map<String, Object>}. Nothing is evaluated.
 */
final class PythonLiteral {
    static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    private final String text;
    private final int maxDepth;
    private int position;

    private PythonLiteral(String text, int maxDepth) {
        this.text = text;
        this.maxDepth = maxDepth;
    }

    /** The value of {@code text}, or empty if it is not one literal. */
    static Optional<Object> parse(String text, int maxDepth) {
        PythonLiteral parser = new PythonLiteral(text, maxDepth);
        try {
            Object value = parser.value(0);
            parser.skipSpace();
            return parser.position == text.length() ? Optional.of(value) : Optional.empty();
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    private void skipSpace() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    private Object value(int depth) {
        if (depth > maxDepth) {
            throw new IllegalArgumentException("too deep");
        }
        skipSpace();
        char c = text.charAt(position);
        return switch (c) {
            case '\'', '"' -> string(c);
            case '(' -> sequence(')', depth);
            case '[' -> sequence(']', depth);
            case '{' -> dict(depth);
            default -> word();
        };
    }

    private String string(char quote) {
        StringBuilder out = new StringBuilder();
        position++;
        while (true) {
            char c = text.charAt(position++);
            if (c == quote) {
                return out.toString();
            }
            if (c == '\\') {
                char escaped = text.charAt(position++);
                out.append(switch (escaped) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case '\\', '\'', '"' -> escaped;
                    default -> throw new IllegalArgumentException("escape");
                });
            } else {
                out.append(c);
            }
        }
    }

    private List<Object> sequence(char close, int depth) {
        position++;
        List<Object> items = new ArrayList<>();
        while (true) {
            skipSpace();
            if (text.charAt(position) == close) {
                position++;
                return items;
            }
            items.add(value(depth + 1));
            skipSpace();
            char next = text.charAt(position++);
            if (next == close) {
                return items;
            }
            if (next != ',') {
                throw new IllegalArgumentException("separator");
            }
        }
    }

    private Map<String, Object> dict(int depth) {
        position++;
        Map<String, Object> entries = new LinkedHashMap<>();
        while (true) {
            skipSpace();
            if (text.charAt(position) == '}') {
                position++;
                return entries;
            }
            if (!(value(depth + 1) instanceof String key)) {
                throw new IllegalArgumentException("key");
            }
            skipSpace();
            if (text.charAt(position++) != ':') {
                throw new IllegalArgumentException("colon");
            }
            if (entries.put(key, value(depth + 1)) != null) {
                throw new IllegalArgumentException("duplicate key");
            }
            skipSpace();
            char next = text.charAt(position++);
            if (next == '}') {
                return entries;
            }
            if (next != ',') {
                throw new IllegalArgumentException("separator");
            }
        }
    }

    private Object word() {
        int start = position;
        while (position < text.length() && (Character.isLetterOrDigit(text.charAt(position))
                || text.charAt(position) == '-' || text.charAt(position) == '_')) {
            position++;
        }
        String word = text.substring(start, position);
        return switch (word) {
            case "True" -> Boolean.TRUE;
            case "False" -> Boolean.FALSE;
            case "None" -> NONE;
            default -> {
                if (!word.matches("-?[0-9]{1,18}L?")) {
                    throw new IllegalArgumentException("word");
                }
                yield Long.parseLong(word.endsWith("L") ? word.substring(0, word.length() - 1) : word);
            }
        };
    }
}
