package dev.brine.core;

/**
 * Root of every error Brine raises on purpose. Unchecked, like jhdf's {@code HdfException}: callers that can act
 * on a kind of failure catch the subtype, everything else reaches the CLI, which maps {@link #exitCode()} to the
 * process exit status of the product brief.
 *
 * <p>Messages say what was wrong, where (file, byte offset, key, layer) and what to do about it.
 */
public sealed abstract class BrineException extends RuntimeException
        permits UnsafeModelException, CorruptModelException, UnsupportedModelException,
                IncompatibleModelException, ModelNotFoundException {

    protected BrineException(String message) {
        super(message);
    }

    protected BrineException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The exit status of the {@code brine} command for this kind of failure. */
    public abstract int exitCode();
}
