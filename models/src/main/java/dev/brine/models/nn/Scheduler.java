package dev.brine.models.nn;

import dev.brine.core.json.Json;

/**
 * Drives an optimizer's learning rate by a {@link LrSchedule}, keeping PyTorch's scheduler state: the base rate
 * ({@code initial_lr}) and {@code last_epoch} (0 after construction, +1 per step).
 */
public final class Scheduler {

    private final LrSchedule schedule;
    private final double baseLr;
    private long lastEpoch;

    public Scheduler(LrSchedule schedule, double baseLr) {
        this(schedule, baseLr, 0);
    }

    private Scheduler(LrSchedule schedule, double baseLr, long lastEpoch) {
        this.schedule = schedule;
        this.baseLr = baseLr;
        this.lastEpoch = lastEpoch;
    }

    public void step(Optimizer optimizer) {
        lastEpoch++;
        optimizer.setLr(schedule.next(optimizer.lr(), baseLr, lastEpoch));
    }

    public long lastEpoch() {
        return lastEpoch;
    }

    public Json.JsonObject toJson() {
        return Json.object().put("schedule", schedule.toJson()).put("base_lr", baseLr).put("last_epoch", lastEpoch)
                .build();
    }

    public static Scheduler fromJson(Json.JsonObject json) {
        return new Scheduler(LrSchedule.fromJson(json.getObject("schedule")), json.getDouble("base_lr"),
                json.getLong("last_epoch"));
    }
}
