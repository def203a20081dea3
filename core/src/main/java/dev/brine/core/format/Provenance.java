package dev.brine.core.format;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a {@code .brine} file came from: the Brine and JDK that wrote it, when, and, for a converted file, the
 * source format, file name and SHA-256; for a model trained further from a saved one, that parent file and digest.
 */
public record Provenance(String brineVersion, String jdk, Instant createdAt, Optional<String> sourceFormat,
                         Optional<String> sourceFile, Optional<String> sourceSha256, Optional<String> parentFile,
                         Optional<String> parentSha256) {

    /** Provenance of a file written now by this Brine, with no source or parent. */
    public static Provenance now() {
        return new Provenance(dev.brine.core.BrineVersion.current(), Runtime.version().toString(), Instant.now(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public Provenance withSource(String format, String file, String sha256) {
        return new Provenance(brineVersion, jdk, createdAt, Optional.of(format), Optional.ofNullable(file),
                Optional.ofNullable(sha256), parentFile, parentSha256);
    }

    public Provenance withParent(String file, String sha256) {
        return new Provenance(brineVersion, jdk, createdAt, sourceFormat, sourceFile, sourceSha256,
                Optional.ofNullable(file), Optional.ofNullable(sha256));
    }
}
