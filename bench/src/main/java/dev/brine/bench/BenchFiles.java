package dev.brine.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Where one model size's files live inside the benchmark's temporary directory. */
public record BenchFiles(Path directory, String label) {

    public static BenchFiles in(Path root, long bytes) {
        String label = Sizes.label(bytes).replace(" ", "");
        return new BenchFiles(root.resolve(label), label);
    }

    public Path brine() {
        return directory.resolve("model-" + label + ".brine");
    }

    /** The second {@code .brine} target, for timing saves without replacing the file the reads use. */
    public Path brineSaveTarget() {
        return directory.resolve("saved-" + label + ".brine");
    }

    public Path serialized() {
        return directory.resolve("model-" + label + ".ser");
    }

    public Path npy() {
        return directory.resolve("npy");
    }

    public Path numpySaved() {
        return directory.resolve("numpy-saved");
    }

    public Path dd() {
        return directory.resolve("dd-" + label + ".bin");
    }

    public BenchFiles create() {
        try {
            Files.createDirectories(directory);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes {@code path} and everything under it; benchmarks write gigabytes, which must not outlive them. */
    public static void delete(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path each : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(each);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }
}
