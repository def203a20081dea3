package dev.brine.server;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body into memory, never more than the limit. A body declared too large is refused with 413
 * before it is read; if it is not far over the limit it is first read and thrown away, so the client, still
 * sending, gets the 413 rather than a reset connection. The request deadline bounds how long that may take.
 */
final class RequestBody {
    /** Bodies up to this many times the limit are drained before the 413 so the client can read it. */
    private static final long DRAIN_FACTOR = 4;

    private RequestBody() {
    }

    /** The Content-Length the client declared, or -1 for a chunked body. */
    static long declaredLength(HttpExchange exchange) {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared == null) {
            return -1;
        }
        try {
            long length = Long.parseLong(declared.trim());
            if (length < 0) {
                throw new NumberFormatException();
            }
            return length;
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("Content-Length \"" + declared + "\" is not a length");
        }
    }

    static byte[] read(HttpExchange exchange, long declaredLength, long maxBytes) throws IOException {
        InputStream in = exchange.getRequestBody();
        if (declaredLength >= 0) {
            if (declaredLength > maxBytes) {
                if (declaredLength <= maxBytes * DRAIN_FACTOR) {
                    drain(in, declaredLength);
                }
                throw tooLarge(declaredLength + " bytes", maxBytes);
            }
            byte[] body = in.readNBytes((int) declaredLength);
            if (body.length < declaredLength) {
                throw HttpError.badRequest("the body ended after " + body.length + " of " + declaredLength
                        + " bytes");
            }
            return body;
        }
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (body.length > maxBytes) {
            drain(in, maxBytes * (DRAIN_FACTOR - 1));
            throw tooLarge("more than " + maxBytes + " bytes", maxBytes);
        }
        return body;
    }

    /** Reads and discards at most {@code budget} bytes. */
    private static void drain(InputStream in, long budget) throws IOException {
        byte[] sink = new byte[8192];
        long remaining = budget;
        int read;
        while (remaining > 0 && (read = in.read(sink, 0, (int) Math.min(sink.length, remaining))) > 0) {
            remaining -= read;
        }
    }

    private static HttpError tooLarge(String size, long maxBytes) {
        return HttpError.tooLarge("the request body is " + size + "; the limit is " + maxBytes + " bytes (raise it"
                + " with --max-body-bytes, or send fewer rows per request)");
    }
}
