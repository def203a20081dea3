package dev.brine.registry.inspect;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Tells the registry what a pushed file holds. The registry calls it once per push, before anything is stored; an
 * exception from it ({@link dev.brine.core.CorruptModelException}, {@link dev.brine.core.UnsupportedModelException})
 * refuses the push. {@link #byExtension()} is the default; the CLI plugs in core's {@code inspect}.
 */
@FunctionalInterface
public interface ArtifactInspector {

    ArtifactDescription inspect(Path file) throws IOException;

    /** Records only what the file name and size say; never opens the file. */
    static ArtifactInspector byExtension() {
        return ExtensionInspector.INSTANCE;
    }
}
