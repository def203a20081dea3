package dev.brine.registry.store;

import dev.brine.core.ModelNotFoundException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.time.Instant;

/**
 * Artifacts in a local directory: {@code ROOT/sha256/ab/abcdef…} for complete objects, {@code ROOT/tmp/} for uploads
 * in progress, {@code ROOT/quarantine/} for objects found damaged (kept for inspection, never served). A write goes to a temporary file in the same file system, is hashed while written, then (when
 * committed) fsynced and renamed into place (then the directory is fsynced), so a crash leaves either nothing or the whole object under
 * its address, and at worst a temporary file that {@code gc} discards.
 */
public final class FileArtifactStore implements ArtifactStore {

    private static final String OBJECTS = "sha256";
    private static final String TEMPORARY = "tmp";
    private static final String QUARANTINE = "quarantine";

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
        try (Staged staged = copyAside(content, sizeBytes, digest.hex(), digest.hex())) {
            HashingCopy.requireUploadMatches(digest, sizeBytes, staged.copy.copied(), locationOf(digest));
            staged.commit();
        }
    }

    /**
     * Copies the content into the temporary area once, hashing it on the way; committing renames it into place. The
     * scratch directory is not needed: the temporary area is on the store's own file system.
     */
    @Override
    public StagedArtifact stage(ArtifactContent content, long maxBytes, String fileName, Path scratchDirectory)
            throws IOException {
        return copyAside(content, maxBytes, "staged", fileName);
    }

    private Staged copyAside(ArtifactContent content, long maxBytes, String label, String fileName)
            throws IOException {
        return new Staged(LocalCopy.of(content, maxBytes, root.resolve(TEMPORARY), label, fileName));
    }

    /** A copy in the temporary area; committing moves it, durably, under its address; closing deletes what is left. */
    private final class Staged implements StagedArtifact {
        private final LocalCopy copy;

        private Staged(LocalCopy copy) {
            this.copy = copy;
        }

        @Override
        public ArtifactDigest digest() {
            return copy.copied().digest();
        }

        @Override
        public long sizeBytes() {
            return copy.copied().sizeBytes();
        }

        @Override
        public Path file() {
            return copy.file();
        }

        @Override
        public void commit() throws IOException {
            try (FileChannel channel = FileChannel.open(copy.file(), StandardOpenOption.WRITE)) {
                channel.force(true);   // fsync applies to the file, whichever descriptor asks
            }
            Path target = pathOf(digest());
            Files.createDirectories(target.getParent());
            moveAtomically(copy.file(), target);
            copy.close();   // the staging directory, now empty: nothing of a committed push stays in tmp/
            fsyncDirectory(target.getParent());
        }

        @Override
        public void close() throws IOException {
            copy.close();
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
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root.resolve(TEMPORARY),
                "*" + LocalCopy.PARTIAL_SUFFIX)) {
            for (Path entry : entries) {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class);
                    partial.add(new PartialUpload(entry.getFileName().toString(), entry.toString(),
                            attributes.isDirectory() ? bytesIn(entry) : attributes.size(),
                            attributes.lastModifiedTime().toInstant()));
                } catch (NoSuchFileException finishedMeanwhile) {
                    // The upload completed (or failed and cleaned up) while we listed: not partial any more.
                }
            }
        }
        return partial;
    }

    /** The bytes of the files in a staging directory (one, unless someone put more there). */
    private static long bytesIn(Path directory) throws IOException {
        long bytes = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                bytes += Files.size(file);
            }
        }
        return bytes;
    }

    @Override
    public void delete(ArtifactDigest digest) throws IOException {
        Files.deleteIfExists(pathOf(digest));
    }

    @Override
    public void discard(PartialUpload upload) throws IOException {
        Path entry = root.resolve(TEMPORARY).resolve(upload.id()).normalize();
        if (!entry.getParent().equals(root.resolve(TEMPORARY)) || !upload.id().endsWith(LocalCopy.PARTIAL_SUFFIX)) {
            throw new IllegalArgumentException("not a partial upload of " + location() + ": " + upload.id());
        }
        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(entry)) {
                for (Path file : files) {
                    Files.deleteIfExists(file);
                }
            }
        }
        Files.deleteIfExists(entry);
    }

    /** Moves the object to {@code ROOT/quarantine/<hex>.<millis>}, with the reason in a {@code .json} note beside it. */
    @Override
    public Optional<String> quarantine(ArtifactDigest digest, String reason) throws IOException {
        Path quarantine = root.resolve(QUARANTINE);
        Files.createDirectories(quarantine);
        Instant now = Instant.now();
        Path target = quarantine.resolve(digest.hex() + "." + now.toEpochMilli());
        try {
            moveAtomically(pathOf(digest), target);
        } catch (NoSuchFileException alreadyMoved) {
            return Optional.empty();
        }
        Files.writeString(quarantine.resolve(target.getFileName() + ".json"),
                QuarantineNote.of(digest, locationOf(digest), now, reason).toPrettyString());
        fsyncDirectory(pathOf(digest).getParent());
        fsyncDirectory(quarantine);
        return Optional.of(target.toString());
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
