package dev.brine.registry;

import dev.brine.core.json.Json;

import java.util.Optional;

/**
 * Where a version came from.
 *
 * @param parent     the version it was resumed, fine-tuned, converted or derived from (always a concrete version)
 * @param relation   how, when there is a parent
 * @param dataRef    the training data it saw ({@code s3://…/train.parquet@etag}, a dataset version…)
 * @param sourceRun  the run that made it (a CI job, an experiment id…)
 */
public record Lineage(Optional<ModelUri> parent, Optional<LineageRelation> relation, Optional<String> dataRef,
                      Optional<String> sourceRun) {

    public static final Lineage NONE = new Lineage(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    public Lineage {
        if (parent.isPresent() && !(parent.get().selector() instanceof ModelUri.Version)) {
            throw new IllegalArgumentException("a recorded parent is a concrete version, not " + parent.get());
        }
        if (relation.isPresent() && parent.isEmpty()) {
            throw new IllegalArgumentException("a lineage relation needs a parent version");
        }
    }

    public Json.JsonObject toJson() {
        return Json.object()
                .putIfPresent("parent", parent.map(uri -> Json.of(uri.toString())).orElse(null))
                .putIfPresent("relation", relation.map(value -> Json.of(value.label())).orElse(null))
                .putIfPresent("dataRef", dataRef.map(Json::of).orElse(null))
                .putIfPresent("sourceRun", sourceRun.map(Json::of).orElse(null))
                .build();
    }
}
