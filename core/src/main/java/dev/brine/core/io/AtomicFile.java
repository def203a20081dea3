package dev.brine.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * Writes a file so that a crash at any instant leaves either the previous file or the complete new one under the
 * target name: the bytes go to a temporary file in the target's directory, which is fsynced, renamed over the target
 * and followed by an fsync of the directory (so the rename itself survives a power cut).
 *
 * <pre>{@code
 * try (AtomicFile file = AtomicFile.create(target)) {
 *     write(file.channel());
 *     file.commit();
 * }   // without commit(), close() deletes the temporary file and the target is untouched
 * }</pre>
 *
 * A process killed with {@code kill -9} can leave its temporary file ({@code .NAME.*.tmp}) behind, never a partial
 * target.
 */
public final class AtomicFile implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path target;
    private final Path temporary;
    private final FileChannel channel;
    private boolean committed;

    private AtomicFile(Path target, Path temporary, FileChannel channel) {
        this.target = target;
        this.temporary = temporary;
        this.channel = channel;
    }

    public static AtomicFile create(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Files.createDirectories(directory);
        Path temporary = directory.resolve("." + absolute.getFileName() + "."
                + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
        // Not Files.createTempFile: its files are owner-only (0600), and the rename would give the model file those
        // permissions. CREATE_NEW (O_EXCL) gives the usual ones (umask) and never follows a planted link.
        FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return new AtomicFile(absolute, temporary, channel);
    }

    /** The channel onto the temporary file, positioned at 0. */
    public FileChannel channel() {
        return channel;
    }

    public Path target() {
        return target;
    }

    /** Makes the written bytes durable and puts them under the target name in one atomic step. */
    public void commit() throws IOException {
        channel.force(true);
        channel.close();
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + target + " cannot rename atomically; Brine refuses to"
                    + " write model files where a crash could leave a partial file", e);
        }
        committed = true;
        syncDirectory(target.getParent());
    }

    /** Makes a rename or creation inside {@code directory} durable. Not every platform allows it; Linux does. */
    public static void syncDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e;
            }
        }
    }

    /** Writes {@code bytes} atomically to {@code target}. */
    public static void write(Path target, byte[] bytes) {
        try (AtomicFile file = create(target)) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                file.channel().write(buffer);
            }
            file.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            try {
                channel.close();
            } finally {
                Files.deleteIfExists(temporary);
            }
        }
    }
}
