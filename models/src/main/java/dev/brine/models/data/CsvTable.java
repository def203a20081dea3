package dev.brine.models.data;

import dev.brine.core.IncompatibleModelException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a CSV file with a header row into a {@link Table} (RFC 4180: commas, double quotes, quoted newlines). A
 * column whose every non-empty cell parses as a number is numeric (empty cells become NaN); any other column is
 * text (empty cells become null).
 */
public final class CsvTable {

    private CsvTable() {
    }

    public static Table read(Path path) {
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return read(reader, path.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    public static Table read(Reader reader, String source) {
        List<List<String>> records = parseRecords(
                reader.markSupported() ? reader : new BufferedReader(reader), source);
        if (records.isEmpty()) {
            throw new IncompatibleModelException(source + ": empty CSV; the first row must name the columns");
        }
        List<String> header = records.get(0);
        int rowCount = records.size() - 1;
        List<Column> columns = new ArrayList<>(header.size());
        for (int j = 0; j < header.size(); j++) {
            String[] cells = new String[rowCount];
            for (int r = 0; r < rowCount; r++) {
                List<String> record = records.get(r + 1);
                if (record.size() != header.size()) {
                    throw new IncompatibleModelException(source + " line " + (r + 2) + ": " + record.size()
                            + " cells, the header has " + header.size());
                }
                cells[r] = record.get(j);
            }
            columns.add(column(header.get(j).strip(), cells));
        }
        return new Table(columns);
    }

    /**
     * One column from its cells, typed as this reader types columns: numbers when every non-empty cell is a plain
     * decimal (empty cells become NaN), else text (empty cells become null). The server types text requests so.
     */
    public static Column column(String name, String[] cells) {
        double[] numbers = new double[cells.length];
        for (int r = 0; r < cells.length; r++) {
            String cell = cells[r].strip();
            if (cell.isEmpty()) {
                numbers[r] = Double.NaN;
                continue;
            }
            Double parsed = parseNumber(cell);
            if (parsed == null) {
                String[] text = new String[cells.length];
                for (int i = 0; i < cells.length; i++) {
                    text[i] = cells[i].isEmpty() ? null : cells[i];
                }
                return new Column.Text(name, text);
            }
            numbers[r] = parsed;
        }
        return new Column.Numeric(name, numbers);
    }

    private static Double parseNumber(String cell) {
        char first = cell.charAt(0);
        // Double.parseDouble also takes "NaN", "Infinity", hex and a trailing 'd'; only plain decimals count here.
        if (!(Character.isDigit(first) || first == '-' || first == '+' || first == '.')
                || Character.isLetter(cell.charAt(cell.length() - 1))) {
            return null;
        }
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static List<List<String>> parseRecords(Reader reader, String source) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean atCellStart = true;
        int line = 1;
        try {
            int c;
            while ((c = reader.read()) != -1) {
                if (quoted) {
                    if (c == '"') {
                        reader.mark(1);
                        int next = reader.read();
                        if (next == '"') {
                            cell.append('"');
                        } else {
                            quoted = false;
                            if (next != -1) reader.reset();
                        }
                    } else {
                        if (c == '\n') line++;
                        cell.append((char) c);
                    }
                } else if (c == '"' && atCellStart) {
                    quoted = true;
                    atCellStart = false;
                } else if (c == ',') {
                    record.add(cell.toString());
                    cell.setLength(0);
                    atCellStart = true;
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r') {
                        reader.mark(1);
                        if (reader.read() != '\n') reader.reset();
                    }
                    line++;
                    finishRecord(records, record, cell);
                    record = new ArrayList<>();
                    atCellStart = true;
                } else {
                    cell.append((char) c);
                    atCellStart = false;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
        if (quoted) {
            throw new IncompatibleModelException(source + " line " + line + ": a quoted cell is not closed");
        }
        finishRecord(records, record, cell);
        return records;
    }

    private static void finishRecord(List<List<String>> records, List<String> record, StringBuilder cell) {
        record.add(cell.toString());
        cell.setLength(0);
        // A blank line (one empty cell) is not a record.
        if (!(record.size() == 1 && record.get(0).isEmpty())) {
            records.add(record);
        }
    }
}
