package dev.brine.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Repeated timings of one operation, in nanoseconds. */
public final class Samples {
    private final List<Long> nanos = new ArrayList<>();

    public void add(long elapsedNanos) {
        nanos.add(elapsedNanos);
    }

    /** Times {@code body} once and records it. */
    public void time(Runnable body) {
        long start = System.nanoTime();
        body.run();
        add(System.nanoTime() - start);
    }

    public int count() {
        return nanos.size();
    }

    public long median() {
        long[] sorted = sorted();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public long min() {
        return sorted()[0];
    }

    private long[] sorted() {
        if (nanos.isEmpty()) {
            throw new IllegalStateException("no samples");
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted;
    }
}
