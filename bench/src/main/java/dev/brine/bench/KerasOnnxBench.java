package dev.brine.bench;

import dev.brine.core.Models;
import dev.brine.core.model.Model;
import dev.brine.core.tensor.Tensor;
import dev.brine.keras.KerasModel;
import dev.brine.keras.KerasToSequential;
import dev.brine.onnx.Onnx;
import dev.brine.onnx.export.OnnxExport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The interop benchmark of issue 6 §4: load (+ first prediction) and single-row predict latency of one MLP
 * (64 → 256 → 256 → 10) as Keras HDF5 read by Brine, as .brine, and as ONNX in ONNX Runtime. Writes the section
 * "Keras and ONNX (issue 6)" of {@code docs/benchmarks.md}. Needs /usr/bin/python3 with h5py and numpy to write the
 * HDF5 file.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.brine.bench.KerasOnnxBench [--loads 21] [--calls 20000]
 *     [--out docs/benchmarks.md] [--dir /tmp]</pre>
 */
public final class KerasOnnxBench {
    static final String SECTION_TITLE = "## Keras and ONNX (issue 6)";
    private static final int INPUTS = 64;

    private KerasOnnxBench() {
    }

    private record Format(String name, Path file, Supplier<Model> load) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = ModelsBench.options(args);
        int loads = Integer.parseInt(options.getOrDefault("loads", "21"));
        int calls = Integer.parseInt(options.getOrDefault("calls", "20000"));
        Path out = Path.of(options.getOrDefault("out", "docs/benchmarks.md"));
        Path dir = Files.createTempDirectory(Path.of(options.getOrDefault("dir", "/tmp")), "brine-interop-bench");
        String loadBefore = Machine.loadAverage();
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));

        Path h5 = dir.resolve("mlp.h5");
        writeKerasFile(dir, h5);
        KerasModel keras = (KerasModel) Models.load(h5);
        Path brine = dir.resolve("mlp.brine");
        Models.save(keras, brine);
        Path sequential = dir.resolve("mlp-sequential.brine");
        Models.save(KerasToSequential.convert(keras), sequential);
        Path onnx = dir.resolve("mlp.onnx");
        OnnxExport.write(KerasToSequential.convert(keras), onnx);

        List<Format> formats = List.of(
                new Format("`.brine` (type keras)", brine, () -> Models.load(brine)),
                new Format("Keras HDF5 through Brine", h5, () -> Models.load(h5)),
                new Format("`.brine` (type sequential, via `KerasToSequential`)", sequential,
                        () -> Models.load(sequential)),
                new Format("ONNX in ONNX Runtime (Java), session opened on first run", onnx, () -> Onnx.load(onnx)));
        SplittableRandom random = new SplittableRandom(1);
        Tensor[] rows = new Tensor[256];
        for (int i = 0; i < rows.length; i++) {
            float[] values = new float[INPUTS];
            for (int j = 0; j < INPUTS; j++) {
                values[j] = (float) random.nextDouble(-2, 2);
            }
            rows[i] = Tensor.of(values, 1, INPUTS);
        }

        List<Measured> loadOps = new ArrayList<>();
        for (Format format : formats) {
            loadOps.add(Measured.java(() -> format.load().get().predict(rows[0])));
        }
        Measured.interleave(3, false, loadOps.stream()
                .map(op -> Measured.java(op.prepare(), () -> op.run().getAsLong())).toList());  // JIT warm-up, untimed
        Measured.interleave(loads, false, loadOps);
        List<long[]> latencies = new ArrayList<>();
        for (Format format : formats) {
            Model model = format.load().get();
            for (int i = 0; i < calls / 4; i++) {
                model.predict(rows[i % rows.length]);
            }
            long[] nanos = new long[calls];
            for (int i = 0; i < calls; i++) {
                long start = System.nanoTime();
                model.predict(rows[i % rows.length]);
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            latencies.add(nanos);
        }
        String loadAfter = Machine.loadAverage();

        StringBuilder section = new StringBuilder(SECTION_TITLE).append("\n\nMeasured ").append(date)
                .append(". Reproduce with:\n\n```\nbench/run-interop.sh ").append(String.join(" ", args))
                .append("\n# which runs:\n./mvnw -q -pl bench -am package -DskipTests && java")
                .append(" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar")
                .append(" dev.brine.bench.KerasOnnxBench ").append(String.join(" ", args)).append("\n```\n\n");
        Machine machine = Machine.describe(dir);
        section.append("Machine: ").append(machine.cpuModel()).append(", ").append(machine.processors())
                .append(" cores, ").append(machine.jdk()).append(". Load average (1/5/15 min) at start → end: ")
                .append(loadBefore).append(" → ").append(loadAfter).append(" (other work shares the machine).\n\n")
                .append("The model: Dense 64 → 256 relu → 256 relu → 10 softmax, float32, written as tf.keras 2.11's")
                .append(" `model.save('mlp.h5')` by `keras_mlp.py` (bench resources); saved from there as `.brine`")
                .append(" and exported to ONNX by `OnnxExport`. Load = open the file, build the model and make the")
                .append(" first single-row prediction (ONNX Runtime opens its session then), median (min) of ")
                .append(loads).append(" interleaved runs in one JVM after 3 untimed rounds. Predict = one row (1 × 64 float32), ")
                .append(calls).append(" calls after ").append(calls / 4).append(" warm-up calls, each timed. Ratios:")
                .append(" the format's time ÷ `.brine` (type keras)'s, so above 1× `.brine` is faster.\n\n")
                .append("| format | file size | load + first prediction: median (min) | ratio | predict one row: median")
                .append(" | p99 | ratio (median) |\n|---|---|---|---|---|---|---|\n");
        long brineLoad = loadOps.get(0).samples().median();
        long brinePredict = latencies.get(0)[calls / 2];
        for (int i = 0; i < formats.size(); i++) {
            Samples load = loadOps.get(i).samples();
            long[] nanos = latencies.get(i);
            section.append("| ").append(formats.get(i).name()).append(" | ")
                    .append(String.format(Locale.ROOT, "%.0f KiB", Files.size(formats.get(i).file()) / 1024.0))
                    .append(" | ").append(BenchmarksReport.duration(load.median())).append(" (")
                    .append(BenchmarksReport.duration(load.min())).append(") | ")
                    .append(ratio((double) load.median() / brineLoad)).append(" | ")
                    .append(micros(nanos[calls / 2])).append(" | ").append(micros(nanos[(int) (calls * 0.99)]))
                    .append(" | ").append(ratio((double) nanos[calls / 2] / brinePredict)).append(" |\n");
        }
        MarkdownSections.write(out, SECTION_TITLE, section.toString());
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
        System.out.print(section);
    }

    private static void writeKerasFile(Path dir, Path h5) throws IOException, InterruptedException {
        Path script = dir.resolve("keras_mlp.py");
        try (InputStream in = KerasOnnxBench.class.getResourceAsStream("keras_mlp.py")) {
            Files.copy(in, script);
        }
        Process process = new ProcessBuilder("/usr/bin/python3", script.toString(), h5.toString()).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("keras_mlp.py failed (needs /usr/bin/python3 with h5py and numpy)");
        }
    }

    private static String micros(long nanos) {
        return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
    }

    private static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2f×", value);
    }
}
