package dev.brine.cli.predict;

import java.util.Locale;

/** What an input file of {@code brine predict} holds, from its extension or {@code --input-format}. */
public enum InputFormat {
    CSV, TSV, JSONL, NPY, NPZ, PARQUET;

    /** The format of {@code name} ({@code -} is standard input, CSV unless {@code given} says otherwise). */
    public static InputFormat of(String name, InputFormat given) {
        if (given != null) {
            return given;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (name.equals("-") || lower.endsWith(".csv")) return CSV;
        if (lower.endsWith(".tsv") || lower.endsWith(".tab")) return TSV;
        if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) return JSONL;
        if (lower.endsWith(".npy")) return NPY;
        if (lower.endsWith(".npz")) return NPZ;
        if (lower.endsWith(".parquet") || lower.endsWith(".pq")) return PARQUET;
        throw new IllegalArgumentException("--input " + name + ": cannot tell the format from the extension; use .csv,"
                + " .tsv, .jsonl, .npy, .npz or .parquet, or say it with --input-format.");
    }

    /** Whether rows are matched to the model's features (as opposed to tensors fed by input name). */
    public boolean isTable() {
        return this == CSV || this == TSV || this == JSONL || this == PARQUET;
    }
}
