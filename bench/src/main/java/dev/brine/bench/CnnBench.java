package dev.brine.bench;

import dev.brine.core.json.Json;
import dev.brine.core.json.JsonParser;
import dev.brine.core.Limits;
import dev.brine.models.nn.Catalog;
import dev.brine.models.nn.FloatMatrix;
import dev.brine.models.nn.Layer;
import dev.brine.models.nn.Linear;
import dev.brine.models.nn.Sequential;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Issue 14's speed check: torchvision's ResNet18 forward pass (Brine's catalog architecture, random weights,
 * evaluation mode) at batch 1 and 32 on 3×224×224 images, against PyTorch CPU (torchvision's resnet18 in
 * {@code no_grad}, {@code cnn_peer.py}) in the same run, and writes the section "Convolutional networks (issue 14)"
 * of docs/benchmarks.md.
 *
 * <pre>bench/run-cnn.sh [--reps 5] [--out docs/benchmarks.md]</pre>
 */
public final class CnnBench {

    private static final String TITLE = "## Convolutional networks (issue 14)";
    private static final int[] BATCHES = {1, 32};

    private CnnBench() {
    }

    public static void main(String[] args) throws Exception {
        int reps = 5;
        Path out = Path.of("docs/benchmarks.md");
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--reps" -> reps = Integer.parseInt(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        String loadBefore = Machine.loadAverage();
        Sequential network = Catalog.build("torchvision.resnet18");
        fill(network);
        Samples[] brine = new Samples[BATCHES.length];
        for (int b = 0; b < BATCHES.length; b++) {
            FloatMatrix images = images(BATCHES[b]);
            for (int w = 0; w < (BATCHES[b] > 1 ? 3 : 10); w++) network.evaluate(images);
            brine[b] = new Samples();
            for (int r = 0; r < reps; r++) {
                long start = System.nanoTime();
                network.evaluate(images);
                brine[b].add(System.nanoTime() - start);
            }
            System.out.printf(Locale.ROOT, "brine resnet18 batch %d: median %.1f ms%n", BATCHES[b],
                    brine[b].median() / 1e6);
        }
        Optional<Json.JsonObject> peer = peer(reps);
        String loadAfter = Machine.loadAverage();

        StringBuilder section = new StringBuilder(TITLE).append("\n\n");
        Machine machine = Machine.describe(Path.of(System.getProperty("java.io.tmpdir")));
        section.append("torchvision's ResNet18 (random weights, evaluation mode) on standard-normal 3×224×224 images: "
                + "Brine's `--arch torchvision.resnet18` (convolutions as im2col tiles on the matrix kernel, tiles "
                + "spread over the cores; ").append(Linear.vectorApiInUse() ? "Vector API" : "plain Java")
                .append(") against PyTorch CPU (`torchvision.models.resnet18`, `torch.no_grad()`")
                .append(peer.map(p -> ", " + p.get("torch") + ", " + p.get("threads") + " threads").orElse(""))
                .append(") in the same run; ").append(reps).append(" timed passes each after warm-up, median (min). "
                + "Ratio: PyTorch time ÷ Brine time (above 1× Brine is faster). Command: `bench/run-cnn.sh --reps ")
                .append(reps).append("`.\n\n");
        section.append("Machine: ").append(machine.cpuModel()).append(", ").append(machine.processors())
                .append(" cores, ").append(machine.jdk()).append(". Load average (1/5/15 min) at start → end: ")
                .append(loadBefore).append(" → ").append(loadAfter).append(". Revision ").append(Machine.revision())
                .append(".\n\n");
        section.append("| batch | Brine | PyTorch CPU | ratio |\n|---|---|---|---|\n");
        for (int b = 0; b < BATCHES.length; b++) {
            String name = "resnet18 batch " + BATCHES[b];
            Optional<Samples> torch = peer.flatMap(p -> samples(p, name));
            Samples java = brine[b];
            section.append("| ").append(BATCHES[b]).append(" | ").append(time(java)).append(" | ")
                    .append(torch.map(CnnBench::time).orElse("skipped")).append(" | ")
                    .append(torch.map(t -> String.format(Locale.ROOT, "%.2f× (%.2f×)",
                            (double) t.median() / java.median(), (double) t.min() / java.min())).orElse("—"))
                    .append(" |\n");
        }
        peer.filter(p -> p.has("skipped")).ifPresent(p -> section.append("\nPyTorch skipped: ")
                .append(p.get("skipped")).append(".\n"));
        System.out.print(section);
        MarkdownSections.write(out, TITLE, section.toString());
    }

    private static String time(Samples samples) {
        return String.format(Locale.ROOT, "%.1f ms (%.1f ms)", samples.median() / 1e6, samples.min() / 1e6);
    }

    /** Kaiming-scaled weights from a fixed stream, norm scales near 1 and statistics near 0 / 1 (as trained nets). */
    private static void fill(Sequential network) {
        SplittableRandom random = new SplittableRandom(14);
        for (Layer.StateEntry entry : network.state()) {
            if (entry.parameter() != null) {
                float[] values = entry.parameter().value();
                long[] shape = entry.parameter().shape();
                double scale = shape.length > 1 ? Math.sqrt(2.0 * shape[0] / values.length) : 0.1;
                double base = shape.length == 1 && entry.name().endsWith("weight") ? 1 : 0;
                for (int i = 0; i < values.length; i++) values[i] = (float) (base + scale * random.nextGaussian());
                entry.parameter().markChanged();
            } else if (entry.buffer().dtype() == dev.brine.core.tensor.DType.F32) {
                float[] values = entry.buffer().values();
                boolean variance = entry.name().endsWith("running_var");
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (variance ? 1 + 0.2 * Math.abs(random.nextGaussian())
                            : 0.1 * random.nextGaussian());
                }
            }
        }
    }

    private static FloatMatrix images(int batch) {
        SplittableRandom random = new SplittableRandom(batch);
        float[] values = new float[batch * 3 * 224 * 224];
        for (int i = 0; i < values.length; i++) values[i] = (float) random.nextGaussian();
        return FloatMatrix.of(batch, new int[] {3, 224, 224}, values);
    }

    private static Optional<Json.JsonObject> peer(int reps) throws IOException, InterruptedException {
        Path python = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(python)) return Optional.empty();
        Path script = Files.createTempFile("cnn_peer", ".py");
        try (InputStream in = CnnBench.class.getResourceAsStream("cnn_peer.py")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        ProcessBuilder builder = new ProcessBuilder(python.toString(), script.toString(), String.valueOf(reps));
        for (int batch : BATCHES) builder.command().add(String.valueOf(batch));
        Process process = builder.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] output = process.getInputStream().readAllBytes();
        Files.delete(script);
        if (process.waitFor() != 0) return Optional.empty();
        return Optional.of((Json.JsonObject) JsonParser.parse(output, "cnn_peer.py output", 0, Limits.DEFAULTS));
    }

    private static Optional<Samples> samples(Json.JsonObject peer, String name) {
        if (!(peer.getOrNull(name) instanceof Json.JsonArray values)) return Optional.empty();
        Samples samples = new Samples();
        for (Json value : values.items()) samples.add(Math.round(((Json.JsonNumber) value).doubleValue() * 1e9));
        return Optional.of(samples);
    }
}
