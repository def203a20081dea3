package dev.brine.registry.store;

import java.io.IOException;

/**
 * Bytes read once, hashed on the way, and held by the store until the caller knows what to do with them: a push
 * learns the artifact's address from staging, checks whether it already has those bytes, and only then commits them
 * (or closes the stage, which discards what was not committed). The filesystem store stages into its temporary area,
 * so a push reads the file once; a store that cannot stage hashes first and uploads on commit.
 */
public interface StagedArtifact extends AutoCloseable {

    ArtifactDigest digest();

    long sizeBytes();

    /** Makes the bytes visible under their address; harmless if the store already holds them. */
    void commit() throws IOException;

    /** Discards whatever was staged and not committed. */
    @Override
    void close() throws IOException;
}
