import dev.brine.core.Models;
import dev.brine.core.model.LoadOptions;
import dev.brine.core.model.Model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Load times of Python-made files in Brine (run by run.sh with the CLI jar on the class path):
 * {@code java -cp brine.jar PythonLoadBench.java DIR RUNS}. For each file: Models.load of the original (joblib,
 * torch), then of the .brine it converts to, in seconds: the first load in this JVM (cold: what one {@code brine}
 * command pays) and the median of RUNS loads after fifty warm-up loads (a long-running service).
 */
public final class PythonLoadBench {

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        measure(folder.resolve("rf100.joblib"), LoadOptions.DEFAULTS, runs);
        measure(folder.resolve("state100mb.pt"), LoadOptions.DEFAULTS.withArchitecture("Linear(5000,5000)"), runs);
    }

    private static void measure(Path file, LoadOptions options, int runs) throws Exception {
        double originalCold = time(() -> Models.load(file, options));
        double original = median(() -> Models.load(file, options), runs);
        Path converted = file.resolveSibling(file.getFileName() + ".brine");
        Models.save(Models.load(file, options), converted);
        double brineCold = time(() -> Models.load(converted));
        double brine = median(() -> Models.load(converted), runs);
        System.out.printf("%s %.6f %.6f %d %.6f %.6f%n", file.getFileName(), originalCold, original,
                Files.size(converted), brineCold, brine);
        Files.delete(converted);
    }

    private static double time(Supplier<Model> load) {
        long start = System.nanoTime();
        Model model = load.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (model.type().isEmpty()) throw new AssertionError();
        return seconds;
    }

    private static double median(Supplier<Model> load, int runs) {
        for (int i = 0; i < 50; i++) load.get();
        double[] seconds = new double[runs];
        for (int i = 0; i < runs; i++) seconds[i] = time(load);
        Arrays.sort(seconds);
        return seconds[runs / 2];
    }
}
