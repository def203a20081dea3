package dev.brine.server;

import java.util.Map;

/** A response ready to send: status, content type, body and any extra headers. */
record HttpResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
    static final String JSON = "application/json";

    HttpResponse {
        headers = Map.copyOf(headers);
    }

    static HttpResponse json(int status, byte[] body) {
        return new HttpResponse(status, JSON, body, Map.of());
    }

    static HttpResponse error(HttpError error) {
        byte[] body = MetadataWriter.error(error.getMessage());
        return error.allow() == null ? json(error.status(), body)
                : new HttpResponse(error.status(), JSON, body, Map.of("Allow", error.allow()));
    }
}
