package dev.brine.registry.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bytes to upload, opened afresh for every attempt so that a store may retry a failed request from the start.
 */
@FunctionalInterface
public interface ArtifactContent {

    InputStream open() throws IOException;

    static ArtifactContent of(Path file) {
        return () -> Files.newInputStream(file);
    }
}
