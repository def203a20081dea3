package dev.brine.core;

/** A file, registry model, version or alias does not exist. Exit code 7. */
public final class ModelNotFoundException extends BrineException {

    public ModelNotFoundException(String message) {
        super(message);
    }

    public ModelNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int exitCode() {
        return 7;
    }
}
