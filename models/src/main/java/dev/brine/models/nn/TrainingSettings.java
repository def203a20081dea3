package dev.brine.models.nn;

import dev.brine.core.json.Json;

import java.util.Optional;

/**
 * How a network trains: the loss, the optimizer (PyTorch-style settings, e.g. {@code {"type":"adam","lr":0.001}}),
 * an optional learning-rate schedule stepped once per epoch, the batch size, whether each epoch visits the rows in a
 * fresh random order, and the seed of the random stream behind that order and dropout.
 */
public record TrainingSettings(Loss loss, Json.JsonObject optimizer, Optional<LrSchedule> schedule, int batchSize,
                               boolean shuffle, long seed) {

    public TrainingSettings {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        Optimizer.fromJson(optimizer);
    }

    public static TrainingSettings of(Loss loss, Json.JsonObject optimizer, int batchSize, long seed) {
        return new TrainingSettings(loss, optimizer, Optional.empty(), batchSize, true, seed);
    }

    public TrainingSettings withSchedule(LrSchedule value) {
        return new TrainingSettings(loss, optimizer, Optional.of(value), batchSize, shuffle, seed);
    }

    public TrainingSettings withShuffle(boolean value) {
        return new TrainingSettings(loss, optimizer, schedule, batchSize, value, seed);
    }
}
