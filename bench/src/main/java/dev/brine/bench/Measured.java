package dev.brine.bench;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * An operation to time repeatedly, with the untimed step that precedes each run (removing the previous run's
 * output). Brine and its references are run interleaved, in rotating order, so that a burst of load from other
 * processes on a shared machine falls on both sides rather than on one.
 */
public record Measured(Samples samples, Runnable prepare, LongSupplier run) {

    /** A Java body timed around its call. */
    public static Measured java(Runnable prepare, Runnable body) {
        return new Measured(new Samples(), prepare, () -> {
            long start = System.nanoTime();
            body.run();
            return System.nanoTime() - start;
        });
    }

    public static Measured java(Runnable body) {
        return java(() -> { }, body);
    }

    /** A body that measures itself (a tool run, or the numpy script's own clock). */
    public static Measured self(Runnable prepare, LongSupplier body) {
        return new Measured(new Samples(), prepare, body);
    }

    public static Measured self(LongSupplier body) {
        return self(() -> { }, body);
    }

    /**
     * Runs every operation {@code repetitions} times, interleaved. With {@code cold}, the page cache is dropped before
     * each run (after its preparation); otherwise dirty pages are written back first, so no run pays for another's.
     */
    public static void interleave(int repetitions, boolean cold, List<Measured> operations) {
        for (int repetition = 0; repetition < repetitions; repetition++) {
            for (int i = 0; i < operations.size(); i++) {
                Measured operation = operations.get((i + repetition) % operations.size());
                operation.prepare().run();
                if (cold) {
                    if (!PageCache.drop()) {
                        throw new IllegalStateException("the page cache could no longer be dropped");
                    }
                } else {
                    SystemTools.sync();
                }
                operation.samples().add(operation.run().getAsLong());
            }
        }
    }
}
