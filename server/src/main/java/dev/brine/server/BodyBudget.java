package dev.brine.server;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Room for large request bodies in memory, shared by all requests (in KiB, so a semaphore can count it). Reserved
 * before a large body is read, given back when its request is done; small bodies need none.
 */
final class BodyBudget {
    private final Semaphore kibibytes;
    private final long maxBodyBytes;

    BodyBudget(long maxBufferedBytes, long maxBodyBytes) {
        this.kibibytes = new Semaphore((int) Math.min(Integer.MAX_VALUE, maxBufferedBytes >> 10));
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Reserves room for a body of {@code declaredLength} bytes (-1: unknown, reserve the limit); returns what to
     * give back. A body over the limit needs none: it is refused without being kept. Throws 503 when no room came within {@code timeoutNanos}.
     */
    int reserve(long declaredLength, long timeoutNanos) {
        long length = declaredLength < 0 ? maxBodyBytes : declaredLength;
        if (length <= ServerLimits.SMALL_BODY_BYTES || length > maxBodyBytes) {
            return 0; // small, or refused with 413 unread
        }
        int units = (int) ((length + 1023) >> 10);
        boolean reserved;
        try {
            reserved = kibibytes.tryAcquire(units, timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reserved = false;
        }
        if (!reserved) {
            throw HttpError.unavailable("the server is receiving too many large requests at once; retry later");
        }
        return units;
    }

    void release(int units) {
        if (units > 0) {
            kibibytes.release(units);
        }
    }
}
