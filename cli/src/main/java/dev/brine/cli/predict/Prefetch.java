package dev.brine.cli.predict;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;

/**
 * Produces items on a thread of its own, at most two ahead, so that reading and typing the next batch overlaps with
 * predicting and writing this one. A failure of the producer is thrown by {@link #next} as it was thrown, so its
 * exit code survives.
 */
final class Prefetch<T> implements AutoCloseable {
    private static final Object END = new Object();

    private record Failure(Throwable error) {
    }

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(2);
    private final Thread thread;

    /** {@code source} gives items until it returns null. */
    Prefetch(Supplier<T> source) {
        thread = Thread.ofPlatform().daemon().name("brine-predict-read").start(() -> {
            try {
                try {
                    for (T item = source.get(); item != null; item = source.get()) {
                        queue.put(item);
                    }
                    queue.put(END);
                } catch (RuntimeException | Error e) {
                    queue.put(new Failure(e));
                }
            } catch (InterruptedException e) {
                // closed before the end: the consumer failed or stopped
            }
        });
    }

    /** The next item, or null after the last. */
    @SuppressWarnings("unchecked")
    T next() {
        Object item;
        try {
            item = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the input", e);
        }
        if (item == END) {
            return null;
        }
        if (item instanceof Failure failure) {
            if (failure.error() instanceof RuntimeException runtime) throw runtime;
            throw (Error) failure.error();
        }
        return (T) item;
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
