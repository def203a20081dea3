package dev.brine.registry.store;

import dev.brine.core.ModelNotFoundException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Artifacts in a local directory: {@code ROOT/sha256/ab/abcdef…} for complete objects, {@code ROOT/tmp/} for uploads
 * in progress. A write goes to a temporary file in the same file system, is hashed while written, then (when
 * committed) fsynced and renamed into place (then the directory is fsynced), so a crash leaves either nothing or the whole object under
 * its address, and at worst a temporary file that {@code gc} discards.
 */
public final class FileArtifactStore implements ArtifactStore {

    private static final String OBJECTS = "sha256";
    private static final String TEMPORARY = "tmp";
    private static final String PARTIAL_SUFFIX = ".partial";

    private final Path root;

    private FileArtifactStore(Path root) {
        this.root = root;
    }

    /** Opens (and creates if needed) a store rooted at {@code root}. */
    public static FileArtifactStore open(Path root) throws IOException {
        Path absolute = root.toAbsolutePath().normalize();
        Files.createDirectories(absolute.resolve(OBJECTS));
        Files.createDirectories(absolute.resolve(TEMPORARY));
        return new FileArtifactStore(absolute);
    }

    /** The file that holds an artifact (whether or not it exists). */
    public Path pathOf(ArtifactDigest digest) {
        return root.resolve(OBJECTS).resolve(digest.hex().substring(0, 2)).resolve(digest.hex());
    }

    @Override
    public String location() {
        return root.toUri().toString();
    }

    @Override
    public String locationOf(ArtifactDigest digest) {
        return pathOf(digest).toString();
    }

    @Override
    public void put(ArtifactDigest digest, long sizeBytes, ArtifactContent content) throws IOException {
        try (Staged staged = copyAside(content, sizeBytes, digest.hex())) {
            HashingCopy.requireUploadMatches(digest, sizeBytes, staged.copied, locationOf(digest));
            staged.commit();
        }
    }

    /** Copies the content into the temporary area once, hashing it on the way; committing renames it into place. */
    @Override
    public StagedArtifact stage(ArtifactContent content, long maxBytes) throws IOException {
        return copyAside(content, maxBytes, "staged");
    }

    private Staged copyAside(ArtifactContent content, long maxBytes, String label) throws IOException {
        Path temporary = root.resolve(TEMPORARY).resolve(label + "." + UUID.randomUUID() + PARTIAL_SUFFIX);
        try (InputStream in = content.open();
             FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                     StandardOpenOption.WRITE)) {
            // Not forced yet: bytes a push turns out to hold already are discarded without ever reaching the disk.
            return new Staged(temporary, HashingCopy.copy(in, Channels.newOutputStream(channel), maxBytes));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    /** A durable copy in the temporary area; committing moves it under its address, closing deletes what is left. */
    private final class Staged implements StagedArtifact {
        private final Path temporary;
        private final HashingCopy.Copied copied;

        private Staged(Path temporary, HashingCopy.Copied copied) {
            this.temporary = temporary;
            this.copied = copied;
        }

        @Override
        public ArtifactDigest digest() {
            return copied.digest();
        }

        @Override
        public long sizeBytes() {
            return copied.sizeBytes();
        }

        @Override
        public void commit() throws IOException {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);   // fsync applies to the file, whichever descriptor asks
            }
            Path target = pathOf(copied.digest());
            Files.createDirectories(target.getParent());
            moveAtomically(temporary, target);
            fsyncDirectory(target.getParent());
        }

        @Override
        public void close() throws IOException {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public Optional<Long> sizeOf(ArtifactDigest digest) throws IOException {
        try {
            return Optional.of(Files.size(pathOf(digest)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void download(ArtifactDigest digest, Path target) throws IOException {
        Path source = pathOf(digest);
        try (InputStream in = Files.newInputStream(source);
             OutputStream out = Files.newOutputStream(target)) {
            HashingCopy.Copied copied = HashingCopy.copy(in, out, Long.MAX_VALUE);
            HashingCopy.requireDownloadMatches(digest, copied, source.toString());
        } catch (NoSuchFileException e) {
            throw new ModelNotFoundException("artifact " + digest + " is missing from the store: no file " + source
                    + ". If you still have the original file, push it again to restore it.", e);
        }
    }

    @Override
    public List<StoredArtifact> list() throws IOException {
        List<StoredArtifact> artifacts = new ArrayList<>();
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(root.resolve(OBJECTS))) {
            for (Path shard : shards) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(shard)) {
                    for (Path file : files) {
                        String name = file.getFileName().toString();
                        if (name.length() == 64 && name.startsWith(shard.getFileName().toString())) {
                            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                            artifacts.add(new StoredArtifact(new ArtifactDigest(name), attributes.size(),
                                    attributes.lastModifiedTime().toInstant()));
                        }
                    }
                }
            }
        }
        return artifacts;
    }

    @Override
    public List<PartialUpload> partialUploads() throws IOException {
        List<PartialUpload> partial = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(root.resolve(TEMPORARY), "*" + PARTIAL_SUFFIX)) {
            for (Path file : files) {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                    partial.add(new PartialUpload(file.getFileName().toString(), file.toString(), attributes.size(),
                            attributes.lastModifiedTime().toInstant()));
                } catch (NoSuchFileException finishedMeanwhile) {
                    // The upload completed (or failed and cleaned up) while we listed: not partial any more.
                }
            }
        }
        return partial;
    }

    @Override
    public void delete(ArtifactDigest digest) throws IOException {
        Files.deleteIfExists(pathOf(digest));
    }

    @Override
    public void discard(PartialUpload upload) throws IOException {
        Path file = root.resolve(TEMPORARY).resolve(upload.id()).normalize();
        if (!file.getParent().equals(root.resolve(TEMPORARY)) || !upload.id().endsWith(PARTIAL_SUFFIX)) {
            throw new IllegalArgumentException("not a partial upload of " + location() + ": " + upload.id());
        }
        Files.deleteIfExists(file);
    }

    @Override
    public void close() {
        // Nothing held open between calls.
    }

    private static void moveAtomically(Path source, Path target) throws IOException {
        try {
            // rename(2) replaces an existing target atomically; an identical object being replaced is harmless.
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the artifact store " + source.getParent().getParent() + " is on a file system "
                    + "without atomic rename; put it on a local file system", e);
        }
    }

    /** Makes the rename itself durable: without it a power cut can forget that the file was renamed. */
    private static void fsyncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
