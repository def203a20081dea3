package dev.brine.registry;

import java.time.Duration;

/**
 * How {@link Registry#gc} runs.
 *
 * @param grace   leave alone unreferenced artifacts and partial uploads younger than this: a push in progress on
 *                another machine may have uploaded them and not yet committed (it would upload again, but need
 *                not). Zero means everything unreferenced now, whatever times the store reports (S3Proxy, for
 *                one, reports every unfinished multipart upload as started at the moment it is listed). Soft-deleted
 *                versions are purged whatever their age.
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
