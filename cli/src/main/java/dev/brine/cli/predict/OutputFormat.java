package dev.brine.cli.predict;

import java.util.Locale;

/** What {@code brine predict} writes, from the output's extension or {@code --output-format}. */
public enum OutputFormat {
    CSV, JSONL, NPY, NPZ;

    /** The format of {@code name} ({@code -} is standard output, CSV unless {@code given} says otherwise). */
    public static OutputFormat of(String name, OutputFormat given) {
        if (given != null) {
            return given;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (name.equals("-") || lower.endsWith(".csv")) return CSV;
        if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) return JSONL;
        if (lower.endsWith(".npy")) return NPY;
        if (lower.endsWith(".npz")) return NPZ;
        throw new IllegalArgumentException("--output " + name + ": cannot tell the format from the extension; use .csv,"
                + " .jsonl, .npy or .npz, or say it with --output-format.");
    }
}
