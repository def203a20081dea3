package dev.brine.server;

import dev.brine.core.json.Json;
import dev.brine.core.json.JsonParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/** A real server on a free loopback port, with a real HTTP client and the server's log lines captured. */
final class TestServer implements AutoCloseable {
    final BrineServer server;
    final List<String> log = new CopyOnWriteArrayList<>();
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    TestServer(UnaryOperator<BrineServer.Builder> configure) {
        this.server = configure.apply(BrineServer.builder().port(0).log(log::add)).start();
    }

    static TestServer start(UnaryOperator<BrineServer.Builder> configure) {
        return new TestServer(configure);
    }

    URI uri(String path) {
        return server.uri().resolve(path);
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<byte[]> sendBytes(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The response body as JSON, parsed by core's parser (independent of the server's writer). */
    static Json.JsonObject json(HttpResponse<String> response) {
        return (Json.JsonObject) JsonParser.parse(response.body());
    }

    /** Infer request JSON for one FP64 input named {@code input}. */
    static String inferBody(double[][] rows) {
        StringBuilder data = new StringBuilder();
        for (double[] row : rows) {
            for (double value : row) {
                data.append(data.isEmpty() ? "" : ",").append(value);
            }
        }
        return "{\"inputs\":[{\"name\":\"input\",\"shape\":[" + rows.length + "," + rows[0].length
                + "],\"datatype\":\"FP64\",\"data\":[" + data + "]}]}";
    }

    static double[] doubles(Json json) {
        return ((Json.JsonArray) json).toDoubleArray();
    }

    boolean logged(String event) {
        return log.stream().anyMatch(line -> line.contains(" event=" + event + " ") || line.endsWith(" event="
                + event));
    }

    @Override
    public void close() {
        server.stop(Duration.ofSeconds(5));
    }
}
