package dev.brine.cli.predict;

import dev.hardwood.InputFile;
import dev.hardwood.reader.ParquetFileReader;
import dev.hardwood.reader.RowReader;
import dev.hardwood.schema.ColumnSchema;
import dev.brine.core.IncompatibleModelException;
import dev.brine.core.UnsupportedModelException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parquet rows, read by Hardwood (pure Java; uncompressed, gzip and snappy pages): the schema names the columns, a
 * null is a missing value, and each value becomes the cell a CSV would hold (numbers in Java's shortest form, float32
 * widened to the double it is, text as UTF-8, dates and times in ISO form), so one typing path serves every table
 * format. Nested columns (lists, maps, structs) are not rows of features and are refused.
 */
final class ParquetRowSource implements RowSource {
    private final String source;
    private final ParquetFileReader file;
    private final RowReader rows;
    private final String[] names;
    private final long total;
    private long read;

    ParquetRowSource(Path path, String source) {
        this.source = source;
        try {
            this.file = ParquetFileReader.open(InputFile.of(path));
        } catch (IOException | RuntimeException e) {
            throw unreadable(e);
        }
        try {
            if (!file.getFileSchema().isFlatSchema()) {
                throw new UnsupportedModelException(source + ": the Parquet schema has nested columns (lists, maps or"
                        + " structs); predict reads flat tables, one value per column and row.");
            }
            List<ColumnSchema> columns = file.getFileSchema().getColumns();
            names = columns.stream().map(ColumnSchema::name).toArray(String[]::new);
            total = file.getFileMetaData().numRows();
            rows = file.rowReader();
        } catch (RuntimeException e) {
            close();
            throw e instanceof UnsupportedModelException ? e : unreadable(e);
        }
    }

    private IncompatibleModelException unreadable(Exception e) {
        return new IncompatibleModelException(source + ": cannot read it as Parquet: " + e.getMessage()
                + " (Brine reads uncompressed, gzip and snappy pages).", e);
    }

    @Override
    public First kind() {
        return First.NAMES;
    }

    @Override
    public String[] first() {
        return names;
    }

    @Override
    public long firstLine() {
        return 0;
    }

    @Override
    public String position() {
        return "row";
    }

    @Override
    public Batch next(int max, int width) {
        List<String[]> batch = new ArrayList<>(Math.min(max, 1 << 16));
        long[] numbers = new long[max];
        try {
            while (batch.size() < max && rows.hasNext()) {
                rows.next();
                String[] cells = new String[names.length];
                for (int j = 0; j < cells.length; j++) {
                    cells[j] = cell(rows.isNull(j) ? null : rows.getValue(j));
                }
                numbers[batch.size()] = ++read;
                batch.add(cells);
            }
        } catch (RuntimeException e) {
            throw unreadable(e);
        }
        return new Batch(batch, numbers);
    }

    private static String cell(Object value) {
        return switch (value) {
            case null -> "";
            case byte[] bytes -> new String(bytes, StandardCharsets.UTF_8);
            case Float number -> Double.toString(number.doubleValue());   // widened as numpy widens float32
            default -> value.toString();
        };
    }

    @Override
    public double fractionRead() {
        return total <= 0 ? -1 : (double) read / total;
    }

    @Override
    public void close() {
        try {
            file.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot close " + source, e);
        }
    }
}
