package dev.brine.server;

import dev.brine.core.Models;
import dev.brine.core.json.Json;
import dev.brine.models.linear.LinearRegressor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files replaced under load: every request succeeds, every answer comes wholly from one version, and a damaged
 * replacement never takes traffic. Generation k of the model is y = k·(x1 + x2 + x3) + k, so each answer row tells
 * which generation computed it.
 */
class HotSwapTest {
    private static final int REPLACEMENTS = 20;
    private static final double[][] ROWS = {{1, 2, 3}, {-1, 0.5, 4}, {0, 0, 0}, {2, 2, 2}};

    @TempDir
    Path directory;

    private static LinearRegressor generation(int k) {
        return RealModels.linear(k, k, k, k);
    }

    /** The generation that computed a response, checking that all its rows agree. */
    private static int generationOf(HttpResponse<String> response) {
        Json.JsonObject output = (Json.JsonObject) TestServer.json(response).getArray("outputs").get(0);
        double[] values = TestServer.doubles(output.get("data"));
        int generation = -1;
        for (int row = 0; row < ROWS.length; row++) {
            double sum = ROWS[row][0] + ROWS[row][1] + ROWS[row][2];
            double k = values[row] / (sum + 1);
            assertEquals(Math.rint(k), k, 1e-9, "row " + row + " is no generation's answer: " + values[row]);
            if (generation < 0) {
                generation = (int) Math.rint(k);
            }
            assertEquals(generation, (int) Math.rint(k), "rows of one answer from different versions: "
                    + response.body());
        }
        return generation;
    }

    @Test
    void concurrentRequestsDuringTwentyReplacementsAllSucceedWithUnmixedAnswers() throws Exception {
        hotSwapUnderLoad(Batching.OFF);
    }

    @Test
    void dynamicBatchingNeverMixesVersionsEither() throws Exception {
        hotSwapUnderLoad(Batching.of(16, Duration.ofMillis(2)));
    }

    private void hotSwapUnderLoad(Batching batching) throws Exception {
        Path file = directory.resolve("model.brine");
        Models.save(generation(1), file);
        try (TestServer server = TestServer.start(builder -> builder.model("m", ModelSource.file(file))
                .pollInterval(Duration.ofMillis(10)).batching(batching))) {
            String body = TestServer.inferBody(ROWS);
            AtomicBoolean running = new AtomicBoolean(true);
            Map<String, Integer> generationOfVersion = new ConcurrentHashMap<>();
            List<String> failures = new CopyOnWriteArrayList<>();
            AtomicInteger answered = new AtomicInteger();
            ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
            List<Future<?>> load = new java.util.ArrayList<>();
            for (int client = 0; client < 6; client++) {
                load.add(clients.submit(() -> {
                    while (running.get()) {
                        HttpResponse<String> response = server.post("/v2/models/m/infer", body);
                        if (response.statusCode() != 200) {
                            failures.add(response.statusCode() + " " + response.body());
                            continue;
                        }
                        int k = generationOf(response);
                        String version = TestServer.json(response).getString("model_version");
                        Integer previous = generationOfVersion.putIfAbsent(version, k);
                        if (previous != null && previous != k) {
                            failures.add("version " + version + " answered as generation " + previous + " and " + k);
                        }
                        answered.incrementAndGet();
                    }
                    return null;
                }));
            }
            while (answered.get() < 6 && failures.isEmpty()) {
                Thread.sleep(5);
            }
            for (int k = 2; k <= REPLACEMENTS + 1; k++) {
                Models.save(generation(k), file);
                awaitGeneration(server, body, k);
            }
            running.set(false);
            for (Future<?> client : load) {
                client.get();
            }
            clients.close();
            assertEquals(List.of(), failures);
            assertEquals(REPLACEMENTS + 1, generationOfVersion.size(), "every generation answered: "
                    + generationOfVersion);
            assertTrue(answered.get() > REPLACEMENTS, "load ran through the swaps: " + answered.get());
            String metrics = server.get("/metrics").body();
            assertTrue(metrics.contains("brine_model_swaps_total{model=\"m\"} " + REPLACEMENTS), metrics);
        }
    }

    private static void awaitGeneration(TestServer server, String body, int k) throws InterruptedException {
        for (int attempt = 0; attempt < 2000; attempt++) {
            if (generationOf(server.post("/v2/models/m/infer", body)) == k) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("generation " + k + " never took traffic");
    }

    @Test
    void damagedReplacementDoesNotTakeTrafficAndIsReported() throws Exception {
        Path file = directory.resolve("model.brine");
        Models.save(generation(1), file);
        try (TestServer server = TestServer.start(builder -> builder.model("m", ModelSource.file(file))
                .pollInterval(Duration.ofMillis(10)))) {
            String body = TestServer.inferBody(ROWS);
            Path damaged = directory.resolve("damaged.brine");
            Models.save(generation(2), damaged);
            flipLastByte(damaged);
            Files.move(damaged, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            awaitLoadError(server);
            HttpResponse<String> response = server.post("/v2/models/m/infer", body);
            assertEquals(200, response.statusCode());
            assertEquals(1, generationOf(response));
            assertEquals("1", TestServer.json(response).getString("model_version"));
            assertTrue(server.logged("model_load_failed"), String.join("\n", server.log));
            assertTrue(server.get("/metrics").body().contains("brine_model_load_failures_total{model=\"m\"} 1"));

            Files.writeString(directory.resolve("garbage.brine"), "not a model at all");
            Files.move(directory.resolve("garbage.brine"), file, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            awaitFailures(server, 2);
            assertEquals(1, generationOf(server.post("/v2/models/m/infer", body)));

            Models.save(generation(3), file);
            awaitGenerationOrFail(server, body, 3);
            Json.JsonObject metadata = TestServer.json(server.get("/v2/models/m"));
            assertTrue(!metadata.getObject("parameters").has("load_errors"), metadata.toString());
        }
    }

    private static void flipLastByte(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 0x55;
        Files.write(file, bytes);
    }

    private static void awaitLoadError(TestServer server) throws InterruptedException {
        for (int attempt = 0; attempt < 2000; attempt++) {
            Json.JsonObject parameters = TestServer.json(server.get("/v2/models/m")).getObject("parameters");
            if (parameters.has("load_errors")) {
                String error = ((Json.JsonObject) parameters.getArray("load_errors").get(0)).getString("error");
                assertTrue(error.contains("SHA-256"), error);
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the damaged file was never reported");
    }

    private static void awaitFailures(TestServer server, int count) throws InterruptedException {
        for (int attempt = 0; attempt < 2000; attempt++) {
            if (server.get("/metrics").body().contains("brine_model_load_failures_total{model=\"m\"} " + count)) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("failure " + count + " was never counted");
    }

    private static void awaitGenerationOrFail(TestServer server, String body, int k) throws InterruptedException {
        awaitGeneration(server, body, k);
    }
}
