package dev.brine.registry;

import dev.brine.core.json.Json;

import java.time.Instant;

/** One logged value of a metric of a version; logging the same metric at the same step again replaces it. */
public record MetricPoint(String name, double value, long step, Instant loggedAt) {

    public MetricPoint {
        Names.requireKey("metric name", name);
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("metric '" + name + "': " + value + " is not a finite number");
        }
    }

    public Json.JsonObject toJson() {
        return Json.object().put("name", name).put("value", value).put("step", step)
                .put("loggedAt", loggedAt.toString()).build();
    }
}
