package dev.brine.core;

/** Weights do not fit the architecture (missing or unexpected keys, shape or dtype mismatch), or input does not fit the signature. Exit code 6. */
public final class IncompatibleModelException extends BrineException {

    public IncompatibleModelException(String message) {
        super(message);
    }

    public IncompatibleModelException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int exitCode() {
        return 6;
    }
}
