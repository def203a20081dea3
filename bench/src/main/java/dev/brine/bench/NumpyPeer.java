package dev.brine.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The numpy peer: {@code np.load} / {@code np.save} of the {@code .npy} files {@link NpyPeer} wrote, run by the
 * system's {@code /usr/bin/python3} when it has numpy. The script times itself, so interpreter start-up and the
 * numpy import are not counted.
 */
public final class NumpyPeer {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private final Path script;

    private NumpyPeer(Path script) {
        this.script = script;
    }

    /** The peer, or empty when there is no {@code /usr/bin/python3} with numpy (the report then skips it). */
    public static Optional<NumpyPeer> find(Path workDirectory) {
        if (!Files.isExecutable(PYTHON)) {
            return Optional.empty();
        }
        try {
            Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import numpy")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (probe.waitFor() != 0) {
                return Optional.empty();
            }
            Path script = workDirectory.resolve("numpy_peer.py");
            try (InputStream in = NumpyPeer.class.getResourceAsStream("numpy_peer.py")) {
                Files.copy(in, script);
            }
            return Optional.of(new NumpyPeer(script));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Nanoseconds numpy takes to load every {@code .npy} file of {@code directory} into memory. */
    public long load(Path directory) {
        return run(List.of("load", directory.toString()));
    }

    /** Nanoseconds numpy takes to save the arrays of {@code directory} into {@code out}, fsyncing each file. */
    public long save(Path directory, Path out) {
        return run(List.of("save", directory.toString(), out.toString()));
    }

    private long run(List<String> arguments) {
        List<String> command = new java.util.ArrayList<>(List.of(PYTHON.toString(), script.toString()));
        command.addAll(arguments);
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("numpy peer failed: " + String.join(" ", command));
            }
            return Math.round(Double.parseDouble(output) * 1e9);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
