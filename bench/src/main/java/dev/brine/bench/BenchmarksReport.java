package dev.brine.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/** Renders the results as the Markdown section "Format (issue 3)" of {@code docs/benchmarks.md}. */
public final class BenchmarksReport {
    static final String SECTION_TITLE = "## Format (issue 3)";

    private BenchmarksReport() {
    }

    /** The facts of one run that the section states above its table. */
    public record Run(String date, String revision, Machine machine, String command, String loadBefore,
                      String loadAfter, int repetitions, boolean coldPermitted, long spawnOverheadNanos,
                      boolean numpyPresent, List<String> notes) {
    }

    public static String render(Run run, List<Comparison> rows) {
        StringBuilder out = new StringBuilder();
        out.append(SECTION_TITLE).append("\n\n");
        out.append("Measured ").append(run.date()).append(" on ").append(run.revision())
                .append(". Reproduce with:\n\n```\n").append(run.command())
                .append("\n```\n\n");
        Machine machine = run.machine();
        out.append("| Machine | |\n|---|---|\n")
                .append("| CPU | ").append(machine.cpuModel()).append(", ").append(machine.processors())
                .append(" cores (nproc) |\n")
                .append("| Memory | ").append(machine.memory()).append(" |\n")
                .append("| Kernel | ").append(machine.kernel()).append(" |\n")
                .append("| JDK | ").append(machine.jdk()).append(" |\n")
                .append("| File system of the temp dir | ").append(machine.fileSystem()).append(" |\n")
                .append("| Load average (1/5/15 min) at start → end | ").append(run.loadBefore()).append(" → ")
                .append(run.loadAfter()).append(" |\n\n");
        out.append("Ratios: reference time ÷ Brine time, so above 1× Brine is faster — except open + inspect, which"
                + " is the large file's time ÷ the 1 MB file's time (below 2× means it does not grow with size)."
                + " \"Median\" compares medians, \"best\" the fastest repetition of each side. Times are median"
                + " (min) of ").append(run.repetitions()).append(" repetitions for files of 1 GB and more, more"
                + " for small files. Sizes are binary: 1 MB = 2^20 bytes, 1 GB = 2^30 bytes; throughput in GB/s"
                + " of 2^30 bytes. Goals (issue 3 §6) apply to the 1 GB and 4 GB files; 1 MB rows only report.\n\n");
        out.append("| Measurement | Size | Cache | Brine | Brine time: median (min) | Reference | Reference time:"
                + " median (min) | Ratio: median (best) | Goal | Met |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Comparison row : rows) {
            out.append("| ").append(row.measurement())
                    .append(" | ").append(row.size())
                    .append(" | ").append(row.cache())
                    .append(" | ").append(row.brineOperation())
                    .append(" | ").append(timing(row.brine(), row.bytes()))
                    .append(" | ").append(row.reference())
                    .append(" | ").append(timing(row.referenceSamples(), row.bytes()))
                    .append(" | ").append(ratio(row.medianRatio())).append(" (").append(ratio(row.bestRatio()))
                    .append(")")
                    .append(" | ").append(row.goal().describe())
                    .append(" | ").append(row.met().map(met -> met ? "yes" : "**no**").orElse("—"))
                    .append(" |\n");
        }
        out.append("\nNotes:\n\n");
        if (!run.coldPermitted()) {
            out.append("- cold: not permitted (dropping the page cache needs root), so only warm rows are shown.\n");
        }
        out.append("- CPU: median CPU time of a run, user + system (Brine: the whole JVM, all threads; tools: the"
                + " child process, from `getrusage`); a run with more CPU than wall time used several cores. On a"
                + " shared machine a CPU-bound operation loses more wall time to other work than an I/O-bound one.\n");
        out.append("- Tool baselines (`cat`, `dd`, `sha256sum`) are timed from process start to exit; starting a"
                + " process costs ").append(duration(run.spawnOverheadNanos())).append(" here (median of `true`),"
                + " which dominates the 1 MB rows.\n");
        if (!run.numpyPresent()) {
            out.append("- numpy: skipped (no /usr/bin/python3 with numpy on this machine).\n");
        }
        run.notes().forEach(note -> out.append("- ").append(note).append("\n"));
        return out.toString();
    }

    /** Replaces the section in {@code document}, leaving the other benchmarks' sections as they are. */
    public static void writeSection(Path document, String section) {
        MarkdownSections.write(document, SECTION_TITLE, section);
    }

    private static String timing(Samples samples, long bytes) {
        String text = duration(samples.median()) + " (" + duration(samples.min()) + ")";
        if (bytes > 0) {
            text += " · " + String.format(Locale.ROOT, "%.2f GB/s", bytes / (double) (1L << 30)
                    / (samples.median() / 1e9));
        }
        OptionalLong cpu = samples.medianCpu();
        if (cpu.isPresent()) {
            text += " · CPU " + duration(cpu.getAsLong());
        }
        return text;
    }

    static String duration(long nanos) {
        if (nanos < 1_000_000) {
            return String.format(Locale.ROOT, "%.0f µs", nanos / 1e3);
        }
        if (nanos < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    private static String ratio(double value) {
        return String.format(Locale.ROOT, value >= 10 ? "%.0f×" : "%.2f×", value);
    }
}
