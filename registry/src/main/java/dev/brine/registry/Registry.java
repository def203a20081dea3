package dev.brine.registry;

import dev.brine.core.CorruptModelException;
import dev.brine.core.ModelNotFoundException;
import dev.brine.core.UnsafeModelException;
import dev.brine.registry.inspect.ArtifactDescription;
import dev.brine.registry.inspect.ScanVerdict;
import dev.brine.registry.store.ArtifactContent;
import dev.brine.registry.store.ArtifactDigest;
import dev.brine.registry.store.ArtifactStore;
import dev.brine.registry.store.ArtifactStores;
import dev.brine.registry.store.StagedArtifact;
import dev.brine.registry.store.PartialUpload;
import dev.brine.registry.store.StoredArtifact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The model registry (issue 7): named models with immutable, content-addressed versions, aliases that move
 * atomically with their history, tags, metrics and lineage. Metadata lives in SQLite or PostgreSQL, artifacts in
 * a directory or an S3 bucket.
 *
 * <p>A push uploads the artifact first, under its SHA-256, then commits the version in one transaction that
 * takes the next number from the model's counter row under its lock. A push that dies before the commit leaves no
 * version, only bytes that {@link #gc} finds; a committed version always has its complete artifact.
 *
 * <p>An instance holds one database connection and is safe to share between threads (calls take turns).
 */
public final class Registry implements AutoCloseable {

    /** How often a push re-uploads an artifact that gc removed between upload and commit before giving up. */
    private static final int PUSH_ATTEMPTS = 10;
    private static final int MAX_LINEAGE_DEPTH = 1_000;

    private final RegistryConfig config;
    private final Database database;
    private final MetadataStore metadata;
    private final ArtifactStore artifacts;
    private final PullCache cache;

    private Registry(RegistryConfig config, Database database, ArtifactStore artifacts) {
        this.config = config;
        this.database = database;
        this.metadata = new MetadataStore(database.display());
        this.artifacts = artifacts;
        this.cache = new PullCache(config.cacheDir());
    }

    /** Opens the registry at a metadata location (a path, {@code sqlite:PATH}, {@code postgresql://…}). */
    public static Registry open(String metadataLocation) {
        return open(RegistryConfig.builder(metadataLocation).build());
    }

    /** Opens a registry, creating its schema (and, for SQLite, its file) on first use. */
    public static Registry open(RegistryConfig config) {
        Database database = Database.open(MetadataLocation.parse(config.metadata()));
        try {
            return new Registry(config, database, ArtifactStores.open(config.artifacts(), config.s3()));
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** Where the metadata lives (without password). */
    public String location() {
        return database.display();
    }

    /** Where the artifacts live. */
    public String artifactLocation() {
        return artifacts.location();
    }

    // ---- push ---------------------------------------------------------------------------------------------------

    /**
     * Registers {@code file} as the next version of {@code request.name()} (creating the model on first push).
     * Identical bytes already live in the model give back that version ({@link PushResult#created()} false)
     * unless {@code forceNew}; the request's aliases are then moved to it, nothing else changes.
     *
     * @throws UnsafeModelException if the scanner finds the file unsafe and the request does not allow it
     */
    public PushResult push(Path file, PushRequest request) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new ModelNotFoundException("cannot push " + file + ": "
                        + (Files.exists(file) ? "not a regular file" : "no such file"));
            }
            long sizeBytes = Files.size(file);
            // The file is read once, into the store's staging area, hashed on the way; the scanner, the integrity
            // check and the inspector all read that copy, and that copy is what gets committed.
            try (StagedArtifact staged = artifacts.stage(ArtifactContent.of(file), sizeBytes,
                    file.getFileName().toString(), stagingDirectory())) {
                if (staged.sizeBytes() != sizeBytes) {
                    throw new CorruptModelException("push of " + file + " refused: it was " + sizeBytes + " bytes "
                            + "when the push began and " + (staged.sizeBytes() > sizeBytes ? "grew" : "shrank")
                            + " while it was read; push it again once it is stable.");
                }
                Path copy = staged.file();
                ScanVerdict verdict = config.scanner().scan(copy);
                if (verdict.safety() == ScanVerdict.Safety.UNSAFE && !request.allowUnsafe()) {
                    throw new UnsafeModelException(file + " is unsafe to load: "
                            + String.join("; ", verdict.findings()) + ". The registry refuses it; push with"
                            + " --allow-unsafe (allowUnsafe) only if you trust where it came from — the version will"
                            + " record that you did.");
                }
                if (request.verify()) {
                    TensorIntegrity.requireIntact(copy, file);
                } else {
                    TensorIntegrity.warnUnchecked(copy, file);
                }
                ArtifactDigest digest = staged.digest();
                if (!request.forceNew()) {
                    Optional<PushResult> existing = database.write(tx -> existingVersion(tx, request, digest));
                    if (existing.isPresent()) {
                        if (!artifacts.sizeOf(digest).equals(Optional.of(sizeBytes))) {
                            // The version's bytes went missing from the store: this push restores them.
                            staged.commit();
                        }
                        return existing.get();
                    }
                }
                ArtifactDescription description = config.inspector().inspect(copy);
                String fileName = request.fileName().orElse(file.getFileName().toString());
                return uploadAndCommit(file, staged, request, description, verdict, fileName);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("push of " + file + " to " + location() + " failed: " + e.getMessage(), e);
        }
    }

    /** Where stores that keep nothing aside themselves (S3) stage a push: beside the pull cache, on local disk. */
    private Path stagingDirectory() {
        return config.cacheDir().toAbsolutePath().normalize().resolve("staging");
    }

    private PushResult uploadAndCommit(Path file, StagedArtifact staged, PushRequest request,
                                       ArtifactDescription description, ScanVerdict verdict, String fileName)
            throws IOException {
        ArtifactDigest digest = staged.digest();
        long sizeBytes = staged.sizeBytes();
        for (int attempt = 1; ; attempt++) {
            if (!artifacts.sizeOf(digest).equals(Optional.of(sizeBytes))) {
                if (attempt == 1) {
                    staged.commit();
                } else {
                    artifacts.put(digest, sizeBytes, ArtifactContent.of(file));
                }
            }
            try {
                return database.write(tx -> commitPush(tx, request, digest, sizeBytes, description, verdict,
                        fileName));
            } catch (ArtifactNotStored | ArtifactBeingCollected raced) {
                // gc removed (or is removing) the bytes between our upload and our commit: upload again.
                if (attempt >= PUSH_ATTEMPTS) {
                    throw new RegistryConflictException("push of " + file + " gave up after " + attempt
                            + " attempts: gc kept removing " + digest + " from " + artifacts.location()
                            + " before the version could be committed; retry once gc has finished");
                }
                pause(attempt);
            }
        }
    }

    /** The live version with these bytes, its aliases moved as the request asks; empty if there is none. */
    private Optional<PushResult> existingVersion(Tx tx, PushRequest request, ArtifactDigest digest)
            throws SQLException {
        if (!hasModel(tx, request.name())) {
            return Optional.empty();
        }
        metadata.lockModel(tx, request.name());
        Optional<Long> existing = metadata.liveVersionWithDigest(tx, request.name(), digest);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        Instant now = now();
        for (String alias : request.aliases()) {
            metadata.moveAlias(tx, request.name(), alias, existing.get(), AliasMove.Kind.MOVE, Optional.empty(),
                    config.actor(), now);
        }
        return Optional.of(new PushResult(metadata.version(tx, request.name(), existing.get()), false));
    }

    private static boolean hasModel(Tx tx, String name) throws SQLException {
        return tx.queryOne("SELECT 1 FROM registered_models WHERE name = ?", row -> true, name).isPresent();
    }

    private PushResult commitPush(Tx tx, PushRequest request, ArtifactDigest digest, long sizeBytes,
                                  ArtifactDescription description, ScanVerdict verdict, String fileName)
            throws SQLException, IOException {
        Instant now = now();
        String name = request.name();
        metadata.ensureModel(tx, name, config.actor(), now);
        metadata.lockModel(tx, name);
        if (!request.forceNew()) {
            // Another process may have pushed the same bytes since we looked; the model lock makes this final.
            Optional<PushResult> existing = existingVersion(tx, request, digest);
            if (existing.isPresent()) {
                return existing.get();
            }
        }
        switch (metadata.lockArtifact(tx, digest, sizeBytes, now)) {
            case COLLECTING -> throw new ArtifactBeingCollected();
            case PRESENT, GONE -> {
                // With the artifact row locked, gc cannot start deleting it; make sure it has not already done so.
                if (!artifacts.sizeOf(digest).equals(Optional.of(sizeBytes))) {
                    throw new ArtifactNotStored();
                }
            }
        }
        metadata.setArtifactState(tx, digest, MetadataStore.ArtifactState.PRESENT, sizeBytes);
        Optional<ModelUri> parent = request.parent().isPresent()
                ? Optional.of(metadata.resolve(tx, request.parent().get()).uri()) : Optional.empty();
        Lineage lineage = new Lineage(parent, request.relation(), request.dataRef(), request.sourceRun());
        long version = metadata.takeVersionNumber(tx, name, now);
        metadata.insertVersion(tx, new MetadataStore.NewVersion(name, version, digest, sizeBytes, fileName,
                description.format(), description.modelType(), description.signature(), description.manifest(),
                verdict, request.description(), lineage, config.actor(), now));
        ModelVersion inserted = metadata.version(tx, name, version);
        for (Map.Entry<String, String> tag : request.tags().entrySet()) {
            metadata.setVersionTag(tx, inserted, tag.getKey(), Optional.of(tag.getValue()));
        }
        for (Map.Entry<String, Double> metric : request.metrics().entrySet()) {
            metadata.logMetric(tx, inserted, new MetricPoint(metric.getKey(), metric.getValue(), 0, now));
        }
        for (String alias : request.aliases()) {
            metadata.moveAlias(tx, name, alias, version, AliasMove.Kind.MOVE, Optional.empty(), config.actor(), now);
        }
        return new PushResult(metadata.version(tx, name, version), true);
    }

    /** Thrown inside the commit transaction (rolling it back) when the artifact vanished after upload. */
    private static final class ArtifactNotStored extends RuntimeException {
        ArtifactNotStored() {
            super(null, null, false, false);
        }
    }

    /** Thrown inside the commit transaction when gc has claimed the artifact; the push waits and uploads again. */
    private static final class ArtifactBeingCollected extends RuntimeException {
        ArtifactBeingCollected() {
            super(null, null, false, false);
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(50L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for gc to finish", e);
        }
    }

    // ---- reading ------------------------------------------------------------------------------------------------

    /** The live version a reference means; unknown models, versions and aliases say what exists instead. */
    public ModelVersion resolve(ModelUri uri) {
        return database.read(tx -> metadata.resolve(tx, uri));
    }

    /** {@link #resolve(ModelUri)} of {@code models:/NAME/3}, {@code models:/NAME@prod}, {@code models:/NAME/latest}. */
    public ModelVersion resolve(String uri) {
        return resolve(ModelUri.parse(uri));
    }

    /** A version in any state (live, deleted or purged). */
    public ModelVersion version(String name, long version) {
        Names.requireModelName(name);
        return database.read(tx -> metadata.version(tx, name, version));
    }

    public List<RegisteredModel> models() {
        return database.read(tx -> metadata.models(tx, Optional.empty()));
    }

    public RegisteredModel model(String name) {
        Names.requireModelName(name);
        return database.read(tx -> metadata.model(tx, name));
    }

    /** The model's versions, oldest first; with {@code includeDeleted}, soft-deleted ones too. */
    public List<ModelVersion> versions(String name, boolean includeDeleted) {
        Names.requireModelName(name);
        return database.read(tx -> metadata.versionsOf(tx, name, includeDeleted));
    }

    public List<ModelVersion> search(SearchQuery query) {
        return database.read(tx -> metadata.search(tx, query));
    }

    public List<MetricPoint> metrics(ModelUri uri) {
        return database.read(tx -> metadata.metrics(tx, metadata.resolve(tx, uri)));
    }

    /** The version's ancestors through its lineage parents, nearest first. */
    public List<ModelVersion> lineage(ModelUri uri) {
        return database.read(tx -> metadata.ancestry(tx, metadata.resolve(tx, uri), MAX_LINEAGE_DEPTH));
    }

    /**
     * The local copy of a version's artifact in the pull cache, downloaded if needed and verified against its
     * digest before it is returned. Do not modify it; copy it with {@link #pull(ModelUri, Path)} instead.
     */
    public Path pull(ModelUri uri) {
        ModelVersion version = resolve(uri);
        try {
            return fetch(version);
        } catch (IOException e) {
            throw new UncheckedIOException("pull of " + version.uri() + " from " + artifacts.location()
                    + " failed: " + e.getMessage(), e);
        }
    }

    /** Writes a version's verified artifact to {@code target} atomically (temporary file, then rename). */
    public ModelVersion pull(ModelUri uri, Path target) {
        ModelVersion version = resolve(uri);
        try {
            Path cached = fetch(version);
            Path directory = target.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, "." + target.getFileName(), ".partial");
            try {
                Files.copy(cached, temporary, StandardCopyOption.REPLACE_EXISTING);
                temporary.toFile().setWritable(true);
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException("pull of " + version.uri() + " to " + target + " failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The verified local copy of a version's artifact. A stored object whose bytes do not hash to its address is
     * quarantined (moved aside with a note, its artifact recorded as gone) so that no one is served it again, and
     * the pull fails with {@link CorruptModelException}; pushing the original file restores the version's bytes.
     */
    private Path fetch(ModelVersion version) throws IOException {
        try {
            return cache.fetch(version, artifacts);
        } catch (CorruptModelException damaged) {
            ArtifactDigest digest = version.digest();
            Optional<String> movedTo = artifacts.quarantine(digest, damaged.getMessage());
            database.write(tx -> {
                metadata.lockArtifact(tx, digest, version.sizeBytes(), now());
                metadata.setArtifactState(tx, digest, MetadataStore.ArtifactState.GONE, version.sizeBytes());
                return null;
            });
            throw new CorruptModelException("pull of " + version.uri() + " refused: " + damaged.getMessage()
                    + movedTo.map(where -> " The damaged object was moved aside to " + where + " and will not be"
                            + " served again.").orElse(" Another pull has already moved the damaged object aside.")
                    + " Push the original file again to restore the version's bytes (it keeps its number).",
                    damaged);
        }
    }

    // ---- aliases ------------------------------------------------------------------------------------------------

    /** Points {@code alias} at a live version, atomically, recording who moved it from where. */
    public AliasMove setAlias(String name, String alias, long version) {
        Names.requireModelName(name);
        Names.requireAlias(alias);
        return database.write(tx -> metadata.moveAlias(tx, name, alias, version, AliasMove.Kind.MOVE,
                Optional.empty(), config.actor(), now()));
    }

    public AliasMove removeAlias(String name, String alias) {
        Names.requireModelName(name);
        Names.requireAlias(alias);
        return database.write(tx -> metadata.removeAlias(tx, name, alias, config.actor(), now()));
    }

    /** Undoes the alias's latest move that is not yet undone: rolling back twice goes two moves back. */
    public AliasMove rollback(String name, String alias) {
        Names.requireModelName(name);
        Names.requireAlias(alias);
        return database.write(tx -> metadata.rollback(tx, name, alias, config.actor(), now()));
    }

    /** Every move of one alias (or of all the model's aliases), oldest first. */
    public List<AliasMove> aliasHistory(String name, Optional<String> alias) {
        Names.requireModelName(name);
        alias.ifPresent(Names::requireAlias);
        return database.read(tx -> {
            metadata.model(tx, name);
            return metadata.history(tx, name, alias);
        });
    }

    // ---- annotations --------------------------------------------------------------------------------------------

    public void setModelTag(String name, String key, String value) {
        Names.requireModelName(name);
        Names.requireTagValue(Names.requireKey("tag key", key), value);
        database.write(tx -> {
            metadata.setModelTag(tx, name, key, Optional.of(value), now());
            return null;
        });
    }

    public void removeModelTag(String name, String key) {
        Names.requireModelName(name);
        database.write(tx -> {
            metadata.setModelTag(tx, name, key, Optional.empty(), now());
            return null;
        });
    }

    public void setVersionTag(ModelUri uri, String key, String value) {
        Names.requireTagValue(Names.requireKey("tag key", key), value);
        database.write(tx -> {
            metadata.setVersionTag(tx, lockAndResolve(tx, uri), key, Optional.of(value));
            return null;
        });
    }

    public void removeVersionTag(ModelUri uri, String key) {
        database.write(tx -> {
            metadata.setVersionTag(tx, lockAndResolve(tx, uri), key, Optional.empty());
            return null;
        });
    }

    public void setModelDescription(String name, Optional<String> description) {
        Names.requireModelName(name);
        database.write(tx -> {
            metadata.setModelDescription(tx, name, description, now());
            return null;
        });
    }

    public void setVersionDescription(ModelUri uri, Optional<String> description) {
        database.write(tx -> {
            metadata.setVersionDescription(tx, lockAndResolve(tx, uri), description);
            return null;
        });
    }

    /** Logs a metric value at a step (the same metric and step again replaces the value). */
    public void logMetric(ModelUri uri, String name, double value, long step) {
        MetricPoint point = new MetricPoint(name, value, step, now());
        database.write(tx -> {
            metadata.logMetric(tx, lockAndResolve(tx, uri), point);
            return null;
        });
    }

    private ModelVersion lockAndResolve(Tx tx, ModelUri uri) throws SQLException {
        metadata.lockModel(tx, uri.name());
        return metadata.resolve(tx, uri);
    }

    // ---- deletion and gc ----------------------------------------------------------------------------------------

    /**
     * Soft-deletes a version: it no longer resolves, its artifact stays until {@link #gc}, and
     * {@link #restore} brings it back. Refused while an alias points at it.
     */
    public ModelVersion delete(ModelUri uri) {
        return database.write(tx -> {
            ModelVersion version = lockAndResolve(tx, uri);
            metadata.deleteVersion(tx, version.name(), version.version(), config.actor(), now());
            return metadata.version(tx, version.name(), version.version());
        });
    }

    public ModelVersion restore(String name, long version) {
        Names.requireModelName(name);
        return database.write(tx -> {
            metadata.restoreVersion(tx, name, version, now());
            return metadata.version(tx, name, version);
        });
    }

    /**
     * Purges soft-deleted versions, then deletes the artifacts no live or soft-deleted version references and the
     * partial uploads older than the grace period (interrupted pushes), and reports the bytes freed. Each artifact
     * is claimed in a transaction that locks its row and checks it is still unreferenced, so a push that commits a
     * version of the same bytes at the same moment either wins (gc skips the artifact) or uploads again.
     */
    public GcReport gc(GcOptions options) {
        boolean dryRun = options.dryRun();
        Instant cutoff = now().minus(options.grace());
        // A zero grace period means everything unreferenced, whatever timestamps the store reports.
        Predicate<Instant> oldEnough = options.grace().isZero()
                ? time -> true : time -> time.isBefore(cutoff);
        try {
            List<ModelUri> purged = database.write(tx -> metadata.purgeDeleted(tx, dryRun));
            Set<ArtifactDigest> referenced = database.read(tx -> metadata.referencedDigests(tx, !dryRun));
            Set<ArtifactDigest> collecting = new HashSet<>(database.read(metadata::artifactsBeingCollected));
            List<GcReport.Item> removed = new ArrayList<>();
            Set<ArtifactDigest> stored = new HashSet<>();
            for (StoredArtifact artifact : artifacts.list()) {
                stored.add(artifact.digest());
                boolean orphan = !referenced.contains(artifact.digest())
                        && (oldEnough.test(artifact.lastModified()) || collecting.contains(artifact.digest()));
                if (orphan && (dryRun || collect(artifact))) {
                    removed.add(new GcReport.Item(GcReport.Kind.ARTIFACT,
                            artifacts.locationOf(artifact.digest()), artifact.sizeBytes()));
                }
            }
            for (ArtifactDigest leftOver : collecting) {
                if (!stored.contains(leftOver) && !dryRun) {
                    // An earlier gc deleted the bytes and stopped before recording it.
                    database.write(tx -> {
                        metadata.setArtifactState(tx, leftOver, MetadataStore.ArtifactState.GONE, 0);
                        return null;
                    });
                }
            }
            for (PartialUpload upload : artifacts.partialUploads()) {
                if (oldEnough.test(upload.startedAt())) {
                    if (!dryRun) {
                        artifacts.discard(upload);
                    }
                    removed.add(new GcReport.Item(GcReport.Kind.PARTIAL_UPLOAD, upload.location(),
                            upload.sizeBytes()));
                }
            }
            List<String> missing = referenced.stream().filter(digest -> !stored.contains(digest))
                    .map(digest -> digest + " (expected at " + artifacts.locationOf(digest) + ")").sorted().toList();
            long bytesFreed = removed.stream().mapToLong(GcReport.Item::bytes).sum();
            return new GcReport(purged, removed, bytesFreed, missing, dryRun);
        } catch (IOException e) {
            throw new UncheckedIOException("gc of " + artifacts.location() + " failed: " + e.getMessage(), e);
        }
    }

    /** Claims, deletes and records one unreferenced artifact; false if a push started using it meanwhile. */
    private boolean collect(StoredArtifact artifact) throws IOException {
        ArtifactDigest digest = artifact.digest();
        boolean claimed = database.write(tx -> {
            metadata.lockArtifact(tx, digest, artifact.sizeBytes(), now());
            if (metadata.isArtifactReferenced(tx, digest)) {
                return false;
            }
            metadata.setArtifactState(tx, digest, MetadataStore.ArtifactState.COLLECTING, artifact.sizeBytes());
            return true;
        });
        if (!claimed) {
            return false;
        }
        artifacts.delete(digest);
        database.write(tx -> {
            metadata.setArtifactState(tx, digest, MetadataStore.ArtifactState.GONE, artifact.sizeBytes());
            return null;
        });
        return true;
    }

    /** Times are stored in milliseconds; a value returned must equal the same value read back. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public void close() {
        try {
            artifacts.close();
        } finally {
            database.close();
        }
    }
}
