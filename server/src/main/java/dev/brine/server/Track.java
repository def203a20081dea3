package dev.brine.server;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One source of a served model and the version it currently has taking traffic. Only the reload thread writes
 * here; requests read {@link #current()} once.
 */
final class Track {
    /** Why the newest revision is not serving; cleared by the next successful load. */
    record LoadFailure(String message, Instant at, Optional<Revision> revision) {
    }

    final ModelSource source;
    private final AtomicReference<LiveVersion> current = new AtomicReference<>();
    private volatile Revision lastSeen;
    private volatile LoadFailure lastFailure;

    Track(ModelSource source) {
        this.source = source;
    }

    LiveVersion current() {
        return current.get();
    }

    /** Puts {@code version} in service; returns the one it replaces (null for the first). */
    LiveVersion install(LiveVersion version) {
        lastSeen = version.revision();
        lastFailure = null;
        return current.getAndSet(version);
    }

    Revision lastSeen() {
        return lastSeen;
    }

    void seen(Revision revision) {
        lastSeen = revision;
    }

    Optional<LoadFailure> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    void failed(LoadFailure failure) {
        lastFailure = failure;
    }

    /** The source is back at the version being served (a file put back): the old failure no longer applies. */
    void clearFailure() {
        lastFailure = null;
    }
}
