package dev.brine.core.format;

import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.json.Json;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.tensor.Tensor;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code .brine} file: a safetensors file whose {@code __metadata__["brine"]} holds the {@link Manifest}. Opening
 * maps the file and parses the header and manifest only; tensors are slices of the mapping.
 */
public final class BrineFile implements AutoCloseable {
    private final SafetensorsFile file;
    private final Optional<Manifest> manifest;

    private BrineFile(SafetensorsFile file, Optional<Manifest> manifest) {
        this.file = file;
        this.manifest = manifest;
    }

    /** Opens a {@code .brine} or plain safetensors file, mapping it into {@code arena}. */
    public static BrineFile open(Path path, Limits limits, Arena arena) {
        return of(SafetensorsFile.open(path, limits, arena));
    }

    /** Opens with a shared arena that {@link #close()} releases, also when the manifest is refused. */
    public static BrineFile open(Path path, Limits limits) {
        SafetensorsFile file = SafetensorsFile.open(path, limits);
        try {
            return of(file);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** Wraps an already validated safetensors file, parsing its manifest if it has one. */
    public static BrineFile of(SafetensorsFile file) {
        String text = file.metadata().get(Manifest.METADATA_KEY);
        if (text == null) {
            return new BrineFile(file, Optional.empty());
        }
        Manifest manifest = Manifest.fromJson(text, file.source(), file.limits());
        checkTensorsMatch(file, manifest);
        return new BrineFile(file, Optional.of(manifest));
    }

    private static void checkTensorsMatch(SafetensorsFile file, Manifest manifest) {
        for (String name : manifest.tensors().keySet()) {
            if (!file.contains(name)) {
                throw new CorruptModelException(file.source() + ": the manifest lists tensor \"" + name
                        + "\" but the file does not hold it. The file was altered after Brine wrote it.");
            }
        }
        for (String name : file.entries().keySet()) {
            if (!manifest.tensors().containsKey(name)) {
                throw new CorruptModelException(file.source() + ": tensor \"" + name + "\" is not in the manifest."
                        + " The file was altered after Brine wrote it.");
            }
        }
    }

    public SafetensorsFile safetensors() {
        return file;
    }

    /** The manifest; empty for a plain safetensors file. */
    public Optional<Manifest> manifest() {
        return manifest;
    }

    /** The model this file holds, as a snapshot whose tensors are slices of the mapping. */
    public ModelSnapshot snapshot() {
        Manifest required = manifest.orElseThrow(() -> new UnsupportedModelException(file.source()
                + ": a plain safetensors file holds tensors but no model (no Brine manifest). Give the architecture"
                + " with --arch, or inspect it with `brine inspect`."));
        List<NamedTensor> tensors = required.tensors().entrySet().stream()
                .map(entry -> new NamedTensor(entry.getKey(), file.tensor(entry.getKey()), entry.getValue().role()))
                .toList();
        return new ModelSnapshot(required.modelType(), required.config(), tensors, required.signature(),
                required.classLabels(), required.training());
    }

    /**
     * Writes {@code snapshot} to {@code target} atomically, with digests for every tensor. {@code extraMetadata}
     * are other {@code __metadata__} entries to keep (e.g. from a converted safetensors file).
     */
    public static Manifest write(Path target, ModelSnapshot snapshot, Provenance provenance,
                                 Json.JsonObject userMetadata, Map<String, String> extraMetadata) {
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, Manifest.TensorRecord> records = new LinkedHashMap<>();
        for (NamedTensor tensor : snapshot.tensors()) {
            if (tensors.putIfAbsent(tensor.name(), tensor.tensor()) != null) {
                throw new IllegalArgumentException("model type " + snapshot.type() + " names tensor \""
                        + tensor.name() + "\" twice");
            }
            records.put(tensor.name(), new Manifest.TensorRecord(tensor.role(), SafetensorsWriter.PLACEHOLDER_DIGEST));
        }
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, snapshot.type(), snapshot.config(), records,
                snapshot.signature(), snapshot.classLabels(), snapshot.training(), provenance, userMetadata);
        if (extraMetadata.containsKey(Manifest.METADATA_KEY)) {
            throw new IllegalArgumentException("extra metadata cannot replace the \"brine\" manifest key");
        }
        Map<String, String> digests = SafetensorsWriter.write(target, tensors, actual -> {
            Map<String, String> metadata = new LinkedHashMap<>(extraMetadata);
            metadata.put(Manifest.METADATA_KEY, manifest.withDigests(actual).toJson());
            return metadata;
        });
        return manifest.withDigests(digests);
    }

    @Override
    public void close() {
        file.close();
    }
}
