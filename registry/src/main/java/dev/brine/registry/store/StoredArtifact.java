package dev.brine.registry.store;

import java.time.Instant;

/** A complete artifact in a store, as a listing sees it. */
public record StoredArtifact(ArtifactDigest digest, long sizeBytes, Instant lastModified) {
}
