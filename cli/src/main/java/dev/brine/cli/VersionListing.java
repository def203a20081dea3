package dev.brine.cli;

import dev.brine.core.json.Json;
import dev.brine.registry.MetricPoint;
import dev.brine.registry.ModelVersion;
import dev.brine.registry.Registry;
import dev.brine.registry.VersionState;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** One version as {@code versions} and {@code search} list it: what it is, its aliases, tags and final metrics. */
record VersionListing(ModelVersion version, Map<String, Double> metrics) {

    /** Each metric's value at its highest step (the final value of a training run). */
    static VersionListing of(Registry registry, ModelVersion version) {
        Map<String, Double> metrics = new TreeMap<>();
        if (version.state() == VersionState.LIVE) {
            List<MetricPoint> points = registry.metrics(version.uri());   // ordered by name, then step
            points.forEach(point -> metrics.put(point.name(), point.value()));
        }
        return new VersionListing(version, metrics);
    }

    Json.JsonObject toJson() {
        return withMetrics(version.toJson(), "metrics", metrics);
    }

    /** {@code json} with one more member: metric name → value (NaN and infinities as text). */
    static Json.JsonObject withMetrics(Json.JsonObject json, String key, Map<String, Double> metrics) {
        Map<String, Json> members = new LinkedHashMap<>(json.members());
        Json.ObjectBuilder metricsJson = Json.object();
        metrics.forEach((name, value) -> metricsJson.put(name, Double.isFinite(value) ? Json.of(value)
                : Json.of(value.toString())));
        members.put(key, metricsJson.build());
        return new Json.JsonObject(members);
    }

    String line() {
        return version.uri() + "  " + version.format() + "  " + version.modelType().orElse("?") + "  "
                + Text.bytes(version.sizeBytes()) + "  " + version.digest().shortForm() + "  " + version.createdAt()
                + " by " + version.createdBy()
                + (version.aliases().isEmpty() ? "" : "  @" + String.join(" @", version.aliases()))
                + (version.tags().isEmpty() ? "" : "  tags " + text(version.tags()))
                + (metrics.isEmpty() ? "" : "  metrics " + text(metrics))
                + "  " + version.state().name().toLowerCase(Locale.ROOT);
    }

    static String text(Map<String, ?> entries) {
        return entries.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining(" "));
    }
}
