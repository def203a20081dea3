package dev.brine.server;

import java.time.Duration;
import java.util.Objects;

/**
 * What one request may cost. The defaults protect a small machine: at most {@code maxConcurrentRequests} bodies of
 * at most {@code maxBodyBytes} are held at once (1 GiB in the worst case).
 *
 * @param maxBodyBytes          largest request body; larger ones get 413 before they are read
 * @param maxBatchRows          most rows in one request (first dimension of the input); more get 413
 * @param maxConcurrentRequests inference requests being received or predicted at once; further ones wait for a
 *                              slot until their deadline, then get 503
 * @param requestTimeout        how long a request may take to arrive (a slow client is disconnected) and to get a
 *                              slot; a prediction that has started runs to its end
 */
public record ServerLimits(long maxBodyBytes, long maxBatchRows, int maxConcurrentRequests,
                           Duration requestTimeout) {

    public static final ServerLimits DEFAULTS = new ServerLimits(16L << 20, 100_000, 64, Duration.ofSeconds(10));

    public ServerLimits {
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (maxBodyBytes <= 0 || maxBatchRows <= 0 || maxConcurrentRequests <= 0) {
            throw new IllegalArgumentException("limits must be positive: " + maxBodyBytes + ", " + maxBatchRows
                    + ", " + maxConcurrentRequests);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive, was " + requestTimeout);
        }
    }

    public ServerLimits withMaxBodyBytes(long value) {
        return new ServerLimits(value, maxBatchRows, maxConcurrentRequests, requestTimeout);
    }

    public ServerLimits withMaxBatchRows(long value) {
        return new ServerLimits(maxBodyBytes, value, maxConcurrentRequests, requestTimeout);
    }

    public ServerLimits withMaxConcurrentRequests(int value) {
        return new ServerLimits(maxBodyBytes, maxBatchRows, value, requestTimeout);
    }

    public ServerLimits withRequestTimeout(Duration value) {
        return new ServerLimits(maxBodyBytes, maxBatchRows, maxConcurrentRequests, value);
    }
}
