package dev.brine.models.nn;

import dev.brine.core.json.Json;

/**
 * A learning-rate schedule with its state, as PyTorch's {@code StepLR} and {@code CosineAnnealingLR}: the base rate
 * and {@code last_epoch}, advanced by one each {@link #step}. The cosine schedule uses PyTorch's recursive form (each
 * rate computed from the previous one), not the closed form, so the rates are PyTorch's to the last bit.
 */
public sealed interface LrSchedule permits LrSchedule.Step, LrSchedule.Cosine {

    /** The rate after advancing from {@code lastEpoch − 1} to {@code lastEpoch}, given the current rate. */
    double next(double currentLr, double baseLr, long lastEpoch);

    Json.JsonObject toJson();

    /** Multiplies the rate by {@code gamma} every {@code stepSize} steps. */
    record Step(int stepSize, double gamma) implements LrSchedule {
        public Step {
            if (stepSize < 1) throw new IllegalArgumentException("step_size must be >= 1, got " + stepSize);
        }

        @Override
        public double next(double currentLr, double baseLr, long lastEpoch) {
            return lastEpoch == 0 || lastEpoch % stepSize != 0 ? currentLr : currentLr * gamma;
        }

        @Override
        public Json.JsonObject toJson() {
            return Json.object().put("type", "step").put("step_size", stepSize).put("gamma", gamma).build();
        }
    }

    /** Anneals from the base rate to {@code etaMin} along a half cosine over {@code tMax} steps, then back. */
    record Cosine(int tMax, double etaMin) implements LrSchedule {
        public Cosine {
            if (tMax < 1) throw new IllegalArgumentException("T_max must be >= 1, got " + tMax);
        }

        @Override
        public double next(double currentLr, double baseLr, long lastEpoch) {
            if (lastEpoch == 0) {
                return currentLr;
            }
            if (Math.floorMod(lastEpoch - 1 - tMax, 2L * tMax) == 0) {
                return currentLr + (baseLr - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
            }
            return (1 + Math.cos(Math.PI * lastEpoch / tMax)) / (1 + Math.cos(Math.PI * (lastEpoch - 1) / tMax))
                    * (currentLr - etaMin) + etaMin;
        }

        @Override
        public Json.JsonObject toJson() {
            return Json.object().put("type", "cosine").put("T_max", tMax).put("eta_min", etaMin).build();
        }
    }

    /** From {@link #toJson()} or PyTorch-style settings ({@code gamma} defaults to 0.1, {@code eta_min} to 0). */
    static LrSchedule fromJson(Json.JsonObject json) {
        return switch (json.getString("type")) {
            case "step" -> new Step(Math.toIntExact(json.getLong("step_size")),
                    json.has("gamma") ? json.getDouble("gamma") : 0.1);
            case "cosine" -> new Cosine(Math.toIntExact(json.getLong("T_max")),
                    json.has("eta_min") ? json.getDouble("eta_min") : 0);
            default -> throw new IllegalArgumentException("unknown schedule \"" + json.getString("type")
                    + "\"; use step or cosine");
        };
    }
}
