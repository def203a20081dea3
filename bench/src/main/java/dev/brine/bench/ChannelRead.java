package dev.brine.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The Java side of the sequential-read limit: a {@link FileChannel} read loop into one reused direct buffer. */
public final class ChannelRead {
    /** cat's own buffer is 128 KiB; a bigger one lets the JVM pay its per-call cost less often. */
    private static final int BUFFER_BYTES = 1 << 20;

    private ChannelRead() {
    }

    /** Reads the whole file; returns the number of bytes read. */
    public static long readAll(Path file) {
        try (Arena arena = Arena.ofConfined();
             FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = arena.allocate(BUFFER_BYTES, 4096).asByteBuffer();
            long total = 0;
            for (int read; (read = channel.read(buffer)) >= 0; buffer.clear()) {
                total += read;
            }
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
