package dev.brine.models.data;

import dev.brine.core.IncompatibleModelException;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a CSV file with a header row into a {@link Table} ({@link DelimitedRecords}: RFC 4180, CRLF, byte-order
 * mark, blank lines skipped). A column whose every non-empty cell parses as a number is numeric (empty cells become
 * NaN); any other column is text (empty cells become null).
 */
public final class CsvTable {

    private CsvTable() {
    }

    public static Table read(Path path) {
        try (InputStream in = Files.newInputStream(path);
             DelimitedRecords records = DelimitedRecords.open(in, ',', path.toString())) {
            return read(records);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    public static Table read(Reader reader, String source) {
        try (DelimitedRecords records = DelimitedRecords.open(reader, ',', source)) {
            return read(records);
        }
    }

    private static Table read(DelimitedRecords records) {
        DelimitedRecords.Record header = records.next();
        if (header == null) {
            throw new IncompatibleModelException(records.source() + ": empty CSV; the first row must name the columns");
        }
        int width = header.cells().length;
        List<String[]> rows = new ArrayList<>();
        for (DelimitedRecords.Record record = records.next(); record != null; record = records.next()) {
            records.requireWidth(record, width);
            rows.add(record.cells());
        }
        List<Column> columns = new ArrayList<>(width);
        for (int j = 0; j < width; j++) {
            String[] cells = new String[rows.size()];
            for (int r = 0; r < cells.length; r++) {
                cells[r] = rows.get(r)[j];
            }
            columns.add(column(header.cells()[j].strip(), cells));
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
            double parsed = parseNumber(cell);
            if (Double.isNaN(parsed)) {
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

    /** Powers of ten a double holds exactly. */
    private static final double[] EXACT_POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /**
     * The value of a stripped cell that is a plain decimal number ({@code 12}, {@code -0.5}, {@code 1e-3}), or NaN for
     * any other text (no cell parses to NaN: Java's parser alone would also take {@code NaN}, {@code Infinity}, hex
     * and a trailing {@code d}, which stay text here). The usual cell, at most 15 significant digits without an
     * exponent, is one exact division (both operands are exact doubles, and IEEE division rounds correctly), so it
     * equals {@link Double#parseDouble} bit for bit at a fraction of its cost; anything else goes to it.
     */
    public static double parseNumber(String cell) {
        int length = cell.length();
        int i = 0;
        boolean negative = false;
        if (length > 0 && (cell.charAt(0) == '-' || cell.charAt(0) == '+')) {
            negative = cell.charAt(0) == '-';
            i = 1;
        }
        long mantissa = 0;
        int significant = 0;
        int fractionDigits = 0;
        boolean dot = false;
        boolean digits = false;
        for (; i < length; i++) {
            char c = cell.charAt(i);
            if (c >= '0' && c <= '9') {
                mantissa = mantissa * 10 + (c - '0');
                if (mantissa != 0 && ++significant > 15) break;
                if (dot) fractionDigits++;
                digits = true;
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                break;
            }
        }
        if (i == length && digits && fractionDigits < EXACT_POWERS_OF_TEN.length) {
            double value = mantissa / EXACT_POWERS_OF_TEN[fractionDigits];
            return negative ? -value : value;
        }
        return parseOther(cell);
    }

    /** A decimal with an exponent or more digits; anything but digits, signs, one dot and {@code e} is text. */
    private static double parseOther(String cell) {
        if (cell.isEmpty()) {
            return Double.NaN;
        }
        for (int i = 0; i < cell.length(); i++) {
            char c = cell.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E')) {
                return Double.NaN;
            }
        }
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
