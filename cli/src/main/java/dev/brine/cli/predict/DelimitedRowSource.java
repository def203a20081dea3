package dev.brine.cli.predict;

import dev.brine.core.IncompatibleModelException;
import dev.brine.models.data.DelimitedRecords;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** CSV or TSV rows ({@link DelimitedRecords}: RFC 4180, CRLF, byte-order mark, blank lines skipped). */
final class DelimitedRowSource implements RowSource {
    private final DelimitedRecords records;
    private final CountingInput counted;
    private final DelimitedRecords.Record first;

    DelimitedRowSource(CountingInput counted, char separator, String source) {
        this.counted = counted;
        this.records = DelimitedRecords.open((InputStream) counted, separator, source);
        this.first = records.next();
        if (first == null) {
            throw new IncompatibleModelException(source + ": the file is empty; it needs a header row naming the"
                    + " columns, then one row per prediction.");
        }
    }

    @Override
    public First kind() {
        return First.HEADER_OR_DATA;
    }

    @Override
    public String[] first() {
        return first.cells();
    }

    @Override
    public long firstLine() {
        return first.line();
    }

    @Override
    public Batch next(int max, int width) {
        List<String[]> rows = new ArrayList<>(Math.min(max, 1 << 16));
        long[] lines = new long[max];
        DelimitedRecords.Record record;
        while (rows.size() < max && (record = records.next()) != null) {
            records.requireWidth(record, width);
            lines[rows.size()] = record.line();
            rows.add(record.cells());
        }
        return new Batch(rows, lines);
    }

    @Override
    public double fractionRead() {
        return counted.fraction();
    }

    @Override
    public void close() {
        records.close();
    }
}
