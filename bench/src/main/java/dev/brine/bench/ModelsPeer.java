package dev.brine.bench;

import dev.brine.core.json.Json;
import dev.brine.core.json.JsonParser;
import dev.brine.core.Limits;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The scikit-learn / PyTorch peer of {@link ModelsBench}: {@code models_peer.py} run by the system's
 * {@code /usr/bin/python3} on the data the Java side wrote. The script times itself; its answer maps each
 * measurement name to the seconds of every repetition.
 */
public record ModelsPeer(Json.JsonObject results) {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    /** Runs the peer, or returns empty when there is no {@code /usr/bin/python3} with numpy. */
    public static Optional<ModelsPeer> run(Path directory, int rows, int cols, int repetitions, int calls, int epochs) {
        if (!Files.isExecutable(PYTHON)) {
            return Optional.empty();
        }
        try {
            Path script = directory.resolve("models_peer.py");
            try (InputStream in = ModelsPeer.class.getResourceAsStream("models_peer.py")) {
                Files.copy(in, script);
            }
            Process process = new ProcessBuilder(PYTHON.toString(), script.toString(), directory.toString(),
                    String.valueOf(rows), String.valueOf(cols), String.valueOf(repetitions), String.valueOf(calls),
                    String.valueOf(epochs)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (process.waitFor() != 0) {
                return Optional.empty();
            }
            return Optional.of(new ModelsPeer((Json.JsonObject) JsonParser.parse(output, "models_peer.py output", 0,
                    Limits.DEFAULTS)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The repetitions of one measurement in nanoseconds, or empty when the peer skipped it. */
    public Optional<Samples> samples(String name) {
        return Optional.ofNullable(results.members().get(name))
                .filter(Json.JsonArray.class::isInstance)
                .map(value -> {
                    Samples samples = new Samples();
                    for (Json element : ((Json.JsonArray) value).items()) {
                        samples.add(Math.round(((Json.JsonNumber) element).doubleValue() * 1e9));
                    }
                    return samples;
                });
    }

    /** Why a library was skipped, or the thread count it used: any other member, as text. */
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        results.members().forEach((name, value) -> {
            if (!(value instanceof Json.JsonArray)) {
                notes.add(name + ": " + value);
            }
        });
        return notes;
    }
}
