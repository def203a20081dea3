package dev.brine.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Maps paths to endpoints (Open Inference Protocol v2 REST, plus {@code /metrics}) and turns every outcome into a
 * response: {@link HttpError}s into their status with {@code {"error": "…"}}, anything unexpected into a 500 that is
 * logged. One request's failure never reaches another: each runs on its own virtual thread.
 */
final class Router implements HttpHandler {
    private static final String GET = "GET";
    private static final String POST = "POST";

    private final Catalog catalog;
    private final Metrics metrics;
    private final EventLog log;
    private final Deadlines deadlines;
    private final InferenceEndpoints inference;
    private final BooleanSupplier accepting;
    private final AtomicInteger active = new AtomicInteger();

    Router(Catalog catalog, Metrics metrics, EventLog log, Deadlines deadlines, InferenceEndpoints inference,
           BooleanSupplier accepting) {
        this.catalog = catalog;
        this.metrics = metrics;
        this.log = log;
        this.deadlines = deadlines;
        this.inference = inference;
        this.accepting = accepting;
    }

    /** Requests inside {@link #handle}: from their headers read to their response written. */
    int active() {
        return active.get();
    }

    @Override
    public void handle(HttpExchange exchange) {
        active.incrementAndGet();
        try {
            HttpResponse response;
            try {
                response = route(exchange);
            } catch (HttpError e) {
                response = HttpResponse.error(e);
            } catch (InferenceEndpoints.Abandoned e) {
                metrics.httpRequest(408);
                return;
            } catch (IOException e) {
                metrics.httpRequest(499);
                return;
            } catch (RuntimeException e) {
                log.error("request_failed", "method", exchange.getRequestMethod(), "path",
                        exchange.getRequestURI().getRawPath(), "error", Reloader.describe(e));
                response = HttpResponse.json(500, MetadataWriter.error("internal error: " + Reloader.describe(e)));
            }
            metrics.httpRequest(response.status());
            send(exchange, response);
        } catch (IOException e) {
            // The client went away or was too slow while the response was written: nothing more to do.
        } finally {
            exchange.close();
            active.decrementAndGet();
        }
    }

    private HttpResponse route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String[] path = segments(exchange.getRequestURI().getPath());
        if (path.length == 1 && path[0].equals("metrics")) {
            requireMethod(method, GET);
            byte[] text = metrics.render(catalog.live()).getBytes(StandardCharsets.UTF_8);
            return new HttpResponse(200, "text/plain; version=0.0.4; charset=utf-8", text, java.util.Map.of());
        }
        if (path.length == 0 || !path[0].equals("v2")) {
            throw notFound(exchange);
        }
        if (path.length == 1) {
            requireMethod(method, GET);
            return HttpResponse.json(200, MetadataWriter.server());
        }
        return switch (path[1]) {
            case "health" -> health(exchange, path);
            case "models" -> models(exchange, path);
            default -> throw notFound(exchange);
        };
    }

    private HttpResponse health(HttpExchange exchange, String[] path) {
        if (path.length != 3) {
            throw notFound(exchange);
        }
        requireMethod(exchange.getRequestMethod(), GET);
        return switch (path[2]) {
            case "live" -> HttpResponse.json(200, MetadataWriter.flag("live", true));
            case "ready" -> {
                boolean ready = accepting.getAsBoolean() && catalog.ready();
                yield HttpResponse.json(ready ? 200 : 503, MetadataWriter.flag("ready", ready));
            }
            default -> throw notFound(exchange);
        };
    }

    /** {@code /v2/models[/NAME[/versions/V][/ready|/infer|/predict]]}. */
    private HttpResponse models(HttpExchange exchange, String[] path) throws IOException {
        String method = exchange.getRequestMethod();
        if (path.length == 2) {
            requireMethod(method, GET);
            return HttpResponse.json(200, MetadataWriter.models(catalog));
        }
        ServedModel model = catalog.get(path[2]);
        int next = 3;
        Optional<String> version = Optional.empty();
        if (path.length > next && path[next].equals("versions")) {
            if (path.length == next + 1) {
                throw notFound(exchange);
            }
            version = Optional.of(path[next + 1]);
            next += 2;
        }
        if (path.length == next) {
            requireMethod(method, GET);
            return HttpResponse.json(200, MetadataWriter.model(model, InferenceEndpoints.resolve(model, version)));
        }
        if (path.length != next + 1) {
            throw notFound(exchange);
        }
        return switch (path[next]) {
            case "ready" -> {
                requireMethod(method, GET);
                // A named version that is not served is unknown (404), as on every other endpoint; 503 is for a model
                // whose default version is not loaded yet.
                boolean ready = version.isPresent() ? InferenceEndpoints.resolve(model, version) != null
                        : model.ready();
                yield HttpResponse.json(ready ? 200 : 503, MetadataWriter.modelReady(model.name, ready));
            }
            case "infer" -> {
                requireMethod(method, POST);
                yield inference.infer(exchange, model, version);
            }
            case "predict" -> {
                requireMethod(method, POST);
                yield inference.predict(exchange, model, version, queryFlag(exchange, "proba"));
            }
            default -> throw notFound(exchange);
        };
    }

    private void send(HttpExchange exchange, HttpResponse response) throws IOException {
        deadlines.arm();
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        response.headers().forEach(exchange.getResponseHeaders()::set);
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String[] segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }

    private static boolean queryFlag(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getQuery();
        if (query == null) {
            return false;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "true" : pair.substring(equals + 1);
            if (key.equals(name)) {
                if (value.equals("true") || value.equals("1")) {
                    return true;
                }
                if (value.equals("false") || value.equals("0")) {
                    return false;
                }
                throw HttpError.badRequest("query parameter " + name + "=" + value + ": expected true or false");
            }
        }
        return false;
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw HttpError.methodNotAllowed(method, allowed);
        }
    }

    private static HttpError notFound(HttpExchange exchange) {
        return HttpError.notFound("no such endpoint: " + exchange.getRequestURI().getPath() + ". Endpoints: /v2,"
                + " /v2/health/live, /v2/health/ready, /v2/models, /v2/models/NAME[/versions/V][/ready|/infer"
                + "|/predict], /metrics");
    }
}
