package dev.brine.server;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * Structured logs: one line per event, {@code key=value} pairs (logfmt), values quoted when they hold spaces,
 * quotes or {@code =}. Events are things an operator acts on (started, model loaded, swap, failed load, stopped),
 * never one line per request.
 */
final class EventLog {
    enum Level { INFO, WARN, ERROR }

    private final Consumer<String> sink;

    EventLog(Consumer<String> sink) {
        this.sink = sink;
    }

    void info(String event, Object... keyValues) {
        write(Level.INFO, event, keyValues);
    }

    void warn(String event, Object... keyValues) {
        write(Level.WARN, event, keyValues);
    }

    void error(String event, Object... keyValues) {
        write(Level.ERROR, event, keyValues);
    }

    private void write(Level level, String event, Object[] keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("key without value in event " + event);
        }
        StringBuilder line = new StringBuilder(128)
                .append("ts=").append(Instant.now())
                .append(" level=").append(level.name().toLowerCase(java.util.Locale.ROOT))
                .append(" event=").append(event);
        for (int i = 0; i < keyValues.length; i += 2) {
            line.append(' ').append(keyValues[i]).append('=');
            appendValue(line, String.valueOf(keyValues[i + 1]));
        }
        sink.accept(line.toString());
    }

    private static void appendValue(StringBuilder line, String value) {
        boolean plain = !value.isEmpty();
        for (int i = 0; i < value.length() && plain; i++) {
            char c = value.charAt(i);
            plain = c > ' ' && c != '"' && c != '=' && c != '\\' && c < 0x7f;
        }
        if (plain) {
            line.append(value);
            return;
        }
        line.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> line.append(c);
            }
        }
        line.append('"');
    }
}
