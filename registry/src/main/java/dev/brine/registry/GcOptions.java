package dev.brine.registry;

import java.time.Duration;

/**
 * How {@link Registry#gc} runs.
 *
 * @param grace   leave alone unreferenced artifacts and partial uploads younger than this: a push in progress on
 *                another machine may have uploaded them and not yet committed (it would upload again, but need
 *                not). Soft-deleted versions are purged whatever their age.
 * @param dryRun  report what would be removed, remove nothing
 */
public record GcOptions(Duration grace, boolean dryRun) {

    public static final GcOptions DEFAULT = new GcOptions(Duration.ofHours(1), false);

    public GcOptions {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("the gc grace period cannot be negative: " + grace);
        }
    }
}
