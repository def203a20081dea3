package dev.brine.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What to register with a pushed file. Built with {@link #builder(String)}.
 *
 * @param fileName     the name recorded for the artifact (its extension tells readers the format); by default
 *                     the pushed file's own name
 * @param aliases      aliases to point at the new version, in the same transaction
 * @param tags         tags of the new version
 * @param metrics      metric values at step 0
 * @param parent       the version this one was resumed, fine-tuned, converted or derived from (any reference;
 *                     recorded as the concrete version it resolves to)
 * @param forceNew     register a new version even when a live version of the model has the same bytes
 * @param allowUnsafe  accept a file the scanner finds unsafe (recorded on the version)
 * @param verify       check every tensor of a {@code .brine} file against its SHA-256 before storing it (the
 *                     default); false stores a damaged file as it is ({@code --no-verify})
 */
public record PushRequest(String name, Optional<String> fileName, List<String> aliases, Map<String, String> tags,
                          Map<String, Double> metrics, Optional<String> description, Optional<ModelUri> parent,
                          Optional<LineageRelation> relation, Optional<String> dataRef, Optional<String> sourceRun,
                          boolean forceNew, boolean allowUnsafe, boolean verify) {

    public PushRequest {
        Names.requireModelName(name);
        fileName.ifPresent(PushRequest::requirePlainFileName);
        aliases = List.copyOf(aliases);
        aliases.forEach(Names::requireAlias);
        tags = Map.copyOf(tags);
        tags.forEach((key, value) -> Names.requireTagValue(Names.requireKey("tag key", key), value));
        metrics = Map.copyOf(metrics);
        metrics.forEach((metric, value) -> new MetricPoint(metric, value, 0, java.time.Instant.EPOCH));
        if (relation.isPresent() && parent.isEmpty()) {
            throw new IllegalArgumentException("a lineage relation needs a parent version (--parent models:/…)");
        }
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    private static void requirePlainFileName(String fileName) {
        if (fileName.isEmpty() || fileName.contains("/") || fileName.contains("\\") || fileName.equals(".")
                || fileName.equals("..") || fileName.length() > Names.MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("invalid artifact file name '" + fileName + "': give a plain file "
                    + "name such as model.onnx");
        }
    }

    public static final class Builder {
        private final String name;
        private Optional<String> fileName = Optional.empty();
        private final List<String> aliases = new ArrayList<>();
        private final Map<String, String> tags = new LinkedHashMap<>();
        private final Map<String, Double> metrics = new LinkedHashMap<>();
        private Optional<String> description = Optional.empty();
        private Optional<ModelUri> parent = Optional.empty();
        private Optional<LineageRelation> relation = Optional.empty();
        private Optional<String> dataRef = Optional.empty();
        private Optional<String> sourceRun = Optional.empty();
        private boolean forceNew;
        private boolean allowUnsafe;
        private boolean verify = true;

        private Builder(String name) {
            this.name = name;
        }

        public Builder fileName(String value) {
            fileName = Optional.of(value);
            return this;
        }

        public Builder alias(String alias) {
            aliases.add(alias);
            return this;
        }

        public Builder tag(String key, String value) {
            tags.put(key, value);
            return this;
        }

        public Builder metric(String metric, double value) {
            metrics.put(metric, value);
            return this;
        }

        public Builder description(String value) {
            description = Optional.of(value);
            return this;
        }

        public Builder parent(ModelUri value) {
            parent = Optional.of(value);
            return this;
        }

        public Builder parent(ModelUri value, LineageRelation how) {
            parent = Optional.of(value);
            relation = Optional.of(how);
            return this;
        }

        public Builder dataRef(String value) {
            dataRef = Optional.of(value);
            return this;
        }

        public Builder sourceRun(String value) {
            sourceRun = Optional.of(value);
            return this;
        }

        public Builder forceNew(boolean value) {
            forceNew = value;
            return this;
        }

        public Builder allowUnsafe(boolean value) {
            allowUnsafe = value;
            return this;
        }

        public Builder verify(boolean value) {
            verify = value;
            return this;
        }

        public PushRequest build() {
            return new PushRequest(name, fileName, aliases, tags, metrics, description, parent, relation, dataRef,
                    sourceRun, forceNew, allowUnsafe, verify);
        }
    }
}
