package dev.brine.server;

import dev.brine.core.model.LoadOptions;
import dev.brine.core.model.Model;
import dev.brine.registry.ModelUri;
import dev.brine.registry.Registry;

import java.nio.file.Path;

/**
 * Where a served model comes from. The server asks for the {@link #revision()} every poll interval (cheap: a file
 * stat, a registry lookup) and calls {@link #load} only when it changed; the loaded model is checked before it takes
 * traffic, and a load that throws leaves the previous version serving.
 *
 * <p>Implementations must be safe to call from the server's reload thread while requests are served; they are
 * never called concurrently with themselves.
 */
public interface ModelSource {

    /** Where the model comes from, for logs and metadata: {@code file:/srv/iris.brine}, {@code models:/iris@prod}. */
    String description();

    /** What the source points at now. Throws when it cannot tell (file missing, registry down). */
    Revision revision();

    /**
     * Loads the model of {@code revision}. Throws a {@link dev.brine.core.BrineException} (or any runtime
     * exception) when the model cannot be loaded or is damaged, and {@link SourceChangedException} when the source
     * moved on while loading, so that the next poll loads the newer revision instead.
     */
    Model load(Revision revision);

    /** A model file, reloaded when it is replaced. {@code .brine} files are verified (SHA-256 per tensor) first. */
    static ModelSource file(Path path) {
        return new FileModelSource(path, LoadOptions.DEFAULTS);
    }

    static ModelSource file(Path path, LoadOptions options) {
        return new FileModelSource(path, options);
    }

    /**
     * A registry reference, {@code models:/NAME@ALIAS} (follows the alias as it moves), {@code models:/NAME/latest}
     * or {@code models:/NAME/VERSION}, served with the registry's version numbers.
     */
    static ModelSource registry(Registry registry, String uri) {
        return registry(registry, uri, LoadOptions.DEFAULTS);
    }

    static ModelSource registry(Registry registry, String uri, LoadOptions options) {
        return new RegistryModelSource(registry, ModelUri.parse(uri), options);
    }

    /** A model already in memory, served as version {@code version} and never reloaded. */
    static ModelSource of(Model model, String version) {
        return new FixedModelSource(model, version);
    }
}
