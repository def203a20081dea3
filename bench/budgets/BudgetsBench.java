import dev.brine.core.Limits;
import dev.brine.core.Models;
import dev.brine.core.format.SafetensorsFile;
import dev.brine.core.format.SafetensorsWriter;
import dev.brine.core.model.LoadOptions;
import dev.brine.core.tensor.Tensor;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the budgets of a load cost on honest files (run by run.sh once per build, builds alternated): the CPU time of
 * the loading thread, median of RUNS after warm-up, for opening a safetensors header of 10,000 tensors, and for
 * Models.load of the Python-load benchmark's files (a 100-tree forest joblib, a 100 MB torch state dict) and of
 * the .brine files they convert to. CPU time rather than wall time: the machine is shared, and a budget costs CPU.
 *
 *   java -cp CLASSES BudgetsBench.java DIR RUNS
 */
public final class BudgetsBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        Path header = folder.resolve("header10k.safetensors");
        if (!Files.exists(header)) {
            LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
            for (int i = 0; i < 10_000; i++) {
                tensors.put("model.layers." + i + ".weight", Tensor.of(new float[] {i, 1, 2, 3}, 2, 2));
            }
            SafetensorsWriter.write(header, tensors, Map.of());
        }
        report("open header of 10k tensors", runs, () -> {
            try (SafetensorsFile file = SafetensorsFile.open(header, Limits.DEFAULTS)) {
                return file.entries().size();
            }
        });
        load(folder.resolve("rf100.joblib"), LoadOptions.DEFAULTS, runs);
        load(folder.resolve("state100mb.pt"), LoadOptions.DEFAULTS.withArchitecture("Linear(5000,5000)"), runs);
    }

    private static void load(Path file, LoadOptions options, int runs) throws Exception {
        report("load " + file.getFileName(), runs, () -> Models.load(file, options).type().length());
        Path converted = file.resolveSibling(file.getFileName() + ".brine");
        if (!Files.exists(converted)) {
            Models.save(Models.load(file, options), converted);
        }
        report("load " + converted.getFileName(), runs, () -> Models.load(converted).type().length());
    }

    private static void report(String what, int runs, java.util.function.IntSupplier operation) {
        for (int i = 0; i < 20; i++) operation.getAsInt();
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = THREADS.getCurrentThreadCpuTime();
            if (operation.getAsInt() < 0) throw new AssertionError();
            millis[i] = (THREADS.getCurrentThreadCpuTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        System.out.printf("%s\t%.3f\t%.3f%n", what, millis[runs / 2], millis[0]);
    }
}
