package dev.brine.registry;

import dev.brine.core.json.Json;

/**
 * The outcome of a push.
 *
 * @param created  false when a live version of the model already had these exact bytes and was returned instead
 *                 (push with {@code forceNew} to register a new version anyway)
 */
public record PushResult(ModelVersion version, boolean created) {

    /** One line for people. */
    public String summary() {
        return created
                ? "registered " + version.uri() + " (" + version.digest().shortForm() + ", " + version.sizeBytes()
                        + " bytes)"
                : "identical bytes are already " + version.uri() + " (" + version.digest().shortForm()
                        + "); nothing registered — use --force-new to register a new version anyway";
    }

    public Json.JsonObject toJson() {
        return Json.object().put("created", created).put("version", version.toJson()).build();
    }
}
