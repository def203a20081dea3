package dev.brine.bench;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * An operation to time repeatedly, with the untimed step that precedes each run (removing the previous run's
 * output) and the clock that measures its CPU time. Brine and its references are run interleaved, in rotating
 * order, so that a burst of load from other processes on a shared machine falls on both sides rather than on one.
 *
 * @param run returns the wall time of one run in nanoseconds
 */
public record Measured(Samples samples, Runnable prepare, LongSupplier run, CpuClock cpu) {

    /** A Java body, timed around its call; CPU time is this JVM's. */
    public static Measured java(Runnable prepare, Runnable body) {
        return new Measured(new Samples(), prepare, () -> {
            long start = System.nanoTime();
            body.run();
            return System.nanoTime() - start;
        }, CpuClock.PROCESS);
    }

    public static Measured java(Runnable body) {
        return java(() -> { }, body);
    }

    /** A tool run by {@link SystemTools}, which returns its wall time; CPU time is the child process's. */
    public static Measured tool(Runnable prepare, LongSupplier run) {
        return new Measured(new Samples(), prepare, run, CpuClock.CHILDREN);
    }

    public static Measured tool(LongSupplier run) {
        return tool(() -> { }, run);
    }

    /** A body that reports its own wall time (the numpy script's clock); CPU time is not measured. */
    public static Measured timedBy(Runnable prepare, LongSupplier run) {
        return new Measured(new Samples(), prepare, run, CpuClock.NONE);
    }

    /** Runs once and records wall and CPU time. */
    void measureOnce() {
        long cpuStart = cpu.now();
        long wall = run.getAsLong();
        samples.add(wall, cpu.since(cpuStart));
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
                operation.measureOnce();
            }
        }
    }
}
