package dev.brine.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one served model version; held by the version itself so a request records without a lookup. */
final class VersionMetrics {
    final String model;
    final String version;
    final Histogram latency = new Histogram();
    final LongAdder rowsPredicted = new LongAdder();
    final Map<Integer, LongAdder> requestsByStatus = new ConcurrentHashMap<>();

    VersionMetrics(String model, String version) {
        this.model = model;
        this.version = version;
    }

    void record(int status, long nanos, long rows) {
        requestsByStatus.computeIfAbsent(status, ignored -> new LongAdder()).increment();
        latency.observeNanos(nanos);
        rowsPredicted.add(rows);
    }
}
