package dev.brine.registry.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Bytes read once from their source into a directory of their own on local disk, {@code PARENT/<label>.<uuid>.partial/
 * <fileName>}, hashed on the way. The file keeps the name it had (readers that go by the extension still recognise
 * it), and the directory keeps concurrent copies of equally named files apart. Closing deletes whatever is left.
 */
final class LocalCopy implements AutoCloseable {
    static final String PARTIAL_SUFFIX = ".partial";

    private final Path directory;
    private final Path file;
    private final HashingCopy.Copied copied;

    private LocalCopy(Path directory, Path file, HashingCopy.Copied copied) {
        this.directory = directory;
        this.file = file;
        this.copied = copied;
    }

    /** Copies at most {@code maxBytes} (plus one, to notice a source that grew) of {@code content}. */
    static LocalCopy of(ArtifactContent content, long maxBytes, Path parent, String label, String fileName)
            throws IOException {
        Files.createDirectories(parent);
        Path directory = Files.createDirectory(parent.resolve(label + "." + UUID.randomUUID() + PARTIAL_SUFFIX));
        Path file = directory.resolve(safeName(fileName));
        try (InputStream in = content.open();
             FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            // Not forced yet: bytes a push turns out to hold already are discarded without ever reaching the disk.
            return new LocalCopy(directory, file, HashingCopy.copy(in, Channels.newOutputStream(channel), maxBytes));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            Files.deleteIfExists(directory);
            throw e;
        }
    }

    /** One path segment: the name itself when it is one, else a neutral name. */
    private static String safeName(String fileName) {
        boolean plain = !fileName.isEmpty() && !fileName.equals(".") && !fileName.equals("..")
                && fileName.indexOf('/') < 0 && fileName.indexOf('\\') < 0 && fileName.indexOf('\0') < 0;
        return plain ? fileName : "artifact";
    }

    Path file() {
        return file;
    }

    HashingCopy.Copied copied() {
        return copied;
    }

    /** Deletes the directory and what is in it (a file already moved away is simply not there any more). */
    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(directory);
    }
}
