package dev.brine.registry.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;

/** Opens the artifact store a URI names: {@code file:///dir} (or a plain path), {@code s3://bucket/prefix}. */
public final class ArtifactStores {

    private ArtifactStores() {
    }

    public static ArtifactStore open(String uri, S3Settings s3) {
        String text = uri.strip();
        try {
            if (text.startsWith("s3://")) {
                URI parsed = URI.create(text);
                String bucket = parsed.getHost();
                if (bucket == null || bucket.isEmpty()) {
                    throw new IllegalArgumentException("artifact store '" + text + "' names no bucket; write "
                            + "s3://bucket/prefix");
                }
                String path = parsed.getPath() == null ? "" : parsed.getPath();
                return S3ArtifactStore.open(bucket, path.startsWith("/") ? path.substring(1) : path, s3);
            }
            if (text.startsWith("file:")) {
                return FileArtifactStore.open(Path.of(URI.create(text)));
            }
            if (text.matches("^[a-zA-Z][a-zA-Z0-9+.-]+://.*")) {
                throw new IllegalArgumentException("unsupported artifact store '" + text + "': use file:///dir or "
                        + "s3://bucket/prefix");
            }
            return FileArtifactStore.open(Path.of(text));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the artifact store " + text, e);
        }
    }
}
