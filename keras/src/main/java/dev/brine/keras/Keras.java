package dev.brine.keras;

import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;
import dev.brine.core.ModelNotFoundException;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.io.FileBytes;
import dev.brine.core.json.Json;
import dev.brine.core.json.JsonParser;
import dev.brine.core.model.LoadOptions;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.TensorRole;
import dev.brine.keras.config.ArchitectureReader;
import dev.brine.keras.config.KerasArchitecture;
import dev.brine.keras.config.KerasVersion;
import dev.brine.keras.hdf5.Hdf5Archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The entry point of brine-keras: Keras models without Python.
 *
 * <pre>{@code
 * KerasModel model = Keras.load(Path.of("m.h5"));         // model.save('m.h5'), or a Keras 3 .keras archive
 * KerasModel same = Keras.loadWeights(Path.of("w.h5"), Files.readString(Path.of("m.json")), LoadOptions.DEFAULTS);
 * KerasModel fresh = Keras.fromArchitecture(Path.of("m.json"), 42);   // untrained, weights as Keras initialises them
 * }</pre>
 */
public final class Keras {
    static final String FORMAT_H5 = "keras-h5";
    static final String FORMAT_WEIGHTS_H5 = "keras-weights-h5";
    static final String FORMAT_ARCHIVE = "keras";
    static final String FORMAT_ARCHITECTURE = "keras-json";

    private Keras() {
    }

    public static KerasModel load(Path path) {
        return load(path, LoadOptions.DEFAULTS);
    }

    /**
     * Reads a legacy HDF5 model ({@code model.save('m.h5')}), a Keras 3 {@code .keras} archive, or a weights-only
     * HDF5 file whose architecture {@code options.architecture()} gives as a Keras JSON file or JSON text.
     */
    public static KerasModel load(Path path, LoadOptions options) {
        if (KerasArchive.isArchive(path)) {
            return KerasArchive.read(path, options.limits());
        }
        MemorySegment bytes = FileBytes.map(path);
        String source = path.toString();
        Hdf5Archive archive = Hdf5Archive.open(bytes, source, options.limits());
        if (archive.stringAttribute("", "model_config").isPresent()) {
            return fullModel(archive, options.limits());
        }
        if (!archive.stringList("", "layer_names").isEmpty()) {
            String architecture = options.architecture().orElseThrow(() -> new UnsupportedModelException(source
                    + ": this is a Keras weights-only file (save_weights): it has no architecture. Give the model's"
                    + " JSON (model.to_json()) with --arch model.json."));
            return weightsOnly(archive, architectureText(architecture), options.limits());
        }
        throw new UnsupportedModelException(source + ": an HDF5 file without Keras attributes (no model_config, no"
                + " layer_names); it is not a Keras model.");
    }

    public static KerasModel fromArchitecture(Path json, long seed) {
        return fromArchitecture(json, seed, LoadOptions.DEFAULTS);
    }

    /**
     * A fresh, untrained model from the JSON {@code model.to_json()} wrote: every weight initialised as its layer
     * config asks ({@code kernel_initializer}…) or as Keras does by default, from a PCG64 seeded with {@code seed}, so
     * the same seed gives the same weights. The config is read as safely as a saved model's (no Lambda, no custom
     * objects, sizes within {@code options.limits()}); an initializer Brine cannot reproduce is unsupported.
     */
    public static KerasModel fromArchitecture(Path json, long seed, LoadOptions options) {
        Limits limits = options.limits();
        String source = json.toString();
        String text;
        try {
            Limits.check(source + ": length", Files.size(json), limits.maxHeaderBytes(), "maxHeaderBytes");
            text = Files.readString(json);
        } catch (NoSuchFileException e) {
            throw new ModelNotFoundException(source + ": no such architecture file.");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
        Json.JsonObject config = object(text, source, limits);
        KerasVersion version = new KerasVersion(config.getOrNull("keras_version") instanceof Json.JsonString s
                ? s.value() : "");
        KerasArchitecture architecture = ArchitectureReader.read(config, version, limits, source);
        String backend = config.getOrNull("backend") instanceof Json.JsonString s ? s.value() : "";
        KerasFile file = new KerasFile(FORMAT_ARCHITECTURE, version, backend, Optional.empty(), List.of());
        return new KerasModel(new KerasGraph(architecture, new InitialWeights(seed, limits, source), limits, source),
                file);
    }

    /** A weights-only HDF5 file ({@code save_weights}) loaded into the architecture {@code model.to_json()} gave. */
    public static KerasModel loadWeights(Path weights, String architectureJson, LoadOptions options) {
        Hdf5Archive archive = Hdf5Archive.open(FileBytes.map(weights), weights.toString(), options.limits());
        return weightsOnly(archive, architectureJson,
                options.limits());
    }

    private static KerasModel fullModel(Hdf5Archive archive, Limits limits) {
        KerasVersion version = new KerasVersion(archive.stringAttribute("", "keras_version").orElse(""));
        Json.JsonObject config = object(archive.stringAttribute("", "model_config").orElseThrow(), archive.source()
                + " attribute model_config", limits);
        KerasArchitecture architecture = ArchitectureReader.read(config, version, limits, archive.source());
        String root = archive.hasGroup("model_weights") ? "model_weights" : "";
        Optional<Json> training = archive.stringAttribute("", "training_config")
                .map(text -> JsonParser.parse(text, archive.source() + " attribute training_config", 0, limits));
        KerasFile file = new KerasFile(FORMAT_H5, version, archive.stringAttribute("", "backend").orElse(""),
                training, optimizerWeights(archive));
        return new KerasModel(new KerasGraph(architecture, new LegacyWeights(archive, root), limits,
                archive.source()), file);
    }

    private static KerasModel weightsOnly(Hdf5Archive archive, String architectureJson, Limits limits) {
        Json.JsonObject config = object(architectureJson, "the Keras architecture JSON", limits);
        KerasVersion version = new KerasVersion(archive.stringAttribute("", "keras_version")
                .or(() -> config.getOrNull("keras_version") instanceof Json.JsonString s ? Optional.of(s.value())
                        : Optional.empty())
                .orElse(""));
        KerasArchitecture architecture = ArchitectureReader.read(config, version, limits, archive.source());
        KerasFile file = new KerasFile(FORMAT_WEIGHTS_H5, version, archive.stringAttribute("", "backend").orElse(""),
                Optional.empty(), List.of());
        return new KerasModel(new KerasGraph(architecture, new LegacyWeights(archive, ""), limits, archive.source()),
                file);
    }

    /** {@code /optimizer_weights}, in {@code weight_names} order, kept so training can resume in Keras. */
    private static List<NamedTensor> optimizerWeights(Hdf5Archive archive) {
        List<NamedTensor> out = new ArrayList<>();
        if (!archive.hasGroup("optimizer_weights")) {
            return out;
        }
        for (String name : archive.stringList("optimizer_weights", "weight_names")) {
            out.add(new NamedTensor("optimizer/" + name, archive.dataset("optimizer_weights/" + name),
                    TensorRole.OPTIMIZER_STATE));
        }
        return out;
    }

    /** {@code --arch}: a path to a JSON file, or the JSON itself. */
    private static String architectureText(String architecture) {
        if (architecture.strip().startsWith("{")) {
            return architecture;
        }
        try {
            return Files.readString(Path.of(architecture));
        } catch (NoSuchFileException e) {
            throw new ModelNotFoundException(architecture + ": no such architecture file.");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + architecture, e);
        }
    }

    static Json.JsonObject object(String text, String source, Limits limits) {
        Limits.check(source + ": length", text.length(), limits.maxHeaderBytes(), "maxHeaderBytes");
        if (!(JsonParser.parse(text, source, 0, limits) instanceof Json.JsonObject object)) {
            throw new CorruptModelException(source + " is not a JSON object.");
        }
        return object;
    }
}
