package dev.brine.core;

import dev.brine.core.format.BrineFile;
import dev.brine.core.format.Inspection;
import dev.brine.core.format.Manifest;
import dev.brine.core.format.SafetensorsFile;
import dev.brine.core.format.VerifiedFiles;
import dev.brine.core.format.Verifier;
import dev.brine.core.format.VerifyReport;
import dev.brine.core.model.LoadOptions;
import dev.brine.core.model.Model;
import dev.brine.core.model.ModelReader;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.ModelTypes;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.SaveOptions;
import dev.brine.core.model.StateDict;
import dev.brine.core.model.TensorRole;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The one entry point: load any readable model file, save any model as {@code .brine}, verify a file's integrity.
 *
 * <pre>{@code
 * Model model = Models.load(Path.of("iris.pkl"));     // format found by content, then extension
 * Models.save(model, Path.of("iris.brine"));          // atomic; a crash never leaves a partial file
 * }</pre>
 */
public final class Models {
    private static final int HEAD_BYTES = 512;
    private static final String BRINE_FORMAT = "brine";
    private static final String SAFETENSORS_FORMAT = "safetensors";
    /** Where loading says that it skipped verification; the command line prints it as a warning. */
    private static final System.Logger INTEGRITY_LOG = System.getLogger("dev.brine.integrity");

    private Models() {
    }

    public static Model load(Path path) {
        return load(path, LoadOptions.DEFAULTS);
    }

    /**
     * Loads a model. A {@code .brine} file is memory-mapped and its tensors stay slices of the mapping, which lives
     * as long as the model is reachable; before the model is built, every tensor is checked against the SHA-256 its
     * manifest records (hashed on every core; a file this process already verified, unchanged on disk since, is not
     * hashed again), and a damaged file is refused with {@link CorruptModelException} naming the tensors — unless
     * {@link LoadOptions#verify()} is off. Other formats go to the {@link ModelReader} that recognises them. The
     * whole load, restore included, runs under one {@link LoadBudget} of {@code options.limits()}.
     */
    public static Model load(Path path, LoadOptions options) {
        return LoadBudget.run(options.limits(), path.toString(), () -> loadWithin(path, options));
    }

    private static Model loadWithin(Path path, LoadOptions options) {
        Detected detected = detect(path);
        if (detected.reader() == null) {
            VerifiedFiles.Identity identity = VerifiedFiles.identity(path);
            BrineFile file = BrineFile.open(path, options.limits(), Arena.ofAuto());
            if (file.manifest().isPresent()) {
                if (options.verify()) {
                    VerifiedFiles.requireIntact(path, identity, file);
                } else {
                    INTEGRITY_LOG.log(System.Logger.Level.WARNING, path + ": loaded without checking its tensors'"
                            + " SHA-256 (verification is off); a damaged or altered file would go unnoticed.");
                }
                return ModelTypes.restore(file.snapshot(), path.toString(), options.limits());
            }
            List<ModelReader> architectureReaders = readersFor(SAFETENSORS_FORMAT);
            if (options.architecture().isPresent() && !architectureReaders.isEmpty()) {
                return architectureReaders.getFirst().read(path, options);
            }
            return stateDict(file);
        }
        return detected.reader().read(path, options);
    }

    /** A plain safetensors file without an architecture is a state dict: weights that cannot predict yet. */
    private static StateDict stateDict(BrineFile file) {
        return new StateDict(file.safetensors().tensors().entrySet().stream()
                .map(entry -> new NamedTensor(entry.getKey(), entry.getValue(), TensorRole.PARAMETER))
                .toList());
    }

    private static List<ModelReader> readersFor(String format) {
        return ServiceLoader.load(ModelReader.class, Models.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .filter(reader -> reader.formatName().equals(format))
                .toList();
    }

    /** Saves {@code model} as a {@code .brine} file, atomically. Returns the manifest written. */
    public static Manifest save(Model model, Path path) {
        return save(model, path, SaveOptions.defaults());
    }

    public static Manifest save(Model model, Path path, SaveOptions options) {
        ModelSnapshot snapshot = model.snapshot();
        return BrineFile.write(path, snapshot, options.provenance(), options.userMetadata(), options.extraMetadata());
    }

    /**
     * Describes a file without predicting: from the header alone for {@code .brine} and safetensors, through the
     * format's reader (which builds the model but runs nothing) for other formats.
     */
    public static Inspection inspect(Path path, LoadOptions options) {
        return LoadBudget.run(options.limits(), path.toString(), () -> inspectWithin(path, options));
    }

    private static Inspection inspectWithin(Path path, LoadOptions options) {
        Detected detected = detect(path);
        long size = sizeOf(path);
        if (detected.reader() == null) {
            try (BrineFile file = BrineFile.open(path, options.limits())) {
                return Inspection.of(file, size);
            }
        }
        Model model = detected.reader().read(path, options);
        return Inspection.of(path.toString(), size, detected.format(), model.snapshot());
    }

    private static long sizeOf(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** Recomputes every tensor's SHA-256 and compares it with the manifest. */
    public static VerifyReport verify(Path path) {
        return verify(path, Limits.DEFAULTS);
    }

    public static VerifyReport verify(Path path, Limits limits) {
        return Verifier.verify(path, limits);
    }

    /** The format name of a file: {@code brine}, {@code safetensors}, or a reader's {@link ModelReader#formatName()}. */
    public static String formatOf(Path path) {
        return formatOf(path, Limits.DEFAULTS);
    }

    public static String formatOf(Path path, Limits limits) {
        Detected detected = detect(path);
        if (detected.reader() == null) {
            try (BrineFile file = BrineFile.open(path, limits)) {
                return file.manifest().isPresent() ? BRINE_FORMAT : SAFETENSORS_FORMAT;
            }
        }
        return detected.format();
    }

    private record Detected(String format, ModelReader reader) {
    }

    private static Detected detect(Path path) {
        byte[] head;
        long size;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(HEAD_BYTES);
            size = Files.size(path);
        } catch (NoSuchFileException e) {
            throw new ModelNotFoundException(path + ": no such file.");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
        if (SafetensorsFile.looksLikeSafetensors(head, size)) {
            return new Detected(SAFETENSORS_FORMAT, null);
        }
        String name = path.getFileName().toString();
        List<ModelReader> byExtension = new ArrayList<>();
        for (ModelReader reader : ServiceLoader.load(ModelReader.class, Models.class.getClassLoader())) {
            switch (reader.detect(head, name)) {
                case MAGIC -> {
                    return new Detected(reader.formatName(), reader);
                }
                case EXTENSION -> byExtension.add(reader);
                case NO -> { }
            }
        }
        // A damaged header defeats the content check; by its name the file is still ours, and the safetensors
        // reader says what is wrong with it (exit 4) instead of "cannot tell the format" (exit 5).
        String lowerCaseName = name.toLowerCase(java.util.Locale.ROOT);
        if (lowerCaseName.endsWith(".brine") || lowerCaseName.endsWith(".safetensors")) {
            return new Detected(SAFETENSORS_FORMAT, null);
        }
        if (!byExtension.isEmpty()) {
            return new Detected(byExtension.getFirst().formatName(), byExtension.getFirst());
        }
        throw new UnsupportedModelException(path + ": cannot tell the format (first bytes "
                + HexFormat.ofDelimiter(" ").formatHex(head, 0, Math.min(16, head.length)) + "). Brine reads "
                + ".brine and safetensors" + readerNames() + "; the file may be of another kind or damaged.");
    }

    private static String readerNames() {
        StringBuilder names = new StringBuilder();
        for (ModelReader reader : ServiceLoader.load(ModelReader.class, Models.class.getClassLoader())) {
            names.append(", ").append(reader.formatName());
        }
        return names.toString();
    }
}
