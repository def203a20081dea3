package dev.brine.server;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** A Prometheus histogram of durations in seconds, with buckets from 50 µs to 10 s; lock-free to record. */
final class Histogram {
    static final double[] UPPER_BOUNDS_SECONDS = {
            0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final LongAdder[] buckets = new LongAdder[UPPER_BOUNDS_SECONDS.length + 1];
    private final DoubleAdder sumSeconds = new DoubleAdder();

    Histogram() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    void observeNanos(long nanos) {
        double seconds = nanos / 1e9;
        int bucket = 0;
        while (bucket < UPPER_BOUNDS_SECONDS.length && seconds > UPPER_BOUNDS_SECONDS[bucket]) {
            bucket++;
        }
        buckets[bucket].increment();
        sumSeconds.add(seconds);
    }

    /** Appends the {@code _bucket}, {@code _sum} and {@code _count} lines; {@code labels} is {@code a="b",} or empty. */
    void render(StringBuilder out, String name, String labels) {
        long cumulative = 0;
        for (int i = 0; i < buckets.length; i++) {
            cumulative += buckets[i].sum();
            String bound = i < UPPER_BOUNDS_SECONDS.length
                    ? java.math.BigDecimal.valueOf(UPPER_BOUNDS_SECONDS[i]).toPlainString() : "+Inf";
            out.append(name).append("_bucket{").append(labels).append("le=\"").append(bound).append("\"} ")
                    .append(cumulative).append('\n');
        }
        String plainLabels = labels.isEmpty() ? "" : "{" + labels.substring(0, labels.length() - 1) + "}";
        out.append(name).append("_sum").append(plainLabels).append(' ').append(sumSeconds.sum()).append('\n');
        out.append(name).append("_count").append(plainLabels).append(' ').append(cumulative).append('\n');
    }
}
