package dev.brine.server;

/**
 * A request the server refuses, with the HTTP status and the message sent as {@code {"error": "…"}} (Open
 * Inference Protocol). 400: the request is malformed; 404: no such model or version; 413: too large; 422: well
 * formed but does not fit the model (input name, dtype, shape); 503: not ready, busy or stopping.
 */
final class HttpError extends RuntimeException {
    private final int status;
    private final String allow;

    private HttpError(int status, String message) {
        this(status, message, null);
    }

    private HttpError(int status, String message, String allow) {
        super(message, null, false, false);
        this.status = status;
        this.allow = allow;
    }

    int status() {
        return status;
    }

    /** The methods a 405 names in its {@code Allow} header; null otherwise. */
    String allow() {
        return allow;
    }

    static HttpError badRequest(String message) {
        return new HttpError(400, message);
    }

    static HttpError notFound(String message) {
        return new HttpError(404, message);
    }

    static HttpError methodNotAllowed(String method, String allowed) {
        return new HttpError(405, method + " is not allowed here; use " + allowed, allowed);
    }

    static HttpError tooLarge(String message) {
        return new HttpError(413, message);
    }

    static HttpError unsupportedMediaType(String message) {
        return new HttpError(415, message);
    }

    static HttpError unprocessable(String message) {
        return new HttpError(422, message);
    }

    static HttpError unavailable(String message) {
        return new HttpError(503, message);
    }
}
