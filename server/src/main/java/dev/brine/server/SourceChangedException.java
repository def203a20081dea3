package dev.brine.server;

/** A model source changed while it was being loaded; the load is discarded and the next poll tries again. */
public final class SourceChangedException extends RuntimeException {
    public SourceChangedException(String message) {
        super(message);
    }
}
