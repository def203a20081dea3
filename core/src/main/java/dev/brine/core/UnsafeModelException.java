package dev.brine.core;

/** The file asks for code to run (a pickle global outside the allow-list, a Keras Lambda, an archive path escaping its root). Brine never runs code from a model file. Exit code 3. */
public final class UnsafeModelException extends BrineException {

    public UnsafeModelException(String message) {
        super(message);
    }

    public UnsafeModelException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int exitCode() {
        return 3;
    }
}
