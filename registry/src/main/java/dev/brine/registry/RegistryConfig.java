package dev.brine.registry;

import dev.brine.registry.inspect.ArtifactInspector;
import dev.brine.registry.inspect.ArtifactScanner;
import dev.brine.registry.store.S3Settings;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@link Registry#open(RegistryConfig)} needs. Built with {@link #builder(String)}, or from the
 * environment the CLI sees with {@link #fromEnvironment(Map)}.
 *
 * @param metadata   where the metadata lives: a path or {@code sqlite:PATH},
 *                   {@code postgresql://user:pass@host:port/db}
 * @param artifacts  where artifacts live: {@code file:///dir} or a path, {@code s3://bucket/prefix}
 * @param cacheDir   where pulled artifacts are kept, by digest
 * @param inspector  what a version records about the model in its file
 * @param scanner    which files are refused as unsafe (unless the push allows them)
 * @param actor      who is acting, recorded with every version and alias move
 * @param s3         how to reach S3 when {@code artifacts} is an {@code s3://} URI
 */
public record RegistryConfig(String metadata, String artifacts, Path cacheDir, ArtifactInspector inspector,
                             ArtifactScanner scanner, String actor, S3Settings s3) {

    public RegistryConfig {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(artifacts, "artifacts");
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(inspector, "inspector");
        Objects.requireNonNull(scanner, "scanner");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(s3, "s3");
    }

    /** The default home of an embedded registry: {@code ~/.brine}. */
    public static Path defaultHome() {
        return Path.of(System.getProperty("user.home"), ".brine");
    }

    public static Builder builder(String metadata) {
        return new Builder(metadata);
    }

    /**
     * {@code BRINE_REGISTRY} (default {@code ~/.brine/registry.db}), {@code BRINE_ARTIFACTS} (default beside a
     * SQLite file), {@code BRINE_CACHE}, {@code BRINE_USER} (default the OS user), and the AWS variables of
     * {@link S3Settings#fromEnvironment}.
     */
    public static RegistryConfig fromEnvironment(Map<String, String> environment) {
        Builder builder = builder(Optional.ofNullable(environment.get("BRINE_REGISTRY")).filter(s -> !s.isBlank())
                .orElse(defaultHome().resolve("registry.db").toString()));
        Optional.ofNullable(environment.get("BRINE_ARTIFACTS")).filter(s -> !s.isBlank()).ifPresent(builder::artifacts);
        Optional.ofNullable(environment.get("BRINE_CACHE")).filter(s -> !s.isBlank())
                .ifPresent(dir -> builder.cacheDir(Path.of(dir)));
        Optional.ofNullable(environment.get("BRINE_USER")).filter(s -> !s.isBlank()).ifPresent(builder::actor);
        return builder.s3(S3Settings.fromEnvironment(environment)).build();
    }

    public static final class Builder {
        private final String metadata;
        private Optional<String> artifacts = Optional.empty();
        private Optional<Path> cacheDir = Optional.empty();
        private ArtifactInspector inspector = ArtifactInspector.byExtension();
        private ArtifactScanner scanner = ArtifactScanner.none();
        private String actor = System.getProperty("user.name", "unknown");
        private S3Settings s3 = S3Settings.fromEnvironment(Map.of());

        private Builder(String metadata) {
            this.metadata = metadata;
        }

        public Builder artifacts(String uri) {
            artifacts = Optional.of(uri);
            return this;
        }

        public Builder cacheDir(Path dir) {
            cacheDir = Optional.of(dir);
            return this;
        }

        public Builder inspector(ArtifactInspector value) {
            inspector = value;
            return this;
        }

        public Builder scanner(ArtifactScanner value) {
            scanner = value;
            return this;
        }

        public Builder actor(String value) {
            actor = value;
            return this;
        }

        public Builder s3(S3Settings value) {
            s3 = value;
            return this;
        }

        /**
         * Fills in the defaults that depend on the metadata location: a SQLite registry keeps its artifacts in
         * {@code artifacts/} and its cache in {@code cache/} beside the database file; a PostgreSQL registry is
         * shared between machines, so it has no default artifact store and caches under {@code ~/.brine/cache}.
         */
        public RegistryConfig build() {
            MetadataLocation location = MetadataLocation.parse(metadata);
            Path home = location instanceof MetadataLocation.Sqlite sqlite
                    ? sqlite.file().getParent() : defaultHome();
            String artifactStore = artifacts.orElseGet(() -> switch (location) {
                case MetadataLocation.Sqlite ignored -> home.resolve("artifacts").toUri().toString();
                case MetadataLocation.Postgres ignored -> throw new IllegalArgumentException("a PostgreSQL "
                        + "registry is shared by several machines, so it needs an artifact store they all reach: "
                        + "give --artifacts s3://bucket/prefix or file:///shared/dir (or BRINE_ARTIFACTS)");
            });
            return new RegistryConfig(metadata, artifactStore, cacheDir.orElse(home.resolve("cache")), inspector,
                    scanner, actor, s3);
        }
    }
}
