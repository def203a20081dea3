package dev.brine.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** Repeated measurements of one operation: wall time and, where measured, CPU time, in nanoseconds. */
public final class Samples {
    private final List<Long> wallNanos = new ArrayList<>();
    private final List<Long> cpuNanos = new ArrayList<>();

    /** Records one run; {@code cpu} is -1 when CPU time was not measured. */
    public void add(long wall, long cpu) {
        wallNanos.add(wall);
        cpuNanos.add(cpu);
    }

    public void add(long wall) {
        add(wall, -1);
    }

    public int count() {
        return wallNanos.size();
    }

    public long median() {
        return median(wallNanos);
    }

    public long min() {
        return sorted(wallNanos)[0];
    }

    /** Median CPU time, if every run measured it. */
    public OptionalLong medianCpu() {
        return cpuNanos.isEmpty() || cpuNanos.stream().anyMatch(cpu -> cpu < 0)
                ? OptionalLong.empty() : OptionalLong.of(median(cpuNanos));
    }

    private static long median(List<Long> values) {
        long[] sorted = sorted(values);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static long[] sorted(List<Long> values) {
        if (values.isEmpty()) {
            throw new IllegalStateException("no samples");
        }
        return values.stream().mapToLong(Long::longValue).sorted().toArray();
    }
}
