package dev.brine.server;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the requests predicting at once. A request beyond the bound waits for a slot until its deadline and then
 * gets 503, so a burst queues briefly instead of piling up work. Stopping closes admission: waiting and new
 * requests get 503 while admitted ones finish.
 */
final class Admission {
    private final int slots;
    private final Semaphore permits;
    private volatile boolean closed;

    Admission(int slots) {
        this.slots = slots;
        this.permits = new Semaphore(slots);
    }

    /** Takes a slot, waiting at most {@code timeoutNanos}; throws 503 if none came or the server is stopping. */
    void enter(long timeoutNanos) {
        if (closed) {
            throw stopping();
        }
        boolean admitted;
        try {
            admitted = permits.tryAcquire() || permits.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw HttpError.unavailable("the request timed out waiting for a slot");
        }
        if (!admitted) {
            throw HttpError.unavailable("the server is busy: " + slots + " requests are predicting; retry later");
        }
        if (closed) {
            permits.release();
            throw stopping();
        }
    }

    void exit() {
        permits.release();
    }

    int inFlight() {
        return slots - permits.availablePermits();
    }

    void close() {
        closed = true;
    }

    private static HttpError stopping() {
        return HttpError.unavailable("the server is stopping");
    }
}
