package dev.brine.cli.predict;

import java.util.List;

/** Rows of cells read batch by batch from a CSV, TSV, JSON Lines or Parquet file. */
interface RowSource extends AutoCloseable {

    /** Cells of consecutive rows, each with the line (or row number) a message gives it. */
    record Batch(List<String[]> rows, long[] lines) {
        int size() {
            return rows.size();
        }
    }

    /** What {@link #first()} is. */
    enum First {
        /** A CSV or TSV row: the header, or data when the caller says the file has none ({@code --by-position}). */
        HEADER_OR_DATA,
        /** Column names the format records (JSON objects' keys, a Parquet schema); every row is still to come. */
        NAMES,
        /** The first row of data, which names nothing (JSON arrays); it is also the first row {@link #next} gives. */
        DATA
    }

    First kind();

    /** The first record (see {@link #kind()}). */
    String[] first();

    /** The line {@link #first()} is on. */
    long firstLine();

    /** What the numbers of {@link Batch#lines()} count, for messages: {@code line} (text files) or {@code row}. */
    default String position() {
        return "line";
    }

    /** Up to {@code max} more rows, each of {@code width} cells; an empty batch at the end. */
    Batch next(int max, int width);

    /** How much of the input has been read, from 0 to 1, or -1 when that is unknown. */
    double fractionRead();

    @Override
    void close();
}
