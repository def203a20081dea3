package dev.brine.models.data;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import dev.brine.core.IncompatibleModelException;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Delimited text record by record, through FastCSV: RFC 4180 quoting (separators, quotes and line breaks inside
 * quotes), LF or CRLF line ends, a UTF-8 byte-order mark dropped, blank lines skipped, no comment lines (a {@code #}
 * is data). Each record keeps the line it starts on, so errors name the line a person sees in an editor. An open
 * quote at the end of the input is an error, never a cell that swallows the rest of the file.
 */
public final class DelimitedRecords implements AutoCloseable {

    /** One record: the cells as written (quotes removed) and the 1-based line it starts on. */
    public record Record(long line, String[] cells) {
    }

    private final CsvReader<CsvRecord> reader;
    private final CloseableIterator<CsvRecord> records;
    private final String source;
    private boolean first = true;

    private DelimitedRecords(CsvReader<CsvRecord> reader, String source) {
        this.reader = reader;
        this.records = reader.iterator();
        this.source = source;
    }

    /** Records of UTF-8 bytes; {@code separator} is {@code ','} for CSV, {@code '\t'} for TSV. */
    public static DelimitedRecords open(InputStream in, char separator, String source) {
        return new DelimitedRecords(builder(separator).detectBomHeader(true).ofCsvRecord(in, StandardCharsets.UTF_8),
                source);
    }

    public static DelimitedRecords open(Reader in, char separator, String source) {
        return new DelimitedRecords(builder(separator).ofCsvRecord(in), source);
    }

    private static CsvReader.CsvReaderBuilder builder(char separator) {
        return CsvReader.builder()
                .fieldSeparator(separator)
                .skipEmptyLines(true)
                .allowUnclosedQuote(false)
                // Ragged records are reported by the caller with their line and the width it expects.
                .extraFieldStrategy(FieldMismatchStrategy.IGNORE)
                .missingFieldStrategy(FieldMismatchStrategy.IGNORE);
    }

    /** The next record, or null after the last one. */
    public Record next() {
        try {
            if (!records.hasNext()) {
                return null;
            }
            CsvRecord record = records.next();
            String[] cells = record.getFields().toArray(String[]::new);
            if (first && cells.length > 0 && cells[0].startsWith("\uFEFF")) {
                cells[0] = cells[0].substring(1);   // a byte-order mark read through a Reader
            }
            first = false;
            return new Record(record.getStartingLineNumber(), cells);
        } catch (CsvParseException e) {
            throw new IncompatibleModelException(source + ": not valid CSV: " + e.getMessage() + ".");
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("cannot read " + source, e.getCause());
        }
    }

    /** Throws, naming the line, unless {@code record} has {@code width} cells like the header. */
    public void requireWidth(Record record, int width) {
        if (record.cells().length != width) {
            throw new IncompatibleModelException(source + " line " + record.line() + ": " + record.cells().length
                    + " cells, the header has " + width + ".");
        }
    }

    public String source() {
        return source;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + source, e);
        }
    }
}
