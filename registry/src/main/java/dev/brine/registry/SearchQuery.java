package dev.brine.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which versions {@link Registry#search} returns: all conditions must hold.
 *
 * @param model       only versions of this model
 * @param tags        each key=value must be a tag of the version or of its model
 * @param metrics     each condition must hold for the version's metric at its highest step
 * @param includeDeleted  also soft-deleted versions
 */
public record SearchQuery(Optional<String> model, Map<String, String> tags, List<MetricCondition> metrics,
                          boolean includeDeleted) {

    public SearchQuery {
        model.ifPresent(Names::requireModelName);
        tags = Map.copyOf(tags);
        metrics = List.copyOf(metrics);
    }

    /** {@code metrics.accuracy > 0.9 and tag.stage=prod and name=iris}: see {@link SearchQueryParser}. */
    public static SearchQuery parse(String text) {
        return SearchQueryParser.parse(text);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Optional<String> model = Optional.empty();
        private final Map<String, String> tags = new LinkedHashMap<>();
        private final List<MetricCondition> metrics = new ArrayList<>();
        private boolean includeDeleted;

        private Builder() {
        }

        public Builder model(String name) {
            model = Optional.of(name);
            return this;
        }

        public Builder tag(String key, String value) {
            tags.put(key, value);
            return this;
        }

        public Builder metric(MetricCondition condition) {
            metrics.add(condition);
            return this;
        }

        /** {@code accuracy>=0.9}. */
        public Builder metric(String condition) {
            return metric(MetricCondition.parse(condition));
        }

        public Builder includeDeleted(boolean value) {
            includeDeleted = value;
            return this;
        }

        public SearchQuery build() {
            return new SearchQuery(model, tags, metrics, includeDeleted);
        }
    }
}
