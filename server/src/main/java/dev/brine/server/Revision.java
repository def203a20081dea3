package dev.brine.server;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link ModelSource} points at right now, found without loading the model: two equal revisions mean
 * nothing changed. {@code version} is the label clients see ({@code model_version}, {@code /versions/{v}}); a source
 * without version numbers of its own (a file) leaves it empty and the server numbers its loads 1, 2, 3…
 *
 * @param version     the version label, e.g. the registry's version number
 * @param fingerprint what identifies the content cheaply: a file's inode, size and modification time; a registry
 *                    version's digest
 */
public record Revision(Optional<String> version, String fingerprint) {

    public Revision {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    public static Revision unversioned(String fingerprint) {
        return new Revision(Optional.empty(), fingerprint);
    }

    public static Revision of(String version, String fingerprint) {
        return new Revision(Optional.of(version), fingerprint);
    }
}
