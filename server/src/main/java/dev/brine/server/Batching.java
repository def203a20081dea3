package dev.brine.server;

import java.time.Duration;
import java.util.Objects;

/**
 * Dynamic batching: requests to one model version that arrive within {@code maxDelay} of the first are predicted
 * together, up to {@code maxRows} rows, and each gets its own rows back. It trades up to {@code maxDelay} of latency
 * for fewer, larger predictions; {@link #OFF} predicts every request on its own.
 */
public record Batching(int maxRows, Duration maxDelay) {

    public static final Batching OFF = new Batching(1, Duration.ZERO);

    public Batching {
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1, was " + maxRows);
        }
        if (maxDelay.isNegative() || maxDelay.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("maxDelay must be between 0 and 1 s, was " + maxDelay);
        }
    }

    public static Batching of(int maxRows, Duration maxDelay) {
        return new Batching(maxRows, maxDelay);
    }

    public boolean enabled() {
        return maxRows > 1 && !maxDelay.isZero();
    }
}
