package dev.brine.registry;

import dev.brine.core.json.Json;
import dev.brine.registry.inspect.ScanVerdict;
import dev.brine.registry.store.ArtifactDigest;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One immutable version of a registered model: its artifact (by content address) and what was recorded about it
 * at push time, plus the annotations that may change afterwards (description, tags, aliases, state).
 *
 * @param fileName   the name of the pushed file; its extension tells readers the format
 * @param safety     the scanner's verdict at push time; {@code UNSAFE} means the pusher vouched for it
 *                   ({@code allowUnsafe})
 * @param aliases    the aliases that point at this version now, sorted
 */
public record ModelVersion(String name, long version, ArtifactDigest digest, long sizeBytes, String fileName,
                           String format, Optional<String> modelType, Optional<Json.JsonObject> signature,
                           Json.JsonObject manifest, ScanVerdict safety, Optional<String> description,
                           Lineage lineage, SortedMap<String, String> tags, List<String> aliases,
                           Instant createdAt, String createdBy, VersionState state, Optional<Instant> deletedAt,
                           Optional<String> deletedBy) {

    public ModelVersion {
        tags = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(tags));
        aliases = List.copyOf(aliases);
    }

    public ModelUri uri() {
        return ModelUri.version(name, version);
    }

    public Json.JsonObject toJson() {
        Json.ObjectBuilder tagsJson = Json.object();
        tags.forEach(tagsJson::put);
        return Json.object()
                .put("uri", uri().toString())
                .put("name", name)
                .put("version", version)
                .put("state", state.name().toLowerCase(java.util.Locale.ROOT))
                .put("digest", digest.toString())
                .put("sizeBytes", sizeBytes)
                .put("fileName", fileName)
                .put("format", format)
                .putIfPresent("modelType", modelType.map(Json::of).orElse(null))
                .putIfPresent("signature", signature.orElse(null))
                .put("manifest", manifest)
                .put("safety", Json.object()
                        .put("verdict", safety.safety().name().toLowerCase(java.util.Locale.ROOT))
                        .put("findings", Json.arrayOfStrings(safety.findings()))
                        .build())
                .putIfPresent("description", description.map(Json::of).orElse(null))
                .put("lineage", lineage.toJson())
                .put("tags", tagsJson.build())
                .put("aliases", Json.arrayOfStrings(aliases))
                .put("createdAt", createdAt.toString())
                .put("createdBy", createdBy)
                .putIfPresent("deletedAt", deletedAt.map(at -> Json.of(at.toString())).orElse(null))
                .putIfPresent("deletedBy", deletedBy.map(Json::of).orElse(null))
                .build();
    }
}
