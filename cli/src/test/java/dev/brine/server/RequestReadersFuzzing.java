package dev.brine.server;

/**
 * The server's request reader is package-private; this test-only class, in the same package on the class path, lets
 * the readers' fuzz target ({@code dev.brine.cli.fuzz.ReadersFuzzTarget}) feed it bodies. A malformed body may only
 * end in the server's HTTP error with a 4xx status, never in anything else.
 */
public final class RequestReadersFuzzing {
    private RequestReadersFuzzing() {
    }

    public static void readInferRequest(byte[] body) {
        try {
            InferRequestReader.read(body, body.length);
        } catch (HttpError refused) {
            // The client's request is refused with a 4xx status: the only way a body may fail.
            if (refused.status() >= 500) {
                throw refused;
            }
        }
    }
}
