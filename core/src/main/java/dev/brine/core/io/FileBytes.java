package dev.brine.core.io;

import dev.brine.core.ModelNotFoundException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A whole file as one read-only memory mapping: the readers slice it for tensors, so nothing is copied and the
 * Java heap does not grow with the file. The mapping lives as long as any slice of it is reachable.
 */
public final class FileBytes {

    private FileBytes() {
    }

    public static MemorySegment map(Path path) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size == 0) {
                return MemorySegment.ofArray(new byte[0]);
            }
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, size, Arena.ofAuto());
        } catch (NoSuchFileException e) {
            throw new ModelNotFoundException("no file " + path + ": check the path.");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** The first {@code count} bytes (fewer for a short file), for format detection. */
    public static byte[] head(Path path, int count) {
        try (var in = Files.newInputStream(path)) {
            return in.readNBytes(count);
        } catch (NoSuchFileException e) {
            throw new ModelNotFoundException("no file " + path + ": check the path.");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
