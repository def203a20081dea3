package dev.brine.core.model;

import dev.brine.core.format.Provenance;
import dev.brine.core.json.Json;

import java.util.Map;

/**
 * What to record besides the model when saving: provenance (source of a conversion, parent of a fine-tune), free
 * user metadata, and other {@code __metadata__} string entries to keep.
 */
public record SaveOptions(Provenance provenance, Json.JsonObject userMetadata, Map<String, String> extraMetadata) {

    public SaveOptions {
        extraMetadata = Map.copyOf(extraMetadata);
    }

    public static SaveOptions defaults() {
        return new SaveOptions(Provenance.now(), Json.JsonObject.EMPTY, Map.of());
    }

    public SaveOptions withProvenance(Provenance value) {
        return new SaveOptions(value, userMetadata, extraMetadata);
    }

    public SaveOptions withUserMetadata(Json.JsonObject value) {
        return new SaveOptions(provenance, value, extraMetadata);
    }

    public SaveOptions withExtraMetadata(Map<String, String> value) {
        return new SaveOptions(provenance, userMetadata, value);
    }
}
