package dev.brine.registry.inspect;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Decides whether a pushed file is safe to load. The registry refuses an {@link ScanVerdict.Safety#UNSAFE} file
 * unless the push says {@code allowUnsafe}, and records the verdict on the version either way. The default,
 * {@link #none()}, looks at nothing; the CLI plugs in core's {@code scan}.
 */
@FunctionalInterface
public interface ArtifactScanner {

    ScanVerdict scan(Path file) throws IOException;

    static ArtifactScanner none() {
        return file -> ScanVerdict.notScanned();
    }
}
