package dev.brine.registry;

import dev.brine.core.json.Json;

import java.time.Instant;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A registered model: its name, annotations, and a summary of its versions.
 *
 * @param latestVersion  the newest live version, if any
 * @param liveVersions   how many versions are live
 * @param aliases        alias → version, sorted by alias
 */
public record RegisteredModel(String name, Optional<String> description, SortedMap<String, String> tags,
                              Optional<Long> latestVersion, long liveVersions, SortedMap<String, Long> aliases,
                              Instant createdAt, String createdBy, Instant updatedAt) {

    public RegisteredModel {
        tags = Collections.unmodifiableSortedMap(new TreeMap<>(tags));
        aliases = Collections.unmodifiableSortedMap(new TreeMap<>(aliases));
    }

    public Json.JsonObject toJson() {
        Json.ObjectBuilder tagsJson = Json.object();
        tags.forEach(tagsJson::put);
        Json.ObjectBuilder aliasesJson = Json.object();
        aliases.forEach(aliasesJson::put);
        return Json.object()
                .put("name", name)
                .putIfPresent("description", description.map(Json::of).orElse(null))
                .put("tags", tagsJson.build())
                .putIfPresent("latestVersion", latestVersion.map(Json::of).orElse(null))
                .put("liveVersions", liveVersions)
                .put("aliases", aliasesJson.build())
                .put("createdAt", createdAt.toString())
                .put("createdBy", createdBy)
                .put("updatedAt", updatedAt.toString())
                .build();
    }
}
