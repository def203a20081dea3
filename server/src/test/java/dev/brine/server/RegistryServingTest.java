package dev.brine.server;

import dev.brine.core.Models;
import dev.brine.core.json.Json;
import dev.brine.registry.PushRequest;
import dev.brine.registry.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
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
 * Serving registry aliases (SQLite registry, filesystem artifacts): the alias moves forward and back 20 times under
 * load, no request fails, no answer mixes versions, and the version label is always the registry's. Version n of
 * model m is y = n·(x1 + x2) + n.
 */
class RegistryServingTest {
    private static final double[][] ROWS = {{1, 2}, {-3, 0.5}, {0, 0}};

    @TempDir
    Path directory;
    private Registry registry;

    @BeforeEach
    void pushVersions() {
        registry = Registry.open(directory.resolve("registry.db").toString());
        for (int n = 1; n <= 11; n++) {
            Path file = directory.resolve("m" + n + ".brine");
            Models.save(RealModels.linear(n, n, n), file);
            PushRequest.Builder request = PushRequest.builder("m");
            if (n == 1) {
                request.alias("prod");
            }
            assertEquals(n, registry.push(file, request.build()).version().version());
        }
    }

    @AfterEach
    void closeRegistry() {
        registry.close();
    }

    private static int versionComputing(HttpResponse<String> response) {
        Json.JsonObject output = (Json.JsonObject) TestServer.json(response).getArray("outputs").get(0);
        double[] values = TestServer.doubles(output.get("data"));
        int version = -1;
        for (int row = 0; row < ROWS.length; row++) {
            double n = values[row] / (ROWS[row][0] + ROWS[row][1] + 1);
            assertEquals(Math.rint(n), n, 1e-9, "no version computes " + values[row]);
            if (version < 0) {
                version = (int) Math.rint(n);
            }
            assertEquals(version, (int) Math.rint(n), "rows from different versions: " + response.body());
        }
        return version;
    }

    @Test
    void aliasMovesForwardAndBackUnderLoadWithoutAFailedOrMixedAnswer() throws Exception {
        try (TestServer server = TestServer.start(builder -> builder
                .model("m", ModelSource.registry(registry, "models:/m@prod")).pollInterval(Duration.ofMillis(10)))) {
            String body = TestServer.inferBody(ROWS);
            AtomicBoolean running = new AtomicBoolean(true);
            List<String> failures = new CopyOnWriteArrayList<>();
            Map<Integer, Boolean> versionsSeen = new ConcurrentHashMap<>();
            AtomicInteger answered = new AtomicInteger();
            List<Future<?>> load = new java.util.ArrayList<>();
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int client = 0; client < 6; client++) {
                    load.add(clients.submit(() -> {
                        while (running.get()) {
                            HttpResponse<String> response = server.post("/v2/models/m/infer", body);
                            if (response.statusCode() != 200) {
                                failures.add(response.statusCode() + " " + response.body());
                                continue;
                            }
                            int computed = versionComputing(response);
                            String label = TestServer.json(response).getString("model_version");
                            if (!label.equals(Integer.toString(computed))) {
                                failures.add("version " + label + " answered as version " + computed);
                            }
                            versionsSeen.put(computed, true);
                            answered.incrementAndGet();
                        }
                        return null;
                    }));
                }
                int[] moves = {2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
                for (int target : moves) {
                    registry.setAlias("m", "prod", target);
                    awaitVersion(server, body, target);
                }
                running.set(false);
                for (Future<?> client : load) {
                    client.get();
                }
            }
            assertEquals(List.of(), failures);
            assertEquals(11, versionsSeen.size(), "every version answered: " + versionsSeen.keySet());
            assertTrue(server.get("/metrics").body().contains("brine_model_swaps_total{model=\"m\"} 20"));
        }
    }

    private static void awaitVersion(TestServer server, String body, int version) throws InterruptedException {
        for (int attempt = 0; attempt < 2000; attempt++) {
            if (versionComputing(server.post("/v2/models/m/infer", body)) == version) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("version " + version + " never took traffic");
    }

    @Test
    void anAliasMovedToAnotherSignatureIsNeverServed() throws InterruptedException {
        Path wider = directory.resolve("wide.brine");
        Models.save(RealModels.linear(12, 1, 1, 1), wider);   // takes three features, not two
        assertEquals(12, registry.push(wider, PushRequest.builder("m").build()).version().version());
        try (TestServer server = TestServer.start(builder -> builder
                .model("m", ModelSource.registry(registry, "models:/m@prod")).pollInterval(Duration.ofMillis(10)))) {
            registry.setAlias("m", "prod", 12, true);
            String body = TestServer.inferBody(ROWS);
            for (int attempt = 0; attempt < 2000 && !server.logged("model_load_failed"); attempt++) {
                Thread.sleep(5);
            }
            assertTrue(server.logged("model_load_failed"), String.join("\n", server.log));
            assertEquals(1, versionComputing(server.post("/v2/models/m/infer", body)));
            String metadata = server.get("/v2/models/m").body();
            assertTrue(metadata.contains("keeps serving"), metadata);
            registry.setAlias("m", "prod", 3);   // a version that fits is taken again
            awaitVersion(server, body, 3);
        }
    }

    @Test
    void prodAndCanaryAreServedSideBySide() {
        registry.setAlias("m", "canary", 7);
        try (TestServer server = TestServer.start(builder -> builder
                .model("m", ModelSource.registry(registry, "models:/m@prod"))
                .model("m", ModelSource.registry(registry, "models:/m@canary")))) {
            String body = TestServer.inferBody(ROWS);
            assertEquals(1, versionComputing(server.post("/v2/models/m/infer", body)));
            assertEquals(7, versionComputing(server.post("/v2/models/m/versions/7/infer", body)));
            Json.JsonObject metadata = TestServer.json(server.get("/v2/models/m"));
            assertEquals(List.of("1", "7"), metadata.getArray("versions").toStringList());
            assertEquals("models:/m@prod", metadata.getObject("parameters").getString("source"));
        }
    }
}
