package dev.brine.registry.store;

import dev.brine.core.json.Json;

import java.time.Instant;

/** The note a store keeps beside a quarantined object: which address it held, since when it is aside, and why. */
final class QuarantineNote {
    private QuarantineNote() {
    }

    static Json.JsonObject of(ArtifactDigest digest, String formerLocation, Instant at, String reason) {
        return Json.object()
                .put("digest", digest.toString())
                .put("former_location", formerLocation)
                .put("quarantined_at", at.toString())
                .put("reason", reason)
                .build();
    }
}
