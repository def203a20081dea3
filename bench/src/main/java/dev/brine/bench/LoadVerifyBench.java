package dev.brine.bench;

import dev.brine.core.Models;
import dev.brine.core.format.BrineFile;
import dev.brine.core.format.Provenance;
import dev.brine.core.format.VerifiedFiles;
import dev.brine.core.json.Json;
import dev.brine.core.model.LoadOptions;
import dev.brine.core.model.Model;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.StateDict;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 15 §1: what checking every tensor's SHA-256 on load costs. On a synthetic model of the given size (the
 * format benchmark's tensors, as a {@code state_dict}), {@code Models.load} plus reading every tensor byte (the least
 * a first prediction touches) with verification — the first load in a process, and a load of a file this process
 * already verified (a warm server) — against the same with {@code withVerify(false)}. Writes the section
 * "Integrity on load (issue 15)" of {@code docs/benchmarks.md}. Run it with {@code bench/run-trust.sh}.
 */
public final class LoadVerifyBench {
    static final String SECTION_TITLE = "## Integrity on load (issue 15)";
    private static final double GOAL = 1.3;

    private LoadVerifyBench() {
    }

    public static void main(String[] args) throws IOException {
        long bytes = Sizes.parseList("1G").getFirst();
        Path out = Path.of("docs/benchmarks.md");
        int repetitions = 5;
        Path work = Path.of(System.getProperty("java.io.tmpdir"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--size" -> bytes = Sizes.parseList(args[++i]).getFirst();
                case "--out" -> out = Path.of(args[++i]);
                case "--reps" -> repetitions = Integer.parseInt(args[++i]);
                case "--dir" -> work = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: LoadVerifyBench [--size 1G] [--out docs/benchmarks.md] [--reps 5]"
                            + " [--dir /tmp]");
                    System.exit(2);
                }
            }
        }
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        String loadBefore = Machine.loadAverage();
        Path root = Files.createTempDirectory(work, "brine-trust-bench-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> BenchFiles.delete(root)));
        Path model = write(root.resolve("model.brine"), bytes);
        warmUp(root);

        String size = Sizes.label(bytes);
        List<Comparison> rows = new ArrayList<>();
        LoadOptions unchecked = LoadOptions.DEFAULTS.withVerify(false);
        Measured off = Measured.java(() -> loadAndTouch(model, unchecked));
        Measured first = Measured.java(VerifiedFiles::forgetAll, () -> loadAndTouch(model, LoadOptions.DEFAULTS));
        Measured again = Measured.java(() -> loadAndTouch(model, LoadOptions.DEFAULTS));
        Measured.interleave(repetitions, false, List.of(off, first, again));
        rows.add(row("first load in the process", size, "warm", first, off, bytes));
        rows.add(row("file already verified by the process (warm server)", size, "warm", again, off, bytes));
        boolean cold = PageCache.drop();
        if (cold) {
            Measured coldOff = Measured.java(() -> loadAndTouch(model, unchecked));
            Measured coldFirst = Measured.java(VerifiedFiles::forgetAll,
                    () -> loadAndTouch(model, LoadOptions.DEFAULTS));
            Measured.interleave(repetitions, true, List.of(coldOff, coldFirst));
            rows.add(row("first load in the process", size, "cold", coldFirst, coldOff, bytes));
        }
        BenchFiles.delete(root);

        String section = render(date, String.join(" ", args), repetitions, loadBefore, cold, rows);
        MarkdownSections.write(out, SECTION_TITLE, section);
        System.out.println(section);
        System.err.println("wrote " + out);
    }

    /** A state dict of {@code bytes} of F32 tensors, the format benchmark's layout (one tensor holds 5/8). */
    private static Path write(Path target, long bytes) {
        try (Arena arena = Arena.ofConfined()) {
            ModelSnapshot synthetic = SyntheticModel.snapshot(bytes, arena);
            ModelSnapshot stateDict = new StateDict(synthetic.tensors()).snapshot();
            BrineFile.write(target, stateDict, Provenance.now(), Json.JsonObject.EMPTY, Map.of());
        }
        return target;
    }

    /** Loads the model and reads every byte of every tensor, returning a sum so that nothing is optimised away. */
    private static long loadAndTouch(Path file, LoadOptions options) {
        Model model = Models.load(file, options);
        long sum = 0;
        for (NamedTensor tensor : model.snapshot().tensors()) {
            sum += FormatOperations.sum(tensor.tensor().data());
        }
        return sum;
    }

    private static void warmUp(Path root) {
        Path small = write(root.resolve("warm-up.brine"), 1 << 20);
        for (int i = 0; i < 200; i++) {
            VerifiedFiles.forgetAll();
            loadAndTouch(small, LoadOptions.DEFAULTS);
            loadAndTouch(small, LoadOptions.DEFAULTS.withVerify(false));
        }
        BenchFiles.delete(small);
    }

    private static Comparison row(String what, String size, String cache, Measured verifying, Measured unchecked,
                                  long bytes) {
        return new Comparison(what, size, cache, "`Models.load` + read every tensor byte", verifying.samples(),
                "the same with `withVerify(false)`", unchecked.samples(), bytes,
                Comparison.Goal.atMost(GOAL));
    }

    private static String render(String date, String args, int repetitions, String loadBefore, boolean cold,
                                 List<Comparison> rows) {
        String jvmFlags = String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments());
        StringBuilder out = new StringBuilder(SECTION_TITLE).append("\n\n");
        out.append("Measured ").append(date).append(" on ").append(Machine.revision()).append(" (")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores; load average ").append(loadBefore)
                .append(" → ").append(Machine.loadAverage()).append("). Reproduce with:\n\n```\nbench/run-trust.sh ")
                .append(args).append("\n# which runs:\n./mvnw -q -pl bench -am package -DskipTests && java ")
                .append(jvmFlags).append(" -cp bench/target/benchmarks.jar ").append(LoadVerifyBench.class.getName())
                .append(" ").append(args).append("\n```\n\n");
        out.append("Ratio: time with verification ÷ time without, median (best of ").append(repetitions)
                .append(" repetitions); goal (issue 15): within ").append(GOAL).append("×.\n\n");
        out.append("| Load | Size | Cache | Verified | Time: median (min) | Unverified | Time: median (min) |"
                + " Ratio: median (best) | Goal | Met |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (Comparison row : rows) {
            out.append("| ").append(row.measurement()).append(" | ").append(row.size()).append(" | ")
                    .append(row.cache()).append(" | ").append(row.brineOperation()).append(" | ")
                    .append(timing(row.brine())).append(" | ").append(row.reference()).append(" | ")
                    .append(timing(row.referenceSamples())).append(" | ")
                    .append(String.format(Locale.ROOT, "%.2f× (%.2f×)", row.medianRatio(), row.bestRatio()))
                    .append(" | ≤ ").append(GOAL).append("× | ")
                    .append(row.met().orElseThrow() ? "yes" : "**no**").append(" |\n");
        }
        out.append("\nThe first load hashes every byte (SHA-256, one tensor per core, largest first); the model's"
                + " largest tensor holds 5/8 of the bytes, so one core hashes it while the other takes the rest, and"
                + " the hash, not the read, sets the time. A file the process already verified is recognised by its"
                + " identity on disk and not hashed again.");
        if (!cold) {
            out.append(" Cold rows need root (dropping the page cache); not measured.");
        }
        return out.append("\n").toString();
    }

    private static String timing(Samples samples) {
        return BenchmarksReport.duration(samples.median()) + " (" + BenchmarksReport.duration(samples.min()) + ")";
    }
}
