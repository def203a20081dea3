package dev.brine.core.model;

import dev.brine.core.json.Json;

import java.util.List;

/**
 * Where training stopped, so it can resume exactly: epoch and step counters, the position in the data order, the
 * metrics history (one JSON object per epoch or evaluation) and model-specific details such as scheduler settings.
 * Large state (RNG words, optimizer moments, permutations) goes into tensors with a role instead.
 */
public record TrainingState(long epoch, long step, long dataPosition, List<Json.JsonObject> metricsHistory,
                            Json.JsonObject details) {

    public TrainingState {
        metricsHistory = List.copyOf(metricsHistory);
    }
}
