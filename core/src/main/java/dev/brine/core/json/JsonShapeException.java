package dev.brine.core.json;

/**
 * Well-formed JSON whose shape is not what the reader expected (a missing key, a string where a number belongs).
 * Readers catch it and rethrow the {@link dev.brine.core.BrineException} that fits, with the file and context.
 */
public final class JsonShapeException extends RuntimeException {
    public JsonShapeException(String message) {
        super(message);
    }
}
