package dev.brine.core.format;

import dev.brine.core.Limits;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;

/** The three ways a safetensors file reaches Brine; every reader test runs under each. */
enum ReadMode {
    /** {@link SafetensorsFile#open}: the file is mapped. */
    MAPPED,
    /** {@link SafetensorsFile#read} from a buffered, non-seekable stream. */
    STREAM,
    /** {@link SafetensorsFile#read} from a stream that returns one byte per call. */
    TRICKLE;

    SafetensorsFile read(Path path, Limits limits, Arena arena) {
        if (this == MAPPED) {
            return SafetensorsFile.open(path, limits, arena);
        }
        try (InputStream file = Files.newInputStream(path)) {
            InputStream buffered = new BufferedInputStream(file);
            InputStream in = this == STREAM ? buffered : new TricklingInputStream(buffered);
            return SafetensorsFile.read(in, path.toString(), limits, arena);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
