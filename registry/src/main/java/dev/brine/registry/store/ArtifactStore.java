package dev.brine.registry.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Content-addressed storage of artifact bytes: an artifact's address is its SHA-256, so an object is written once
 * and never changes. Implementations guarantee:
 * <ul>
 *   <li>{@link #put} is atomic: the object is either absent or complete under its address, never partial, whatever
 *       happens to the process; interrupted uploads leave at most a {@link PartialUpload}.</li>
 *   <li>{@link #put} refuses bytes whose SHA-256 or length differs from what the caller announced, and
 *       {@link #download} refuses to deliver bytes that do not hash to the address they were read from
 *       ({@link dev.brine.core.CorruptModelException}).</li>
 * </ul>
 */
public interface ArtifactStore extends AutoCloseable {

    /** Where the store lives, as a URI people can read ({@code file:///…}, {@code s3://bucket/prefix}). */
    String location();

    /** Where one artifact lives, for messages. */
    String locationOf(ArtifactDigest digest);

    /** Stores {@code sizeBytes} bytes that must hash to {@code digest}. Replacing an existing object is harmless. */
    void put(ArtifactDigest digest, long sizeBytes, ArtifactContent content) throws IOException;

    /**
     * Reads {@code content} once (at most {@code maxBytes}, so a source that grows cannot fill the store) into a
     * local file named {@code fileName}, hashing it, and holds it until {@link StagedArtifact#commit}. Everything a
     * push decides (scan, integrity, inspection) looks at that copy, so the bytes committed are the bytes judged,
     * whatever happens to the source meanwhile. Stores that cannot keep bytes aside themselves copy them into
     * {@code scratchDirectory} and upload from there on commit.
     */
    StagedArtifact stage(ArtifactContent content, long maxBytes, String fileName, Path scratchDirectory)
            throws IOException;

    /**
     * Moves a damaged object away from its address, so that it is never served again, into the store's quarantine
     * with a note saying why; a push of the original bytes then stores them afresh. Returns where the object went,
     * or empty when it was no longer there (another pull moved it first).
     */
    Optional<String> quarantine(ArtifactDigest digest, String reason) throws IOException;

    /** The stored size of the artifact, or empty if the store does not hold it. */
    Optional<Long> sizeOf(ArtifactDigest digest) throws IOException;

    /**
     * Streams the artifact into {@code target} (created or replaced) without holding it in memory, and checks its
     * SHA-256 on the way. Throws {@link dev.brine.core.ModelNotFoundException} if the store does not hold it.
     */
    void download(ArtifactDigest digest, Path target) throws IOException;

    /** Every complete artifact. */
    List<StoredArtifact> list() throws IOException;

    /** Every upload that started and never completed. */
    List<PartialUpload> partialUploads() throws IOException;

    void delete(ArtifactDigest digest) throws IOException;

    void discard(PartialUpload upload) throws IOException;

    @Override
    void close();
}
