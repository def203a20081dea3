package dev.brine.registry;

import dev.brine.core.json.Json;

import java.util.List;
import java.util.Locale;

/**
 * What {@link Registry#gc} did (or, in a dry run, would do).
 *
 * @param purgedVersions  soft-deleted versions made permanent
 * @param removed         orphaned artifacts and partial uploads deleted
 * @param bytesFreed      their total size
 * @param missing         artifacts that live or soft-deleted versions reference but the store does not hold:
 *                        those versions cannot be pulled until the file is pushed again
 */
public record GcReport(List<ModelUri> purgedVersions, List<Item> removed, long bytesFreed, List<String> missing,
                       boolean dryRun) {

    public enum Kind { ARTIFACT, PARTIAL_UPLOAD }

    /** One thing removed: where it was and how big. */
    public record Item(Kind kind, String location, long bytes) {
    }

    public GcReport {
        purgedVersions = List.copyOf(purgedVersions);
        removed = List.copyOf(removed);
        missing = List.copyOf(missing);
    }

    public Json.JsonObject toJson() {
        return Json.object()
                .put("dryRun", dryRun)
                .put("purgedVersions", Json.arrayOfStrings(purgedVersions.stream().map(ModelUri::toString).toList()))
                .put("removed", Json.array(removed.stream().map(item -> Json.object()
                        .put("kind", item.kind().name().toLowerCase(Locale.ROOT))
                        .put("location", item.location())
                        .put("bytes", item.bytes())
                        .build()).toList()))
                .put("bytesFreed", bytesFreed)
                .put("missing", Json.arrayOfStrings(missing))
                .build();
    }
}
