package dev.brine.registry;

import dev.brine.core.CorruptModelException;
import dev.brine.registry.store.ArtifactDigest;
import dev.brine.registry.store.ArtifactStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Pulled artifacts on local disk, keyed by digest ({@code CACHE/sha256/<hex>.<ext>}, the extension kept so that
 * readers that go by it still work). A cached file is hashed again before every use: a file changed or damaged on
 * disk is downloaded afresh rather than trusted.
 */
final class PullCache {

    private final Path directory;

    PullCache(Path directory) {
        this.directory = directory.toAbsolutePath().normalize().resolve("sha256");
    }

    /** The verified local copy of a version's artifact, downloading it if needed. */
    Path fetch(ModelVersion version, ArtifactStore store) throws IOException {
        ArtifactDigest digest = version.digest();
        Path cached = directory.resolve(digest.hex() + extensionOf(version.fileName()));
        if (Files.isRegularFile(cached)) {
            if (ArtifactDigest.ofFile(cached).equals(digest)) {
                return cached;
            }
            Files.delete(cached);
        }
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, digest.hex(), ".partial");
        try {
            try {
                store.download(digest, temporary);
            } catch (CorruptModelException damaged) {
                // The whole file's digest failed; for a .brine file, its own digests say which tensors changed.
                throw new CorruptModelException(damaged.getMessage() + TensorIntegrity.damagedTensors(temporary),
                        damaged);
            }
            temporary.toFile().setReadOnly();
            // Concurrent pulls of the same digest each rename a verified copy; the last one wins, all are equal.
            Files.move(temporary, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return cached;
    }

    private static String extensionOf(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String extension = dot <= 0 ? "" : fileName.substring(dot).toLowerCase(Locale.ROOT);
        return extension.matches("\\.[a-z0-9]{1,12}") ? extension : "";
    }
}
