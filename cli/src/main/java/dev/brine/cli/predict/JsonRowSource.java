package dev.brine.cli.predict;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.Limits;
import dev.brine.core.json.Json;
import dev.brine.core.json.JsonParser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON Lines rows: one object per line naming its values ({@code {"age": 41, "city": "Oslo"}}; every line names the
 * same keys), or one array per line in the model's feature order ({@code --by-position}). A number is its text, a
 * string itself, {@code null} or {@code ""} a missing value; blank lines are skipped.
 */
final class JsonRowSource implements RowSource {
    private final BufferedReader lines;
    private final CountingInput counted;
    private final String source;
    private final First kind;
    private final String[] first;
    private final Map<String, Integer> keyIndex = new HashMap<>();
    private String[] pending;
    private long pendingLine;
    private long line;

    JsonRowSource(CountingInput counted, String source) {
        this.counted = counted;
        this.source = source;
        this.lines = new BufferedReader(new InputStreamReader(counted, StandardCharsets.UTF_8), 1 << 16);
        Json value = nextValue();
        if (value == null) {
            throw new IncompatibleModelException(source + ": the file holds no JSON lines to predict.");
        }
        pendingLine = line;
        switch (value) {
            case Json.JsonObject object -> {
                kind = First.NAMES;
                first = object.members().keySet().toArray(String[]::new);
                for (int i = 0; i < first.length; i++) keyIndex.put(first[i], i);
                pending = cells(object);
            }
            case Json.JsonArray array -> {
                kind = First.DATA;
                first = cells(array);
                pending = first;
            }
            default -> throw new IncompatibleModelException(source + " line " + line + ": each line must be a JSON"
                    + " object (values by column name) or array (values in the model's order), found " + value + ".");
        }
    }

    @Override
    public First kind() {
        return kind;
    }

    @Override
    public String[] first() {
        return first;
    }

    @Override
    public long firstLine() {
        return pendingLine;
    }

    @Override
    public Batch next(int max, int width) {
        List<String[]> rows = new ArrayList<>(Math.min(max, 1 << 16));
        long[] numbers = new long[max];
        while (rows.size() < max) {
            String[] cells;
            long at;
            if (pending != null) {
                cells = pending;
                at = pendingLine;
                pending = null;
            } else {
                Json value = nextValue();
                if (value == null) break;
                at = line;
                cells = switch (value) {
                    case Json.JsonObject object when kind == First.NAMES -> cells(object);
                    case Json.JsonArray array when kind == First.DATA -> cells(array);
                    default -> throw new IncompatibleModelException(source + " line " + line + ": expected a JSON "
                            + (kind == First.NAMES ? "object like the first line" : "array like the first line")
                            + ", found " + shortText(value) + ".");
                };
            }
            if (cells.length != width) {
                throw new IncompatibleModelException(source + " line " + at + ": " + cells.length + " values, the"
                        + " first line has " + width + ".");
            }
            numbers[rows.size()] = at;
            rows.add(cells);
        }
        return new Batch(rows, numbers);
    }

    private String[] cells(Json.JsonObject object) {
        String[] cells = new String[first.length];
        for (Map.Entry<String, Json> member : object.members().entrySet()) {
            Integer index = keyIndex.get(member.getKey());
            if (index == null) {
                throw new IncompatibleModelException(source + " line " + line + ": key \"" + member.getKey()
                        + "\" is not among the first line's keys " + Arrays.toString(first) + ".");
            }
            cells[index] = cell(member.getValue(), member.getKey());
        }
        for (int i = 0; i < cells.length; i++) {
            if (cells[i] == null) {
                throw new IncompatibleModelException(source + " line " + line + ": key \"" + first[i] + "\" is"
                        + " missing (write null for a missing value).");
            }
        }
        return cells;
    }

    private String[] cells(Json.JsonArray array) {
        String[] cells = new String[array.size()];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = cell(array.get(i), "item " + i);
        }
        return cells;
    }

    private String cell(Json value, String where) {
        return switch (value) {
            case Json.JsonNumber number -> number.text();
            case Json.JsonString string -> string.value();
            case Json.JsonNull ignored -> "";
            case Json.JsonBool bool -> Boolean.toString(bool.value());
            default -> throw new IncompatibleModelException(source + " line " + line + ", " + where + ": a nested"
                    + " value (" + shortText(value) + "); a row holds one number or text per column. Tensors per"
                    + " line are for models with tensor inputs.");
        };
    }

    private Json nextValue() {
        try {
            String text;
            while ((text = lines.readLine()) != null) {
                line++;
                if (line == 1 && text.startsWith("\uFEFF")) text = text.substring(1);
                if (!text.isBlank()) {
                    try {
                        return JsonParser.parse(text, source + " line " + line, 0, Limits.DEFAULTS);
                    } catch (dev.brine.core.CorruptModelException e) {
                        throw new IncompatibleModelException(e.getMessage());
                    }
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
    }

    private static String shortText(Json value) {
        String text = value.toString();
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }

    @Override
    public double fractionRead() {
        return counted.fraction();
    }

    @Override
    public void close() {
        try {
            lines.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + source, e);
        }
    }
}
