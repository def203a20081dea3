package dev.brine.registry.store;

import java.time.Instant;

/**
 * Bytes of an upload that never completed: a temporary file of the filesystem store, an unfinished multipart upload
 * of S3. They are never visible as an artifact; {@code gc} finds and discards them.
 *
 * @param id          what the store needs to discard it (a file name, a key and upload id)
 * @param location    where it is, for people
 * @param sizeBytes   bytes it holds so far
 * @param startedAt   when the upload began (or last wrote)
 */
public record PartialUpload(String id, String location, long sizeBytes, Instant startedAt) {
}
