package dev.brine.registry.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Bytes read once, hashed on the way, and held on local disk until the caller knows what to do with them: a push
 * learns the artifact's address from staging, scans, verifies and inspects the staged {@link #file()}, checks
 * whether it already has those bytes, and only then commits them (or closes the stage, which discards what was not
 * committed). The filesystem store stages into its temporary area and commits by renaming; the S3 store stages into
 * a local scratch directory and uploads on commit.
 */
public interface StagedArtifact extends AutoCloseable {

    ArtifactDigest digest();

    long sizeBytes();

    /** The staged bytes, under the source's file name; read it, never modify it. */
    Path file();

    /** Makes the bytes visible under their address; harmless if the store already holds them. */
    void commit() throws IOException;

    /** Discards whatever was staged and not committed. */
    @Override
    void close() throws IOException;
}
