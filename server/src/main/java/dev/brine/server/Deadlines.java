package dev.brine.server;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Disconnects slow clients. Every request thread is armed with a deadline while it waits on the network (the
 * request line and headers, the body, writing the response); a watchdog interrupts threads past their deadline,
 * and an interrupted blocking socket operation closes the connection. The deadline is disarmed while the model
 * predicts, which the network cannot slow down.
 *
 * <p>The JDK's HTTP server only offers JVM-wide timeouts (system properties read once); this keeps them per
 * server.
 */
final class Deadlines implements AutoCloseable {
    /** Marks a thread the watchdog has interrupted, until the thread notices. */
    private static final Long TIMED_OUT = Long.MIN_VALUE;

    private final Map<Thread, Long> deadlines = new ConcurrentHashMap<>();
    private final long timeoutNanos;
    private final Thread watchdog;
    private volatile boolean running = true;

    Deadlines(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        long tickMillis = Math.max(5, Math.min(100, timeout.toMillis() / 4));
        this.watchdog = Thread.ofPlatform().name("brine-deadlines").daemon().start(() -> watch(tickMillis));
    }

    /** Runs one exchange of the HTTP server: armed from its first byte, never left armed after it. */
    void run(Runnable exchange) {
        arm();
        try {
            exchange.run();
        } finally {
            deadlines.remove(Thread.currentThread());
        }
    }

    /** Starts the clock for the calling thread. */
    void arm() {
        deadlines.put(Thread.currentThread(), System.nanoTime() + timeoutNanos);
    }

    /**
     * Stops the clock for the calling thread. False when the watchdog got there first: the connection is being
     * closed and the request must be abandoned.
     */
    boolean disarm() {
        Long deadline = deadlines.remove(Thread.currentThread());
        return deadline != null && !deadline.equals(TIMED_OUT);
    }

    private void watch(long tickMillis) {
        while (running) {
            try {
                Thread.sleep(tickMillis);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Map.Entry<Thread, Long> entry : deadlines.entrySet()) {
                Long deadline = entry.getValue();
                if (!deadline.equals(TIMED_OUT) && now - deadline > 0
                        && deadlines.replace(entry.getKey(), deadline, TIMED_OUT)) {
                    entry.getKey().interrupt();
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        watchdog.interrupt();
    }
}
