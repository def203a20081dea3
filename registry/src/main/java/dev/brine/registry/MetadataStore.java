package dev.brine.registry;

import dev.brine.core.Limits;
import dev.brine.core.ModelNotFoundException;
import dev.brine.core.json.Json;
import dev.brine.core.json.JsonParser;
import dev.brine.registry.inspect.ScanVerdict;
import dev.brine.registry.store.ArtifactDigest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Every SQL statement of the registry, each run inside a transaction the caller opened with {@link Database}.
 * Methods that change a model first lock its {@code registered_models} row ({@link #lockModel}), so all changes
 * to one model — new versions, alias moves, deletions — happen one at a time, across processes and machines.
 */
final class MetadataStore {

    /** How many names an error message lists before it says "and N more". */
    private static final int LISTED_IN_MESSAGES = 20;

    private final String registryDisplay;

    MetadataStore(String registryDisplay) {
        this.registryDisplay = registryDisplay;
    }

    // ---- models -------------------------------------------------------------------------------------------------

    void ensureModel(Tx tx, String name, String actor, Instant now) throws SQLException {
        tx.update("INSERT INTO registered_models (name, next_version, created_at, created_by, updated_at) "
                + "VALUES (?, 1, ?, ?, ?) ON CONFLICT (name) DO NOTHING", name, now.toEpochMilli(), actor,
                now.toEpochMilli());
    }

    /** Locks the model's row for the rest of the transaction and returns its next version number. */
    long lockModel(Tx tx, String name) throws SQLException {
        return tx.queryOne("SELECT next_version FROM registered_models WHERE name = ?" + tx.forUpdate(),
                row -> row.getLong(1), name).orElseThrow(() -> unknownModel(tx, name));
    }

    /** Hands out the next version number; the caller holds the model's lock (see {@link #lockModel}). */
    long takeVersionNumber(Tx tx, String name, Instant now) throws SQLException {
        long version = lockModel(tx, name);
        tx.update("UPDATE registered_models SET next_version = next_version + 1, updated_at = ? WHERE name = ?",
                now.toEpochMilli(), name);
        return version;
    }

    void touchModel(Tx tx, String name, Instant now) throws SQLException {
        tx.update("UPDATE registered_models SET updated_at = ? WHERE name = ?", now.toEpochMilli(), name);
    }

    void setModelDescription(Tx tx, String name, Optional<String> description, Instant now) throws SQLException {
        lockModel(tx, name);
        tx.update("UPDATE registered_models SET description = ?, updated_at = ? WHERE name = ?",
                Tx.nullableText(description), now.toEpochMilli(), name);
    }

    List<RegisteredModel> models(Tx tx, Optional<String> onlyName) throws SQLException {
        String where = onlyName.isPresent() ? " WHERE m.name = ?" : "";
        Object[] parameters = onlyName.<Object[]>map(name -> new Object[]{name}).orElse(new Object[0]);
        Map<String, TreeMap<String, String>> tags = new HashMap<>();
        for (String[] tag : tx.query("SELECT t.model_name, t.tag_key, t.tag_value FROM model_tags t "
                + "JOIN registered_models m ON m.name = t.model_name" + where, MetadataStore::strings3, parameters)) {
            tags.computeIfAbsent(tag[0], key -> new TreeMap<>()).put(tag[1], tag[2]);
        }
        Map<String, TreeMap<String, Long>> aliases = new HashMap<>();
        tx.query("SELECT a.model_name, a.alias, a.version FROM aliases a JOIN registered_models m "
                + "ON m.name = a.model_name" + where, row -> aliases.computeIfAbsent(row.getString(1),
                key -> new TreeMap<>()).put(row.getString(2), row.getLong(3)), parameters);
        return tx.query("SELECT m.name, m.description, m.created_at, m.created_by, m.updated_at, "
                + "(SELECT MAX(v.version) FROM model_versions v WHERE v.model_name = m.name AND v.state = 'LIVE'), "
                + "(SELECT COUNT(*) FROM model_versions v WHERE v.model_name = m.name AND v.state = 'LIVE') "
                + "FROM registered_models m" + where + " ORDER BY m.name", row -> new RegisteredModel(
                row.getString(1), Tx.optionalText(row, "description"),
                tags.getOrDefault(row.getString(1), new TreeMap<>()),
                Optional.ofNullable(row.getObject(6)).map(value -> ((Number) value).longValue()), row.getLong(7),
                aliases.getOrDefault(row.getString(1), new TreeMap<>()), Instant.ofEpochMilli(row.getLong(3)),
                row.getString(4), Instant.ofEpochMilli(row.getLong(5))), parameters);
    }

    RegisteredModel model(Tx tx, String name) throws SQLException {
        return models(tx, Optional.of(name)).stream().findFirst().orElseThrow(() -> unknownModel(tx, name));
    }

    // ---- versions -----------------------------------------------------------------------------------------------

    /** The row a push inserts. */
    record NewVersion(String name, long version, ArtifactDigest digest, long sizeBytes, String fileName,
                      String format, Optional<String> modelType, Optional<Json.JsonObject> signature,
                      Json.JsonObject manifest, ScanVerdict safety, Optional<String> description, Lineage lineage,
                      String actor, Instant now) {
    }

    void insertVersion(Tx tx, NewVersion v) throws SQLException {
        tx.update("INSERT INTO model_versions (model_name, version, digest, size_bytes, file_name, format, "
                        + "model_type, signature_json, manifest_json, safety, safety_findings, description, "
                        + "parent_model, parent_version, parent_relation, data_ref, source_run, created_at, "
                        + "created_by, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        + "'LIVE')",
                v.name(), v.version(), v.digest().toString(), v.sizeBytes(), v.fileName(), v.format(),
                Tx.nullableText(v.modelType()), Tx.nullableText(v.signature().map(Json::toString)),
                v.manifest().toString(), v.safety().safety().name(),
                Json.arrayOfStrings(v.safety().findings()).toString(), Tx.nullableText(v.description()),
                Tx.nullableText(v.lineage().parent().map(ModelUri::name)),
                Tx.nullableLong(v.lineage().parent().map(uri -> ((ModelUri.Version) uri.selector()).number())),
                Tx.nullableText(v.lineage().relation().map(LineageRelation::name)),
                Tx.nullableText(v.lineage().dataRef()), Tx.nullableText(v.lineage().sourceRun()),
                v.now().toEpochMilli(), v.actor());
    }

    Optional<Long> liveVersionWithDigest(Tx tx, String name, ArtifactDigest digest) throws SQLException {
        return tx.queryOne("SELECT MIN(version) AS found FROM model_versions WHERE model_name = ? AND digest = ? "
                + "AND state = 'LIVE'", row -> Tx.optionalLong(row, "found"), name, digest.toString())
                .flatMap(found -> found);
    }

    /** The live version a reference means, or a {@link ModelNotFoundException} that says what exists instead. */
    ModelVersion resolve(Tx tx, ModelUri uri) throws SQLException {
        long version = switch (uri.selector()) {
            case ModelUri.Version number -> number.number();
            case ModelUri.Alias alias -> tx.queryOne("SELECT version FROM aliases WHERE model_name = ? "
                    + "AND alias = ?", row -> row.getLong(1), uri.name(), alias.alias())
                    .orElseThrow(() -> unknownAlias(tx, uri.name(), alias.alias()));
            case ModelUri.Latest ignored -> tx.queryOne("SELECT MAX(version) AS found FROM model_versions "
                    + "WHERE model_name = ? AND state = 'LIVE'", row -> Tx.optionalLong(row, "found"), uri.name())
                    .flatMap(found -> found).orElseThrow(() -> noLiveVersions(tx, uri.name()));
        };
        ModelVersion found = version(tx, uri.name(), version);
        if (found.state() != VersionState.LIVE) {
            throw new ModelNotFoundException(uri + ": version " + version + " of '" + uri.name() + "' was deleted "
                    + found.deletedAt().map(at -> "at " + at + " ").orElse("")
                    + found.deletedBy().map(by -> "by " + by + " ").orElse("")
                    + (found.state() == VersionState.DELETED ? "and can be restored until the next gc"
                    : "and purged by gc") + "; " + describeLiveVersions(tx, uri.name()));
        }
        return found;
    }

    /** A version in any state, or a {@link ModelNotFoundException} that lists the versions there are. */
    ModelVersion version(Tx tx, String name, long version) throws SQLException {
        return versions(tx, "v.model_name = ? AND v.version = ?", name, version).stream().findFirst()
                .orElseThrow(() -> {
                    unchecked(() -> unknownModelUnlessExists(tx, name));
                    return new ModelNotFoundException("model '" + name + "' has no version " + version + "; "
                            + unchecked(() -> describeLiveVersions(tx, name)));
                });
    }

    List<ModelVersion> versionsOf(Tx tx, String name, boolean includeDeleted) throws SQLException {
        unknownModelUnlessExists(tx, name);
        return versions(tx, "v.model_name = ? AND v.state " + (includeDeleted ? "IN ('LIVE', 'DELETED')" : "= 'LIVE'"),
                name);
    }

    /** Versions matching a condition on {@code model_versions v}, with their tags and current aliases. */
    List<ModelVersion> versions(Tx tx, String condition, Object... parameters) throws SQLException {
        Map<String, TreeMap<String, String>> tags = new HashMap<>();
        tx.query("SELECT t.model_name, t.version, t.tag_key, t.tag_value FROM version_tags t JOIN model_versions v "
                + "ON v.model_name = t.model_name AND v.version = t.version WHERE " + condition,
                row -> tags.computeIfAbsent(row.getString(1) + "/" + row.getLong(2), key -> new TreeMap<>())
                        .put(row.getString(3), row.getString(4)), parameters);
        Map<String, List<String>> aliases = new HashMap<>();
        tx.query("SELECT a.model_name, a.version, a.alias FROM aliases a JOIN model_versions v "
                + "ON v.model_name = a.model_name AND v.version = a.version WHERE " + condition
                + " ORDER BY a.alias", row -> aliases.computeIfAbsent(row.getString(1) + "/" + row.getLong(2),
                key -> new ArrayList<>()).add(row.getString(3)), parameters);
        return tx.query("SELECT v.* FROM model_versions v WHERE " + condition + " ORDER BY v.model_name, v.version",
                row -> {
                    String key = row.getString("model_name") + "/" + row.getLong("version");
                    return versionFromRow(row, tags.getOrDefault(key, new TreeMap<>()),
                            aliases.getOrDefault(key, List.of()));
                }, parameters);
    }

    private static ModelVersion versionFromRow(ResultSet row, TreeMap<String, String> tags, List<String> aliases)
            throws SQLException {
        String source = "registry version " + row.getString("model_name") + "/" + row.getLong("version");
        long parentVersion = row.getLong("parent_version");
        Optional<ModelUri> parent = Tx.optionalText(row, "parent_model")
                .map(model -> ModelUri.version(model, parentVersion));
        Lineage lineage = new Lineage(parent,
                Tx.optionalText(row, "parent_relation").map(LineageRelation::valueOf),
                Tx.optionalText(row, "data_ref"), Tx.optionalText(row, "source_run"));
        ScanVerdict safety = new ScanVerdict(ScanVerdict.Safety.valueOf(row.getString("safety")),
                ((Json.JsonArray) parse(row.getString("safety_findings"), source)).toStringList());
        return new ModelVersion(row.getString("model_name"), row.getLong("version"),
                ArtifactDigest.parse(row.getString("digest")), row.getLong("size_bytes"), row.getString("file_name"),
                row.getString("format"), Tx.optionalText(row, "model_type"),
                Tx.optionalText(row, "signature_json").map(text -> (Json.JsonObject) parse(text, source)),
                (Json.JsonObject) parse(row.getString("manifest_json"), source), safety,
                Tx.optionalText(row, "description"), lineage, tags, aliases,
                Instant.ofEpochMilli(row.getLong("created_at")), row.getString("created_by"),
                VersionState.valueOf(row.getString("state")),
                Tx.optionalLong(row, "deleted_at").map(Instant::ofEpochMilli), Tx.optionalText(row, "deleted_by"));
    }

    private static Json parse(String text, String source) {
        return JsonParser.parse(text, source, 0, Limits.DEFAULTS);
    }

    void setVersionDescription(Tx tx, ModelVersion version, Optional<String> description) throws SQLException {
        tx.update("UPDATE model_versions SET description = ? WHERE model_name = ? AND version = ?",
                Tx.nullableText(description), version.name(), version.version());
    }

    /** Soft-deletes a live version; refused while an alias points at it, so no alias ever names a deleted one. */
    void deleteVersion(Tx tx, String name, long version, String actor, Instant now) throws SQLException {
        lockModel(tx, name);
        ModelVersion found = version(tx, name, version);
        if (found.state() != VersionState.LIVE) {
            throw new ModelNotFoundException(found.uri() + " is already " + lower(found.state()) + "; "
                    + describeLiveVersions(tx, name));
        }
        if (!found.aliases().isEmpty()) {
            throw new RegistryConflictException(found.uri() + " is the target of alias"
                    + (found.aliases().size() > 1 ? "es " : " ") + String.join(", ", found.aliases())
                    + "; move or remove " + (found.aliases().size() > 1 ? "them" : "it") + " first, so that no "
                    + "alias points at a deleted version");
        }
        tx.update("UPDATE model_versions SET state = 'DELETED', deleted_at = ?, deleted_by = ? "
                + "WHERE model_name = ? AND version = ?", now.toEpochMilli(), actor, name, version);
        touchModel(tx, name, now);
    }

    void restoreVersion(Tx tx, String name, long version, Instant now) throws SQLException {
        lockModel(tx, name);
        ModelVersion found = version(tx, name, version);
        if (found.state() != VersionState.DELETED) {
            throw new RegistryConflictException(found.uri() + " is " + lower(found.state())
                    + (found.state() == VersionState.PURGED
                    ? ": gc removed it for good; push the file again to register it as a new version"
                    : ", not deleted: nothing to restore"));
        }
        tx.update("UPDATE model_versions SET state = 'LIVE', deleted_at = NULL, deleted_by = NULL "
                + "WHERE model_name = ? AND version = ?", name, version);
        touchModel(tx, name, now);
    }

    /** Marks every soft-deleted version purged and returns them. */
    List<ModelUri> purgeDeleted(Tx tx, boolean dryRun) throws SQLException {
        List<ModelUri> deleted = tx.query("SELECT model_name, version FROM model_versions WHERE state = 'DELETED' "
                + "ORDER BY model_name, version", row -> ModelUri.version(row.getString(1), row.getLong(2)));
        if (!dryRun) {
            tx.update("UPDATE model_versions SET state = 'PURGED' WHERE state = 'DELETED'");
        }
        return deleted;
    }

    /** Digests that versions in the given states reference: the artifacts gc must keep. */
    Set<ArtifactDigest> referencedDigests(Tx tx, boolean includeDeleted) throws SQLException {
        return Set.copyOf(tx.query("SELECT DISTINCT digest FROM model_versions WHERE state = 'LIVE'"
                + (includeDeleted ? " OR state = 'DELETED'" : ""), row -> ArtifactDigest.parse(row.getString(1))));
    }

    List<ModelVersion> ancestry(Tx tx, ModelVersion start, int maxDepth) throws SQLException {
        List<ModelVersion> chain = new ArrayList<>();
        ModelVersion current = start;
        while (current.lineage().parent().isPresent() && chain.size() < maxDepth) {
            ModelUri parent = current.lineage().parent().get();
            current = version(tx, parent.name(), ((ModelUri.Version) parent.selector()).number());
            chain.add(current);
        }
        return chain;
    }

    // ---- artifacts ----------------------------------------------------------------------------------------------

    enum ArtifactState { PRESENT, COLLECTING, GONE }

    /**
     * Makes sure an artifact row exists and locks it for the rest of the transaction, so that a push committing a
     * version and a gc deciding to delete the artifact never interleave. Returns its state.
     */
    ArtifactState lockArtifact(Tx tx, ArtifactDigest digest, long sizeBytes, Instant now) throws SQLException {
        tx.update("INSERT INTO artifacts (digest, size_bytes, state, first_pushed_at) VALUES (?, ?, 'gone', ?) "
                + "ON CONFLICT (digest) DO NOTHING", digest.toString(), sizeBytes, now.toEpochMilli());
        return tx.queryOne("SELECT state FROM artifacts WHERE digest = ?" + tx.forUpdate(),
                row -> ArtifactState.valueOf(row.getString(1).toUpperCase(Locale.ROOT)),
                digest.toString()).orElseThrow();
    }

    void setArtifactState(Tx tx, ArtifactDigest digest, ArtifactState state, long sizeBytes) throws SQLException {
        tx.update("UPDATE artifacts SET state = ?, size_bytes = ? WHERE digest = ?",
                state.name().toLowerCase(Locale.ROOT), sizeBytes, digest.toString());
    }

    /** Whether any live or soft-deleted version references the artifact (run after {@link #lockArtifact}). */
    boolean isArtifactReferenced(Tx tx, ArtifactDigest digest) throws SQLException {
        return tx.queryOne("SELECT COUNT(*) FROM model_versions WHERE digest = ? AND state IN ('LIVE', 'DELETED')",
                row -> row.getLong(1) > 0, digest.toString()).orElseThrow();
    }

    List<ArtifactDigest> artifactsBeingCollected(Tx tx) throws SQLException {
        return tx.query("SELECT digest FROM artifacts WHERE state = 'collecting'",
                row -> ArtifactDigest.parse(row.getString(1)));
    }

    // ---- aliases ------------------------------------------------------------------------------------------------

    /**
     * Points {@code alias} at {@code version} (which must be live) and records the move. Returns the move, or the
     * alias's last move when it already pointed there (a no-op records nothing, so rollback never undoes one).
     */
    AliasMove moveAlias(Tx tx, String name, String alias, long version, AliasMove.Kind kind,
                        Optional<Long> undoes, String actor, Instant now) throws SQLException {
        lockModel(tx, name);
        ModelVersion target = version(tx, name, version);
        if (target.state() != VersionState.LIVE) {
            throw new ModelNotFoundException("cannot point '" + alias + "' at " + target.uri() + ": it is "
                    + lower(target.state()) + "; "
                    + describeLiveVersions(tx, name));
        }
        Optional<Long> current = currentAliasTarget(tx, name, alias);
        if (current.equals(Optional.of(version))) {
            return history(tx, name, Optional.of(alias)).getLast();
        }
        tx.update("INSERT INTO aliases (model_name, alias, version, updated_at) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (model_name, alias) DO UPDATE SET version = excluded.version, "
                + "updated_at = excluded.updated_at", name, alias, version, now.toEpochMilli());
        touchModel(tx, name, now);
        return recordMove(tx, name, alias, current, Optional.of(version), kind, undoes, actor, now);
    }

    AliasMove removeAlias(Tx tx, String name, String alias, String actor, Instant now) throws SQLException {
        lockModel(tx, name);
        long current = currentAliasTarget(tx, name, alias).orElseThrow(() -> unknownAlias(tx, name, alias));
        tx.update("DELETE FROM aliases WHERE model_name = ? AND alias = ?", name, alias);
        touchModel(tx, name, now);
        return recordMove(tx, name, alias, Optional.of(current), Optional.empty(), AliasMove.Kind.REMOVE,
                Optional.empty(), actor, now);
    }

    /**
     * Undoes the latest move of the alias that is not yet undone. Moves and removals stack up; each rollback pops
     * one, so rolling back twice goes two steps back rather than toggling.
     */
    AliasMove rollback(Tx tx, String name, String alias, String actor, Instant now) throws SQLException {
        lockModel(tx, name);
        List<AliasMove> moves = history(tx, name, Optional.of(alias));
        if (moves.isEmpty()) {
            throw unknownAlias(tx, name, alias);
        }
        List<AliasMove> undoable = new ArrayList<>();
        for (AliasMove move : moves) {
            if (move.kind() == AliasMove.Kind.ROLLBACK) {
                undoable.removeLast();
            } else {
                undoable.add(move);
            }
        }
        if (undoable.isEmpty() || undoable.getLast().fromVersion().isEmpty()) {
            throw new RegistryConflictException("alias '" + alias + "' of '" + name + "' has no earlier version to "
                    + "roll back to" + (undoable.isEmpty() ? "" : ": it was created pointing at version "
                    + undoable.getLast().toVersion().orElseThrow()) + ". See its history with "
                    + "`brine alias --history " + name + " " + alias + "`.");
        }
        AliasMove undone = undoable.getLast();
        long target = undone.fromVersion().orElseThrow();
        ModelVersion previous = version(tx, name, target);
        if (previous.state() != VersionState.LIVE) {
            throw new RegistryConflictException("cannot roll '" + alias + "' back to " + previous.uri() + ": that "
                    + "version is " + lower(previous.state())
                    + (previous.state() == VersionState.DELETED ? "; restore it first" : "")
                    + ", or move the alias explicitly");
        }
        return moveAlias(tx, name, alias, target, AliasMove.Kind.ROLLBACK, Optional.of(undone.id()), actor, now);
    }

    Optional<Long> currentAliasTarget(Tx tx, String name, String alias) throws SQLException {
        return tx.queryOne("SELECT version FROM aliases WHERE model_name = ? AND alias = ?", row -> row.getLong(1),
                name, alias);
    }

    private AliasMove recordMove(Tx tx, String name, String alias, Optional<Long> from, Optional<Long> to,
                                 AliasMove.Kind kind, Optional<Long> undoes, String actor, Instant now)
            throws SQLException {
        long id = tx.queryOne("INSERT INTO alias_moves (model_name, alias, from_version, to_version, kind, "
                        + "undoes_move, moved_by, moved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                row -> row.getLong(1), name, alias, Tx.nullableLong(from), Tx.nullableLong(to), kind.name(),
                Tx.nullableLong(undoes), actor, now.toEpochMilli()).orElseThrow();
        return new AliasMove(id, name, alias, from, to, kind, undoes, actor, now);
    }

    List<AliasMove> history(Tx tx, String name, Optional<String> alias) throws SQLException {
        return tx.query("SELECT * FROM alias_moves WHERE model_name = ?" + (alias.isPresent() ? " AND alias = ?" : "")
                        + " ORDER BY id", row -> new AliasMove(row.getLong("id"), row.getString("model_name"),
                        row.getString("alias"), Tx.optionalLong(row, "from_version"),
                        Tx.optionalLong(row, "to_version"), AliasMove.Kind.valueOf(row.getString("kind")),
                        Tx.optionalLong(row, "undoes_move"), row.getString("moved_by"),
                        Instant.ofEpochMilli(row.getLong("moved_at"))),
                alias.<Object[]>map(value -> new Object[]{name, value}).orElse(new Object[]{name}));
    }

    // ---- tags and metrics ---------------------------------------------------------------------------------------

    void setModelTag(Tx tx, String name, String key, Optional<String> value, Instant now) throws SQLException {
        lockModel(tx, name);
        if (value.isPresent()) {
            tx.update("INSERT INTO model_tags (model_name, tag_key, tag_value) VALUES (?, ?, ?) "
                    + "ON CONFLICT (model_name, tag_key) DO UPDATE SET tag_value = excluded.tag_value",
                    name, key, value.get());
        } else {
            tx.update("DELETE FROM model_tags WHERE model_name = ? AND tag_key = ?", name, key);
        }
        touchModel(tx, name, now);
    }

    void setVersionTag(Tx tx, ModelVersion version, String key, Optional<String> value) throws SQLException {
        if (value.isPresent()) {
            tx.update("INSERT INTO version_tags (model_name, version, tag_key, tag_value) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (model_name, version, tag_key) DO UPDATE SET tag_value = excluded.tag_value",
                    version.name(), version.version(), key, value.get());
        } else {
            tx.update("DELETE FROM version_tags WHERE model_name = ? AND version = ? AND tag_key = ?",
                    version.name(), version.version(), key);
        }
    }

    void logMetric(Tx tx, ModelVersion version, MetricPoint point) throws SQLException {
        tx.update("INSERT INTO metrics (model_name, version, metric_name, step, metric_value, logged_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (model_name, version, metric_name, step) "
                        + "DO UPDATE SET metric_value = excluded.metric_value, logged_at = excluded.logged_at",
                version.name(), version.version(), point.name(), point.step(), point.value(),
                point.loggedAt().toEpochMilli());
    }

    List<MetricPoint> metrics(Tx tx, ModelVersion version) throws SQLException {
        return tx.query("SELECT metric_name, metric_value, step, logged_at FROM metrics WHERE model_name = ? "
                        + "AND version = ? ORDER BY metric_name, step", row -> new MetricPoint(row.getString(1),
                        row.getDouble(2), row.getLong(3), Instant.ofEpochMilli(row.getLong(4))),
                version.name(), version.version());
    }

    // ---- search -------------------------------------------------------------------------------------------------

    List<ModelVersion> search(Tx tx, SearchQuery query) throws SQLException {
        List<ModelVersion> candidates = query.model().isPresent()
                ? versionsOf(tx, query.model().get(), query.includeDeleted())
                : versions(tx, query.includeDeleted() ? "v.state IN ('LIVE', 'DELETED')" : "v.state = 'LIVE'");
        Map<String, Map<String, String>> modelTags = new HashMap<>();
        tx.query("SELECT model_name, tag_key, tag_value FROM model_tags", row -> modelTags.computeIfAbsent(
                row.getString(1), key -> new HashMap<>()).put(row.getString(2), row.getString(3)));
        Map<String, Double> finalMetricValues = new HashMap<>();
        for (MetricCondition condition : query.metrics()) {
            // Rows come by ascending step, so the last one written for a version is its final value.
            tx.query("SELECT model_name, version, metric_value FROM metrics WHERE metric_name = ? ORDER BY step",
                    row -> finalMetricValues.put(row.getString(1) + "/" + row.getLong(2) + "/"
                            + condition.metric(), row.getDouble(3)), condition.metric());
        }
        return candidates.stream().filter(version -> query.tags().entrySet().stream().allMatch(tag ->
                        tag.getValue().equals(version.tags().get(tag.getKey()))
                                || tag.getValue().equals(modelTags.getOrDefault(version.name(), Map.of())
                                .get(tag.getKey()))))
                .filter(version -> query.metrics().stream().allMatch(condition -> {
                    Double value = finalMetricValues.get(version.name() + "/" + version.version() + "/"
                            + condition.metric());
                    return value != null && condition.test(value);
                }))
                .toList();
    }

    // ---- messages that say what exists --------------------------------------------------------------------------

    private ModelNotFoundException unknownModel(Tx tx, String name) {
        List<String> names = unchecked(() -> tx.query("SELECT name FROM registered_models ORDER BY name",
                row -> row.getString(1)));
        return new ModelNotFoundException("no model '" + name + "' in the registry at " + registryDisplay + "; "
                + (names.isEmpty() ? "it has no models yet (push one with `brine push FILE NAME`)"
                : "models: " + listed(names)));
    }

    private void unknownModelUnlessExists(Tx tx, String name) throws SQLException {
        if (tx.queryOne("SELECT name FROM registered_models WHERE name = ?", row -> row.getString(1), name)
                .isEmpty()) {
            throw unknownModel(tx, name);
        }
    }

    private ModelNotFoundException unknownAlias(Tx tx, String name, String alias) {
        unchecked(() -> unknownModelUnlessExists(tx, name));
        Map<String, Long> aliases = new LinkedHashMap<>();
        unchecked(() -> tx.query("SELECT alias, version FROM aliases WHERE model_name = ? ORDER BY alias",
                row -> aliases.put(row.getString(1), row.getLong(2)), name));
        return new ModelNotFoundException("model '" + name + "' has no alias '" + alias + "'; " + (aliases.isEmpty()
                ? "it has no aliases (set one with `brine alias " + name + " ALIAS VERSION`)"
                : "aliases: " + listed(aliases.entrySet().stream().map(entry -> entry.getKey() + " → "
                + entry.getValue()).toList())));
    }

    private ModelNotFoundException noLiveVersions(Tx tx, String name) {
        unchecked(() -> unknownModelUnlessExists(tx, name));
        return new ModelNotFoundException("model '" + name + "' has no live versions; "
                + unchecked(() -> describeLiveVersions(tx, name)));
    }

    private String describeLiveVersions(Tx tx, String name) throws SQLException {
        Map<String, List<Long>> byState = new TreeMap<>();
        tx.query("SELECT state, version FROM model_versions WHERE model_name = ? ORDER BY version",
                row -> byState.computeIfAbsent(row.getString(1), key -> new ArrayList<>()).add(row.getLong(2)),
                name);
        List<Long> live = byState.getOrDefault("LIVE", List.of());
        List<Long> deleted = byState.getOrDefault("DELETED", List.of());
        String liveText = live.isEmpty() ? "it has no live versions"
                : "live versions: " + listed(live.stream().map(String::valueOf).toList());
        return liveText + (deleted.isEmpty() ? "" : " (deleted, restorable: "
                + deleted.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")");
    }

    private static String lower(VersionState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    private static String listed(List<String> items) {
        if (items.size() <= LISTED_IN_MESSAGES) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, LISTED_IN_MESSAGES)) + " and " + (items.size() - LISTED_IN_MESSAGES)
                + " more";
    }

    private static String[] strings3(ResultSet row) throws SQLException {
        return new String[]{row.getString(1), row.getString(2), row.getString(3)};
    }

    @FunctionalInterface
    private interface SqlCall<T> {
        T call() throws SQLException;
    }

    @FunctionalInterface
    private interface SqlAction {
        void run() throws SQLException;
    }

    /** Runs a query from inside a lambda (building an error message); a failure there surfaces unchecked. */
    private static <T> T unchecked(SqlCall<T> call) {
        try {
            return call.call();
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException(e.getMessage(), e));
        }
    }

    private static void unchecked(SqlAction action) {
        unchecked(() -> {
            action.run();
            return null;
        });
    }
}
