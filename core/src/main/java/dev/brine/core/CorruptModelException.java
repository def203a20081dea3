package dev.brine.core;

/** The file is malformed or truncated, fails an integrity check, or exceeds a {@link Limits} value. Exit code 4. */
public final class CorruptModelException extends BrineException {

    public CorruptModelException(String message) {
        super(message);
    }

    public CorruptModelException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int exitCode() {
        return 4;
    }
}
