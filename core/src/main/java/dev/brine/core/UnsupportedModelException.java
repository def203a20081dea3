package dev.brine.core;

/** The file is well-formed but names an estimator, layer, dtype or format version Brine does not implement. Exit code 5. */
public final class UnsupportedModelException extends BrineException {

    public UnsupportedModelException(String message) {
        super(message);
    }

    public UnsupportedModelException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int exitCode() {
        return 5;
    }
}
