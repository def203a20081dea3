package dev.brine.core.format;

import dev.brine.core.Limits;
import dev.brine.core.json.Json;
import dev.brine.core.model.Signature;
import dev.brine.core.model.TensorRole;
import dev.brine.core.model.TrainingState;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Brine manifest: the JSON that {@code __metadata__["brine"]} of a {@code .brine} file holds (docs/format.md §3).
 *
 * @param formatVersion the manifest's format version; readers refuse versions newer than {@link #FORMAT_VERSION}
 * @param modelType     the {@link dev.brine.core.model.ModelType} that restores the model
 * @param config        architecture and hyper-parameters, as the model type defines them
 * @param tensors       each tensor's role and SHA-256, in file order
 * @param training      where training stopped, for checkpoints
 * @param userMetadata  free JSON the user attached
 */
public record Manifest(int formatVersion, String modelType, Json.JsonObject config, Map<String, TensorRecord> tensors,
                       Signature signature, List<String> classLabels, Optional<TrainingState> training,
                       Provenance provenance, Json.JsonObject userMetadata) {

    /** The version this Brine writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;
    /** The {@code __metadata__} key that holds the manifest. */
    public static final String METADATA_KEY = "brine";

    public Manifest {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        classLabels = List.copyOf(classLabels);
    }

    /** A tensor's role and integrity digest. */
    public record TensorRecord(TensorRole role, String sha256) {
    }

    /** The same manifest with the given digests (name → hex SHA-256). */
    public Manifest withDigests(Map<String, String> digests) {
        Map<String, TensorRecord> updated = new LinkedHashMap<>();
        tensors.forEach((name, record) -> updated.put(name, new TensorRecord(record.role(), digests.get(name))));
        return new Manifest(formatVersion, modelType, config, updated, signature, classLabels, training, provenance,
                userMetadata);
    }

    public String toJson() {
        return ManifestCodec.encode(this).toString();
    }

    /** Parses manifest JSON text; {@code source} names the file for messages. */
    public static Manifest fromJson(String json, String source) {
        return fromJson(json, source, Limits.DEFAULTS);
    }

    /** Parses manifest JSON text within {@code limits} (those of the file it came from). */
    public static Manifest fromJson(String json, String source, Limits limits) {
        return ManifestCodec.decode(json, source, limits);
    }

    public static Json toJsonValue(Manifest manifest) {
        return ManifestCodec.encode(manifest);
    }
}
