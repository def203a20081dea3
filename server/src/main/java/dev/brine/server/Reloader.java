package dev.brine.server;

import dev.brine.core.BrineException;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.model.Model;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Loads models and keeps them current. Every poll interval it asks each source for its revision; a new revision is
 * loaded and {@linkplain ModelCheck checked} off the request path and only then swapped in. A load that fails
 * leaves the previous version serving and is reported once (log, metric, model metadata); it is retried when the
 * source changes again, or after {@link #RETRY_FAILED_AFTER} in case the failure was passing (a network error).
 */
final class Reloader implements AutoCloseable {
    static final Duration RETRY_FAILED_AFTER = Duration.ofSeconds(30);
    private static final int INITIAL_LOAD_ATTEMPTS = 5;

    private final Catalog catalog;
    private final Metrics metrics;
    private final EventLog log;
    private final Batching batching;
    private final Duration loadTimeout;
    private ScheduledExecutorService scheduler;

    Reloader(Catalog catalog, Metrics metrics, EventLog log, Batching batching, Duration loadTimeout) {
        this.catalog = catalog;
        this.metrics = metrics;
        this.log = log;
        this.batching = batching;
        this.loadTimeout = loadTimeout;
    }

    /**
     * Loads every source once; the first failure is thrown (a server does not start without its models). A source
     * that changes while it loads is read again, a few times.
     */
    void loadAll() {
        for (ServedModel model : catalog.all()) {
            for (Track track : model.tracks) {
                long start = System.nanoTime();
                LiveVersion version;
                try {
                    version = loadSettled(model, track);
                } catch (RuntimeException e) {
                    log.error("model_load_failed", "model", model.name, "source", track.source.description(),
                            "error", describe(e));
                    throw e;
                }
                track.install(version);
                log.info("model_loaded", "model", model.name, "version", version.version(), "source",
                        version.source(), "type", version.model().type(), "ms", millisSince(start));
            }
        }
    }

    private LiveVersion loadSettled(ServedModel model, Track track) {
        for (int attempt = 1; ; attempt++) {
            try {
                return load(model, track, track.source.revision());
            } catch (SourceChangedException e) {
                if (attempt == INITIAL_LOAD_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    void start(Duration interval) {
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("brine-reload").daemon()
                .factory());
        scheduler.scheduleWithFixedDelay(this::pollAll, interval.toNanos(), interval.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    void pollAll() {
        for (ServedModel model : catalog.all()) {
            for (Track track : model.tracks) {
                poll(model, track);
            }
        }
    }

    private void poll(ServedModel model, Track track) {
        Revision revision;
        try {
            revision = track.source.revision();
        } catch (Throwable e) {
            fail(model, track, Optional.empty(), e);
            return;
        }
        LiveVersion serving = track.current();
        if (serving != null && revision.equals(serving.revision())) {
            track.clearFailure();
        }
        if (revision.equals(track.lastSeen()) && !retryDue(track, revision)) {
            return;
        }
        long start = System.nanoTime();
        try {
            LiveVersion next = load(model, track, revision);
            LiveVersion previous = track.install(next);
            metrics.swapped(model.name);
            log.info("model_swapped", "model", model.name, "from", previous == null ? "none" : previous.version(),
                    "to", next.version(), "source", next.source(), "ms", millisSince(start));
        } catch (SourceChangedException e) {
            log.info("model_source_changed", "model", model.name, "source", track.source.description(),
                    "detail", e.getMessage());
        } catch (Throwable e) {
            // Whatever went wrong, even running out of memory for a larger model, the old version keeps serving
            // and polling goes on (a scheduled task that throws is never run again).
            if (Thread.currentThread().isInterrupted()) {
                return; // the server is stopping: the load was cut short, not broken
            }
            track.seen(revision);
            fail(model, track, Optional.of(revision), e);
        }
    }

    private static boolean retryDue(Track track, Revision revision) {
        return track.lastFailure()
                .filter(failure -> failure.revision().equals(Optional.of(revision)))
                .filter(failure -> failure.at().plus(RETRY_FAILED_AFTER).isBefore(Instant.now()))
                .isPresent();
    }

    private LiveVersion load(ServedModel model, Track track, Revision revision) {
        String where = "model '" + model.name + "' from " + track.source.description();
        revision.version().ifPresent(label -> refuseCollision(model, track, label, revision, where));
        Model loaded = withinDeadline(where, () -> {
            Model candidate = track.source.load(revision);
            ModelCheck.check(candidate, where);
            return candidate;
        });
        String version = revision.version().orElseGet(model::nextGeneratedVersion);
        return LiveVersion.create(model.name, version, loaded, revision, track.source.description(), metrics,
                batching);
    }

    /**
     * Runs a load and its probe on a thread of its own and waits for it up to the load timeout. One that takes longer
     * (a model too slow to load, a graph that runs forever) is refused: it is interrupted and abandoned, and the
     * reload thread goes on, so the old version keeps serving and the next revision is loaded as usual.
     */
    private Model withinDeadline(String where, Callable<Model> load) {
        FutureTask<Model> task = new FutureTask<>(load);
        Thread.ofPlatform().name("brine-load").daemon().start(task);
        try {
            return task.get(loadTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            throw new UnsupportedModelException(where + ": loading and probing it took longer than the server's load"
                    + " timeout (" + loadTimeout.toMillis() + " ms), so it is refused. Raise the timeout"
                    + " (BrineServer.Builder.loadTimeout) if the model is really this slow to load.");
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException(where + ": the load was interrupted (the server is stopping)", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(where + ": " + cause, cause);
        }
    }

    /** Two tracks of one name may share a version only when it is the same content (two aliases, one version). */
    private static void refuseCollision(ServedModel model, Track loading, String label, Revision revision,
                                        String where) {
        for (Track other : model.tracks) {
            LiveVersion live = other.current();
            if (other != loading && live != null && live.version().equals(label)
                    && !live.revision().fingerprint().equals(revision.fingerprint())) {
                throw new IllegalStateException(where + ": version " + label + " is already served from "
                        + live.source() + " with other content");
            }
        }
    }

    private void fail(ServedModel model, Track track, Optional<Revision> revision, Throwable error) {
        String message = describe(error);
        boolean repeated = track.lastFailure().filter(failure -> failure.message().equals(message)
                && failure.revision().equals(revision)).isPresent();
        track.failed(new Track.LoadFailure(message, Instant.now(), revision));
        if (repeated) {
            return;
        }
        metrics.loadFailed(model.name);
        LiveVersion serving = track.current();
        log.warn("model_load_failed", "model", model.name, "source", track.source.description(),
                "serving", serving == null ? "none" : serving.version(), "error", message);
    }

    static String describe(Throwable error) {
        String message = error.getMessage() == null ? "" : error.getMessage();
        return error instanceof BrineException ? message : error.getClass().getSimpleName() + ": " + message;
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
