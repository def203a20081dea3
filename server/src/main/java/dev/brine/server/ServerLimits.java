package dev.brine.server;

import java.time.Duration;
import java.util.Objects;

/**
 * What requests may cost. The defaults protect a small machine.
 *
 * @param maxBodyBytes          largest request body; larger ones get 413 before they are read
 * @param maxBufferedBytes      request bodies larger than {@link #SMALL_BODY_BYTES} held in memory at once, all
 *                              requests together; a request that would exceed it waits for room until its deadline,
 *                              then gets 503. Small bodies do not count, so clients that send large bodies slowly
 *                              cannot hold up small requests.
 * @param maxBatchRows          most rows in one request (first dimension of the input); more get 413
 * @param maxConcurrentRequests requests predicting at once; further ones wait for a slot until their deadline, then
 *                              get 503
 * @param requestTimeout        how long a request may take to arrive (a slow client is disconnected), to get room
 *                              and a slot, and to be read back; a prediction that has started runs to its end
 */
public record ServerLimits(long maxBodyBytes, long maxBufferedBytes, long maxBatchRows, int maxConcurrentRequests,
                           Duration requestTimeout) {

    /** Bodies up to this size are read without reserving room in {@code maxBufferedBytes}. */
    public static final int SMALL_BODY_BYTES = 64 * 1024;

    public static final ServerLimits DEFAULTS =
            new ServerLimits(16L << 20, 256L << 20, 100_000, 64, Duration.ofSeconds(10));

    public ServerLimits {
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (maxBodyBytes <= 0 || maxBatchRows <= 0 || maxConcurrentRequests <= 0) {
            throw new IllegalArgumentException("limits must be positive: " + maxBodyBytes + ", " + maxBatchRows
                    + ", " + maxConcurrentRequests);
        }
        if (maxBufferedBytes < maxBodyBytes) {
            throw new IllegalArgumentException("maxBufferedBytes (" + maxBufferedBytes + ") must hold at least one"
                    + " body of maxBodyBytes (" + maxBodyBytes + ")");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive, was " + requestTimeout);
        }
    }

    /** Sets the body limit, raising {@code maxBufferedBytes} to hold at least one such body. */
    public ServerLimits withMaxBodyBytes(long value) {
        return new ServerLimits(value, Math.max(value, maxBufferedBytes), maxBatchRows, maxConcurrentRequests,
                requestTimeout);
    }

    public ServerLimits withMaxBufferedBytes(long value) {
        return new ServerLimits(maxBodyBytes, value, maxBatchRows, maxConcurrentRequests, requestTimeout);
    }

    public ServerLimits withMaxBatchRows(long value) {
        return new ServerLimits(maxBodyBytes, maxBufferedBytes, value, maxConcurrentRequests, requestTimeout);
    }

    public ServerLimits withMaxConcurrentRequests(int value) {
        return new ServerLimits(maxBodyBytes, maxBufferedBytes, maxBatchRows, value, requestTimeout);
    }

    public ServerLimits withRequestTimeout(Duration value) {
        return new ServerLimits(maxBodyBytes, maxBufferedBytes, maxBatchRows, maxConcurrentRequests, value);
    }
}
