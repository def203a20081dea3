package dev.brine.server;

import com.sun.net.httpserver.HttpExchange;
import dev.brine.core.IncompatibleModelException;
import dev.brine.core.tensor.Tensor;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST …/infer} and {@code POST …/predict}: admit the request, receive its body under the deadline, take
 * the model version once, predict and record the metrics of that version.
 */
final class InferenceEndpoints {
    static final String HEADER_LENGTH = "Inference-Header-Content-Length";
    private static final String OCTET_STREAM = "application/octet-stream";

    /** A request whose client was too slow: its connection is being closed, nothing can be sent. */
    static final class Abandoned extends IOException {
        Abandoned() {
            super("the client was too slow; the connection was closed", null);
        }
    }

    private final ServerLimits limits;
    private final Admission admission;
    private final Deadlines deadlines;
    private final BodyBudget budget;

    InferenceEndpoints(ServerLimits limits, Admission admission, Deadlines deadlines) {
        this.limits = limits;
        this.admission = admission;
        this.deadlines = deadlines;
        this.budget = new BodyBudget(limits.maxBufferedBytes(), limits.maxBodyBytes());
    }

    private interface Work {
        HttpResponse run(byte[] body, LiveVersion live, long[] rows);
    }

    HttpResponse infer(HttpExchange exchange, ServedModel model, Optional<String> version) throws IOException {
        String headerLength = exchange.getRequestHeaders().getFirst(HEADER_LENGTH);
        return admitted(exchange, model, version, (body, live, rows) -> {
            int jsonLength = headerLength == null ? body.length : parseHeaderLength(headerLength);
            InferRequest request = InferRequestReader.read(body, jsonLength);
            rows[0] = request.inputs().isEmpty() ? 0 : Inference.rows(request.inputs().getFirst().shape());
            InferResponseWriter.Encoded encoded = InferResponseWriter.write(Inference.run(live, request,
                    limits.maxBatchRows()));
            if (encoded.jsonHeaderLength() < 0) {
                return HttpResponse.json(200, encoded.body());
            }
            return new HttpResponse(200, OCTET_STREAM, encoded.body(),
                    Map.of(HEADER_LENGTH, Integer.toString(encoded.jsonHeaderLength())));
        });
    }

    HttpResponse predict(HttpExchange exchange, ServedModel model, Optional<String> version, boolean proba)
            throws IOException {
        return admitted(exchange, model, version, (body, live, rows) -> {
            if (proba && live.classifier().isEmpty()) {
                throw HttpError.badRequest("model '" + live.modelName() + "' (" + live.model().type() + ") is not a"
                        + " classifier; it has no probabilities");
            }
            ModelInput input = PredictRequestReader.read(body, live, limits.maxBatchRows());
            rows[0] = input.rows();
            Tensor predictions = input.predict(live);
            Optional<Tensor> probabilities = proba ? Optional.of(input.predictProba(live)) : Optional.empty();
            return HttpResponse.json(200, PredictResponseWriter.write(live, predictions, probabilities));
        });
    }

    /**
     * The request's body is received first (large ones within the shared {@link BodyBudget}), then it waits for
     * a prediction slot: a slow client holds neither a slot nor, with a small body, any budget.
     */
    private HttpResponse admitted(HttpExchange exchange, ServedModel model, Optional<String> version, Work work)
            throws IOException {
        resolve(model, version);
        long timeoutNanos = limits.requestTimeout().toNanos();
        long declaredLength = RequestBody.declaredLength(exchange);
        int reserved = budget.reserve(declaredLength, timeoutNanos);
        try {
            byte[] body = RequestBody.read(exchange, declaredLength, limits.maxBodyBytes());
            if (!deadlines.disarm()) {
                throw new Abandoned();
            }
            admission.enter(timeoutNanos);
            try {
                return predict(body, resolve(model, version), work);
            } finally {
                admission.exit();
            }
        } finally {
            budget.release(reserved);
        }
    }

    private static HttpResponse predict(byte[] body, LiveVersion live, Work work) {
        long start = System.nanoTime();
        long[] rows = {0};
        int status = 500;
        try {
            HttpResponse response = work.run(body, live, rows);
            status = response.status();
            return response;
        } catch (HttpError e) {
            status = e.status();
            throw e;
        } catch (IncompatibleModelException e) {
            status = 422;
            throw HttpError.unprocessable(e.getMessage());
        } finally {
            live.metrics().record(status, System.nanoTime() - start, status == 200 ? rows[0] : 0);
        }
    }

    /** The version a request uses: the one named in the path, or the model's default. */
    static LiveVersion resolve(ServedModel model, Optional<String> version) {
        if (version.isPresent()) {
            return model.version(version.get()).orElseThrow(() -> HttpError.notFound("version " + version.get()
                    + " of model '" + model.name + "' is not served; served versions: "
                    + model.live().stream().map(LiveVersion::version).toList()));
        }
        LiveVersion live = model.defaultVersion();
        if (live == null) {
            throw HttpError.unavailable("model '" + model.name + "' is not loaded yet");
        }
        return live;
    }

    private static int parseHeaderLength(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw HttpError.badRequest(HEADER_LENGTH + " \"" + value + "\" is not a number");
        }
    }
}
