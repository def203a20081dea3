package dev.brine.server;

import dev.brine.core.Models;
import dev.brine.core.model.LoadOptions;
import dev.brine.core.model.Model;
import dev.brine.registry.ModelUri;
import dev.brine.registry.ModelVersion;
import dev.brine.registry.Registry;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A registry reference ({@code models:/NAME@ALIAS}, {@code models:/NAME/latest}, {@code models:/NAME/3}). Its
 * revision is the version it resolves to now, with that version's digest; when an alias moves, the new version is
 * pulled into the registry's cache (verified against its digest) and loaded from there. Versions are immutable, so a
 * version once pulled cannot change under the server. The registry stays open for the server's life; whoever opened
 * it closes it after stopping the server.
 */
record RegistryModelSource(Registry registry, ModelUri uri, LoadOptions options) implements ModelSource {

    RegistryModelSource {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(options, "options");
    }

    @Override
    public String description() {
        return uri.toString();
    }

    @Override
    public Revision revision() {
        ModelVersion version = registry.resolve(uri);
        return Revision.of(Long.toString(version.version()), version.digest().toString());
    }

    @Override
    public Model load(Revision revision) {
        // Pull the exact version the revision names: the alias may have moved again since.
        ModelUri exact = ModelUri.version(uri.name(), Long.parseLong(revision.version().orElseThrow()));
        Path artifact = registry.pull(exact);
        return Models.load(artifact, options);
    }
}
