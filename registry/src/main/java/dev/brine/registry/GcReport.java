package dev.brine.registry;

import dev.brine.core.json.Json;

import java.time.Duration;
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
 * @param grace           how old unreferenced bytes had to be to go
 * @param kept            unreferenced artifacts and partial uploads younger than {@code grace}, left alone as a
 *                        push may still be committing them
 */
public record GcReport(List<ModelUri> purgedVersions, List<Item> removed, long bytesFreed, List<String> missing,
                       boolean dryRun, Duration grace, List<Item> kept) {

    public enum Kind { ARTIFACT, PARTIAL_UPLOAD }

    /** One thing removed: where it was and how big. */
    public record Item(Kind kind, String location, long bytes) {
    }

    public GcReport {
        purgedVersions = List.copyOf(purgedVersions);
        removed = List.copyOf(removed);
        missing = List.copyOf(missing);
        kept = List.copyOf(kept);
    }

    public Json.JsonObject toJson() {
        return Json.object()
                .put("dryRun", dryRun)
                .put("purgedVersions", Json.arrayOfStrings(purgedVersions.stream().map(ModelUri::toString).toList()))
                .put("removed", items(removed))
                .put("bytesFreed", bytesFreed)
                .put("missing", Json.arrayOfStrings(missing))
                .put("grace", grace.toString())
                .put("kept", items(kept))
                .build();
    }

    private static Json.JsonArray items(List<Item> items) {
        return Json.array(items.stream().map(item -> Json.object()
                .put("kind", item.kind().name().toLowerCase(Locale.ROOT))
                .put("location", item.location())
                .put("bytes", item.bytes())
                .build()).toList());
    }
}
