package dev.brine.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text form of a {@link SearchQuery}: conditions joined by {@code and}, each one of
 * <ul>
 *   <li>{@code metrics.NAME OP NUMBER} (OP: {@code < <= > >= =}), on the metric's final value;</li>
 *   <li>{@code tag.KEY = VALUE} (or {@code tags.KEY}), a tag of the version or of its model;</li>
 *   <li>{@code name = NAME} (or {@code model = NAME}).</li>
 * </ul>
 * Values are bare words or quoted ({@code 'a b'}, {@code "a b"}). The text only fills a {@link SearchQuery}:
 * nothing of it reaches SQL but as a bound parameter or a value compared in Java.
 */
final class SearchQueryParser {
    private final String text;
    private int position;

    private SearchQueryParser(String text) {
        this.text = text;
    }

    static SearchQuery parse(String text) {
        return new SearchQueryParser(text).query();
    }

    private SearchQuery query() {
        SearchQuery.Builder builder = SearchQuery.builder();
        skipSpaces();
        if (position == text.length()) {
            throw error("the query is empty");
        }
        do {
            condition(builder);
            skipSpaces();
        } while (position < text.length() && keyword("and"));
        if (position < text.length()) {
            throw error("expected 'and' or the end of the query");
        }
        return builder.build();
    }

    private void condition(SearchQuery.Builder builder) {
        int start = position;
        String field = word();
        String operator = operator();
        String value = value();
        String lower = field.toLowerCase(Locale.ROOT);
        if (lower.startsWith("metrics.") || lower.startsWith("metric.")) {
            String metric = field.substring(field.indexOf('.') + 1);
            try {
                builder.metric(MetricCondition.parse(metric + operator + value));
            } catch (IllegalArgumentException e) {
                throw error("in '" + text.substring(start, position).strip() + "': " + e.getMessage(), start);
            }
            return;
        }
        if (!operator.equals("=") && !operator.equals("==")) {
            throw error("'" + field + "' is compared with = only, not " + operator, start);
        }
        if (lower.startsWith("tags.") || lower.startsWith("tag.")) {
            builder.tag(field.substring(field.indexOf('.') + 1), value);
        } else if (lower.equals("name") || lower.equals("model")) {
            builder.model(value);
        } else {
            throw error("unknown field '" + field + "'; use metrics.NAME, tag.KEY or name", start);
        }
    }

    private String word() {
        skipSpaces();
        int start = position;
        while (position < text.length() && isWordChar(text.charAt(position))) {
            position++;
        }
        if (start == position) {
            throw error("expected a field (metrics.NAME, tag.KEY or name)");
        }
        return text.substring(start, position);
    }

    private String operator() {
        skipSpaces();
        for (String candidate : List.of("<=", ">=", "==", "<", ">", "=")) {
            if (text.startsWith(candidate, position)) {
                position += candidate.length();
                return candidate;
            }
        }
        throw error("expected a comparison (<, <=, >, >=, =)");
    }

    private String value() {
        skipSpaces();
        if (position < text.length() && (text.charAt(position) == '\'' || text.charAt(position) == '"')) {
            char quote = text.charAt(position);
            int end = text.indexOf(quote, position + 1);
            if (end < 0) {
                throw error("a quoted value is not closed");
            }
            String value = text.substring(position + 1, end);
            position = end + 1;
            return value;
        }
        int start = position;
        while (position < text.length() && !Character.isWhitespace(text.charAt(position))) {
            position++;
        }
        if (start == position) {
            throw error("expected a value");
        }
        return text.substring(start, position);
    }

    private boolean keyword(String word) {
        List<String> rest = new ArrayList<>(List.of(text.substring(position).split("\\s+", 2)));
        if (!rest.getFirst().equalsIgnoreCase(word)) {
            return false;
        }
        position += word.length();
        return true;
    }

    private void skipSpaces() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-' || c == '/' || c == ':';
    }

    private IllegalArgumentException error(String message) {
        return error(message, position);
    }

    private IllegalArgumentException error(String message, int at) {
        return new IllegalArgumentException("search query \"" + text + "\", at character " + (at + 1) + ": "
                + message + ". Example: metrics.accuracy > 0.9 and tag.stage=prod");
    }
}
