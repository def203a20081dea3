package dev.brine.bench;

import dev.brine.core.Models;
import dev.brine.core.model.Model;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.Trainers;
import dev.brine.models.data.Column;
import dev.brine.models.data.Matrix;
import dev.brine.models.data.Table;
import dev.brine.models.nn.Linear;
import dev.brine.models.nn.MlpRun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The models benchmark of issue 4 §5: save and load per model type against raw tensor bytes through a FileChannel,
 * batch predict throughput and MLP training time against scikit-learn / PyTorch on the same data, and the single-row
 * latency of a 100-tree forest. Writes the section "Models (issue 4)" of {@code docs/benchmarks.md}.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.brine.bench.ModelsBench [--rows 10000] [--reps 7] [--calls 100000]
 *     [--epochs 3] [--out docs/benchmarks.md] [--dir /tmp]</pre>
 */
public final class ModelsBench {
    static final String SECTION_TITLE = "## Models (issue 4)";
    private static final int FEATURES = 20;
    private static final String TARGET = "target";
    /** Untimed batch predict calls before the timed ones, at least so many and for at least so long. */
    private static final int WARMUP_CALLS = 20;
    private static final long WARMUP_NANOS = 1_000_000_000L;
    /** The 3-layer MLP of every row: 20 → 64 → 64 → 1, ReLU, Adam, batches of 32. */
    private static final Map<String, String> MLP = Map.of("layers", "64,64", "activation", "relu",
            "optimizer", "adam", "lr", "0.001", "batch_size", "32", "epochs", "1");

    private ModelsBench() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = options(args);
        int rows = Integer.parseInt(options.getOrDefault("rows", "10000"));
        int reps = Integer.parseInt(options.getOrDefault("reps", "7"));
        int calls = Integer.parseInt(options.getOrDefault("calls", "100000"));
        int epochs = Integer.parseInt(options.getOrDefault("epochs", "3"));
        Path out = Path.of(options.getOrDefault("out", "docs/benchmarks.md"));
        Path dir = Files.createTempDirectory(Path.of(options.getOrDefault("dir", "/tmp")), "brine-models-bench");
        String loadBefore = Machine.loadAverage();
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        long started = System.nanoTime();

        Matrix x = features(rows, new SplittableRandom(42));
        double[] y = regressionTarget(x);
        writeDoubles(dir.resolve("x.f64"), x.values());
        writeDoubles(dir.resolve("y.f64"), y);
        Table regression = withTarget(x, y);
        Table classification = withTarget(x, Arrays.stream(y).map(v -> v > 0 ? 1 : 0).toArray());

        Map<String, Model> models = new LinkedHashMap<>();
        models.put("linear regression", Trainers.train("linear", regression, TARGET, Map.of(), Optional.empty(), 0));
        models.put("logistic regression", Trainers.train("logistic", classification, TARGET, Map.of(),
                Optional.empty(), 0));
        models.put("random forest (100 trees, depth ≤ 10)", Trainers.train("forest", regression, TARGET,
                Map.of("n_estimators", "100", "max_depth", "10"), Optional.empty(), 0));
        models.put("gradient boosting (100 stages, depth 3)", Trainers.train("gboost", regression, TARGET,
                Map.of("n_estimators", "100", "max_depth", "3"), Optional.empty(), 0));
        MlpRun run = Trainers.startNetwork(regression, TARGET, MLP, Optional.of(Trainers.Task.REGRESSION), 0);
        Samples brineEpochs = new Samples();
        long[] epochStart = {System.nanoTime()};
        run.trainUntil(epochs, report -> {
            brineEpochs.add(System.nanoTime() - epochStart[0]);
            epochStart[0] = System.nanoTime();
        });
        models.put("MLP 20-64-64-1", run.model());

        List<String> lines = new ArrayList<>();
        lines.add("| Measurement | Model | Brine: median (min) | Reference | Reference: median (min) | Ratio: median (best) |");
        lines.add("|---|---|---|---|---|---|");
        for (var entry : models.entrySet()) {
            lines.addAll(saveAndLoad(entry.getKey(), entry.getValue(), dir, reps));
        }

        Optional<ModelsPeer> peer = ModelsPeer.run(dir, rows, FEATURES, reps, calls, epochs);
        Tensor batch = Tensor.of(x.values(), rows, FEATURES);
        for (String name : List.of("linear regression", "random forest (100 trees, depth ≤ 10)", "MLP 20-64-64-1")) {
            Model model = models.get(name);
            Samples brine = repeat(reps, () -> model.predict(batch));
            String peerName = name.startsWith("linear") ? "sklearn linear batch" : name.startsWith("random")
                    ? "sklearn forest batch" : "torch mlp batch";
            String reference = name.startsWith("MLP") ? "PyTorch `net(x)` (float32, no_grad)"
                    : "scikit-learn `predict` (1.2.1)";
            lines.add(row("batch predict, " + rows + " rows", name, brine, rows, reference,
                    peer.flatMap(p -> p.samples(peerName)), rows));
        }
        lines.add(row("train one epoch (" + rows + " rows, batches of 32, Adam)", "MLP 20-64-64-1", brineEpochs, 0,
                "PyTorch CPU, same layers and batch size", peer.flatMap(p -> p.samples("torch mlp epoch")), 0));

        Model forest = models.get("random forest (100 trees, depth ≤ 10)");
        long[] latencies = singleRowLatencies(forest, x, calls);
        Optional<Samples> sklearnSingle = peer.flatMap(p -> p.samples("sklearn forest single"));

        String loadAfter = Machine.loadAverage();
        StringBuilder section = new StringBuilder();
        section.append(SECTION_TITLE).append("\n\nMeasured ").append(date).append(". Reproduce with:\n\n```\n")
                .append("bench/run-models.sh ").append(String.join(" ", args)).append("\n# which runs:\n")
                .append("./mvnw -q -pl bench -am package -DskipTests && java --enable-native-access=ALL-UNNAMED"
                        + " --add-modules jdk.incubator.vector")
                .append(" -cp bench/target/benchmarks.jar dev.brine.bench.ModelsBench ").append(String.join(" ", args))
                .append("\n```\n\n");
        Machine machine = Machine.describe(dir);
        section.append("Machine: ").append(machine.cpuModel()).append(", ").append(machine.processors())
                .append(" cores, ").append(machine.memory()).append(", ").append(machine.jdk()).append(", temp dir on ")
                .append(machine.fileSystem()).append(". Load average (1/5/15 min) at start → end: ").append(loadBefore)
                .append(" → ").append(loadAfter).append(" (other work shares the machine). Took ")
                .append(BenchmarksReport.duration(System.nanoTime() - started)).append(".\n\n");
        section.append("Data: ").append(rows).append(" rows × ").append(FEATURES).append(" standard-normal features"
                + " (SplittableRandom seed 42), target a linear combination plus 2·sin(x0) plus noise; logistic"
                + " regression predicts its sign. Ratios: reference time ÷ Brine time, so above 1× Brine is faster."
                + " Save and load are compared with writing (then `force`) and reading the model's raw tensor bytes"
                + " through a FileChannel, interleaved in the same run, ").append(reps).append(" repetitions each,"
                + " after ").append(WARMUP_CALLS).append(" untimed saves and loads and 1 s of each (so the JIT has"
                + " compiled them, as in a service that saves and loads all day; a fresh JVM's first load is in the"
                + " Keras and ONNX section);"
                + " small models are dominated by the fixed cost of a file (create, fsync, rename, fsync of the"
                + " directory for a save).\n\n");
        lines.forEach(line -> section.append(line).append("\n"));
        Arrays.sort(latencies);
        long median = latencies[latencies.length / 2];
        long p99 = latencies[(int) (latencies.length * 0.99)];
        section.append("\nSingle-row predict latency of the 100-tree forest (goal ≤ 10 µs), ").append(calls)
                .append(" calls after ").append(calls / 5).append(" warm-up calls, each timed with `System.nanoTime`:\n\n")
                .append("| | median | p99 | goal ÷ median | Met |\n|---|---|---|---|---|\n")
                .append("| Brine `predict` (1 × ").append(FEATURES).append(") | ").append(micros(median)).append(" | ")
                .append(micros(p99)).append(" | ").append(ratio(10_000.0 / median)).append(" | ")
                .append(median <= 10_000 ? "yes" : "**no**").append(" |\n");
        sklearnSingle.ifPresent(s -> section.append("| scikit-learn `predict` (1 × ").append(FEATURES)
                .append("), ").append(s.count()).append(" calls | ").append(micros(s.median())).append(" | — | ")
                .append(ratio(10_000.0 / s.median())).append(" | ").append(s.median() <= 10_000 ? "yes" : "no")
                .append(" |\n"));
        section.append("\nNotes:\n\n");
        if (peer.isEmpty()) {
            section.append("- scikit-learn / PyTorch: skipped (no /usr/bin/python3 with numpy).\n");
        } else {
            peer.get().notes().forEach(note -> section.append("- Peer ").append(note).append(".\n"));
        }
        section.append("- scikit-learn's forest predicts with n_jobs=None (one thread); PyTorch with its default"
                + " intra-op thread count (above); Brine as its models do by default (tree ensembles and"
                + " networks split large batches by rows across the cores; training runs on one thread).\n");
        section.append("- Brine's batch predict timings follow at least ").append(WARMUP_CALLS).append(" untimed"
                + " calls and ").append(WARMUP_NANOS / 1_000_000_000L).append(" s of them, so the JIT has compiled the"
                + " loops; the Python peers get one (numpy and scikit-learn run compiled code from the first call).\n");
        section.append("- The Brine MLP multiplies matrices with ").append(Linear.vectorApiInUse()
                ? "the Vector API (`--add-modules jdk.incubator.vector`, as bench/run-models.sh starts it)"
                : "plain Java (no `--add-modules jdk.incubator.vector`)").append("; its training epochs are"
                + " all timed, the first included (it carries the JIT's warm-up).\n");
        section.append("- The Brine MLP standardises inputs and target inside the model; the PyTorch peer is given"
                + " data standardised beforehand (untimed), so both train on the same scale.\n");
        MarkdownSections.write(out, SECTION_TITLE, section.toString());
        deleteTree(dir);
        System.out.print(section);
    }

    private static List<String> saveAndLoad(String name, Model model, Path dir, int reps) {
        Path file = dir.resolve("model.brine");
        Path raw = dir.resolve("model.raw");
        List<NamedTensor> tensors = model.snapshot().tensors();
        long bytes = tensors.stream().mapToLong(t -> t.tensor().data().byteSize()).sum();
        Arena arena = Arena.ofAuto();
        MemorySegment contents = arena.allocate(Math.max(bytes, 1), 64);
        long offset = 0;
        for (NamedTensor tensor : tensors) {
            MemorySegment.copy(tensor.tensor().data(), 0, contents, offset, tensor.tensor().data().byteSize());
            offset += tensor.tensor().data().byteSize();
        }
        MemorySegment readBack = arena.allocate(Math.max(bytes, 1), 64);
        // Untimed first, as for predict: a service saving and loading models all day runs compiled code.
        warmUp(() -> Models.save(model, file), () -> Models.load(file));
        Measured save = Measured.java(() -> delete(file), () -> Models.save(model, file));
        Measured write = Measured.java(() -> delete(raw), () -> writeRaw(raw, contents.asSlice(0, bytes)));
        Measured.interleave(reps, false, List.of(save, write));
        Measured load = Measured.java(() -> Models.load(file));
        Measured read = Measured.java(() -> readRaw(raw, readBack.asSlice(0, bytes)));
        Measured.interleave(reps, false, List.of(load, read));
        String size = name + " (" + tensors.size() + " tensors, " + humanBytes(bytes) + "; file "
                + humanBytes(size(file)) + ")";
        return List.of(
                row("save", size, save.samples(), 0, "FileChannel write + force of the raw tensor bytes",
                        Optional.of(write.samples()), 0),
                row("load", size, load.samples(), 0, "FileChannel read of the raw tensor bytes",
                        Optional.of(read.samples()), 0));
    }

    private static long[] singleRowLatencies(Model forest, Matrix x, int calls) {
        Tensor[] inputs = new Tensor[Math.min(1024, x.rows())];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = Tensor.of(Arrays.copyOfRange(x.values(), i * FEATURES, (i + 1) * FEATURES), 1, FEATURES);
        }
        for (int i = 0; i < calls / 5; i++) {
            forest.predict(inputs[i % inputs.length]);
        }
        long[] nanos = new long[calls];
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            forest.predict(inputs[i % inputs.length]);
            nanos[i] = System.nanoTime() - start;
        }
        return nanos;
    }

    /** One table row; {@code units} &gt; 0 adds a rows/s throughput to each timing. */
    private static String row(String measurement, String model, Samples brine, long units, String reference,
                              Optional<Samples> peer, long peerUnits) {
        String peerTiming = peer.map(s -> timing(s, peerUnits)).orElse("skipped");
        String ratios = peer.map(s -> ratio((double) s.median() / brine.median()) + " ("
                + ratio((double) s.min() / brine.min()) + ")").orElse("—");
        return "| " + measurement + " | " + model + " | " + timing(brine, units) + " | " + reference + " | "
                + peerTiming + " | " + ratios + " |";
    }

    private static String timing(Samples samples, long units) {
        String text = BenchmarksReport.duration(samples.median()) + " (" + BenchmarksReport.duration(samples.min())
                + ")";
        return units > 0 ? text + String.format(java.util.Locale.ROOT, " · %,.0f rows/s",
                units / (samples.median() / 1e9)) : text;
    }

    /**
     * {@code times} timed calls after at least {@link #WARMUP_CALLS} untimed ones and {@link #WARMUP_NANOS}: the JIT
     * compiles a predict loop only after it has run for a while (in a background thread, slower on a busy machine),
     * and a service predicting all day runs the compiled code.
     */
    private static Samples repeat(int times, Runnable body) {
        long warmupStart = System.nanoTime();
        for (int i = 0; i < WARMUP_CALLS || System.nanoTime() - warmupStart < WARMUP_NANOS; i++) {
            body.run();
        }
        Samples samples = new Samples();
        for (int i = 0; i < times; i++) {
            long start = System.nanoTime();
            body.run();
            samples.add(System.nanoTime() - start);
        }
        return samples;
    }

    /** Runs each body at least {@link #WARMUP_CALLS} times and for {@link #WARMUP_NANOS}, untimed. */
    private static void warmUp(Runnable... bodies) {
        for (Runnable body : bodies) {
            long start = System.nanoTime();
            for (int i = 0; i < WARMUP_CALLS || System.nanoTime() - start < WARMUP_NANOS; i++) {
                body.run();
            }
        }
    }

    static Matrix features(int rows, SplittableRandom random) {
        double[] values = new double[rows * FEATURES];
        for (int i = 0; i < values.length; i++) {
            values[i] = gaussian(random);
        }
        return new Matrix(rows, FEATURES, values);
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    static double[] regressionTarget(Matrix x) {
        SplittableRandom noise = new SplittableRandom(7);
        double[] y = new double[x.rows()];
        for (int r = 0; r < x.rows(); r++) {
            double sum = 2 * Math.sin(x.values()[r * FEATURES]) + 0.1 * gaussian(noise);
            for (int j = 0; j < FEATURES; j++) {
                sum += (j + 1) / (double) FEATURES * x.values()[r * FEATURES + j];
            }
            y[r] = sum;
        }
        return y;
    }

    private static Table withTarget(Matrix x, double[] y) {
        List<Column> columns = new ArrayList<>(Table.of(x, List.of()).columns());
        columns.add(new Column.Numeric(TARGET, y));
        return new Table(columns);
    }

    private static void writeDoubles(Path file, double[] values) {
        MemorySegment segment = MemorySegment.ofArray(new byte[values.length * Double.BYTES]);
        for (int i = 0; i < values.length; i++) {
            segment.setAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), i, values[i]);
        }
        try {
            Files.write(file, segment.toArray(ValueLayout.JAVA_BYTE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeRaw(Path file, MemorySegment bytes) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            var buffer = bytes.asByteBuffer();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void readRaw(Path file, MemorySegment into) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            var buffer = into.asByteBuffer();
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // keep reading until the buffer is full
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static String humanBytes(long bytes) {
        return bytes < 1024 ? bytes + " B" : bytes < 1 << 20 ? String.format(java.util.Locale.ROOT, "%.1f KiB",
                bytes / 1024.0) : String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
    }

    private static String micros(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f µs", nanos / 1e3);
    }

    private static String ratio(double value) {
        return String.format(java.util.Locale.ROOT, value >= 10 ? "%.0f×" : "%.2f×", value);
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
