package dev.brine.server;

import dev.brine.core.CorruptModelException;
import dev.brine.core.IncompatibleModelException;
import dev.brine.core.ModelNotFoundException;
import dev.brine.core.Models;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.model.Model;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.Signature;
import dev.brine.core.model.StateDict;
import dev.brine.core.model.TensorRole;
import dev.brine.core.model.TensorSpec;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Start, metrics, graceful stop. */
class LifecycleTest {
    @TempDir
    Path directory;

    @Test
    void stopLetsRequestsInProgressFinishAndRefusesNewOnes() throws Exception {
        GatedModel gated = new GatedModel();
        TestServer server = TestServer.start(builder -> builder.model("gated", ModelSource.of(gated, "1")));
        String body = "{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[2.5]}]}";
        CompletableFuture<HttpResponse<String>> inProgress =
                CompletableFuture.supplyAsync(() -> server.post("/v2/models/gated/infer", body));
        assertTrue(gated.entered.await(10, TimeUnit.SECONDS));
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> server.server.stop(Duration.ofSeconds(20)));
        awaitNotReady(server);
        HttpResponse<String> refused = server.post("/v2/models/gated/infer", body);
        assertEquals(503, refused.statusCode());
        assertTrue(TestServer.json(refused).getString("error").contains("stopping"));
        gated.gate.countDown();
        HttpResponse<String> finished = inProgress.get(10, TimeUnit.SECONDS);
        assertEquals(200, finished.statusCode());
        assertTrue(finished.body().contains("[2.5]"), finished.body());
        stopping.get(10, TimeUnit.SECONDS);
        assertThrows(UncheckedIOException.class, () -> server.get("/v2/health/live"));
        assertTrue(server.logged("server_stopped"));
    }

    private static void awaitNotReady(TestServer server) throws InterruptedException {
        for (int attempt = 0; attempt < 2000; attempt++) {
            if (server.get("/v2/health/ready").statusCode() == 503) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("readiness never turned false");
    }

    @Test
    void metricsCountRequestsRowsLatencyAndLoadedVersions() {
        try (TestServer server = TestServer.start(builder -> builder
                .model("affine", ModelSource.of(RealModels.linear(0, 1, 1), "4")))) {
            for (int i = 0; i < 2; i++) {
                assertEquals(200, server.post("/v2/models/affine/infer",
                        TestServer.inferBody(new double[][] {{1, 2}, {3, 4}, {5, 6}})).statusCode());
            }
            assertEquals(422, server.post("/v2/models/affine/infer",
                    TestServer.inferBody(new double[][] {{1, 2, 3}})).statusCode());
            String metrics = server.get("/metrics").body();
            assertTrue(metrics.contains("brine_requests_total{model=\"affine\",version=\"4\",code=\"200\"} 2"), metrics);
            assertTrue(metrics.contains("brine_requests_total{model=\"affine\",version=\"4\",code=\"422\"} 1"), metrics);
            assertTrue(metrics.contains("brine_rows_predicted_total{model=\"affine\",version=\"4\"} 6"), metrics);
            assertTrue(metrics.contains("brine_request_duration_seconds_count{model=\"affine\",version=\"4\"} 3"),
                    metrics);
            assertTrue(metrics.contains("brine_request_duration_seconds_bucket{model=\"affine\",version=\"4\","
                    + "le=\"+Inf\"} 3"), metrics);
            assertTrue(metrics.contains("brine_model_loaded{model=\"affine\",version=\"4\"} 1"), metrics);
            assertTrue(metrics.contains("# TYPE brine_request_duration_seconds histogram"), metrics);
            assertTrue(metrics.contains("brine_http_requests_total{code=\"422\"} 1"), metrics);
        }
    }

    @Test
    void aModelThatCannotLoadFailsTheStartWithItsError() throws IOException {
        assertThrows(ModelNotFoundException.class, () -> TestServer.start(builder -> builder
                .model("m", ModelSource.file(directory.resolve("missing.brine")))));
        Path corrupt = directory.resolve("corrupt.brine");
        Models.save(RealModels.linear(1, 2), corrupt);
        byte[] bytes = Files.readAllBytes(corrupt);
        bytes[bytes.length - 1] ^= 1;
        Files.write(corrupt, bytes);
        assertThrows(CorruptModelException.class, () -> TestServer.start(builder -> builder
                .model("m", ModelSource.file(corrupt))));
        Path weights = directory.resolve("weights.brine");
        Models.save(new StateDict(List.of(new NamedTensor("w", Tensor.of(new float[] {1}), TensorRole.PARAMETER))),
                weights);
        UnsupportedModelException refused = assertThrows(UnsupportedModelException.class,
                () -> TestServer.start(builder -> builder.model("m", ModelSource.file(weights))));
        assertTrue(refused.getMessage().contains("--arch"), refused.getMessage());
    }

    @Test
    void aModelThatFailsItsProbeIsRefusedBeforeServing() {
        Model misfit = new Model() {
            @Override
            public String type() {
                return "misfit";
            }

            @Override
            public Signature signature() {
                return new Signature(List.of(new TensorSpec("input", DType.F64, new long[] {-1, 2})), List.of());
            }

            @Override
            public Tensor predict(Tensor input) {
                return Tensor.of(new double[] {1, 2, 3});
            }

            @Override
            public ModelSnapshot snapshot() {
                throw new UnsupportedOperationException();
            }
        };
        IncompatibleModelException refused = assertThrows(IncompatibleModelException.class,
                () -> TestServer.start(builder -> builder.model("m", ModelSource.of(misfit, "1"))));
        assertTrue(refused.getMessage().contains("one-row probe predicted shape (3,)"), refused.getMessage());
    }

    @Test
    void severalVersionsOfOneModelAreServedAtOnce() {
        try (TestServer server = TestServer.start(builder -> builder
                .model("m", ModelSource.of(RealModels.linear(10, 1), "3"))
                .model("m", ModelSource.of(RealModels.linear(20, 1), "5")))) {
            String body = TestServer.inferBody(new double[][] {{1}});
            assertTrue(server.post("/v2/models/m/infer", body).body().contains("\"data\":[11.0]"));
            assertTrue(server.post("/v2/models/m/versions/3/infer", body).body().contains("\"data\":[11.0]"));
            HttpResponse<String> five = server.post("/v2/models/m/versions/5/infer", body);
            assertTrue(five.body().contains("\"model_version\":\"5\"") && five.body().contains("[21.0]"), five.body());
            assertEquals(List.of("3", "5"), TestServer.json(server.get("/v2/models/m")).getArray("versions")
                    .toStringList());
        }
    }

    @Test
    void twoSourcesCannotServeDifferentModelsUnderOneVersion() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> TestServer.start(builder ->
                builder.model("m", ModelSource.of(RealModels.linear(10, 1), "3"))
                        .model("m", ModelSource.of(RealModels.linear(20, 1), "3"))));
        assertTrue(refused.getMessage().contains("version 3 is already served"), refused.getMessage());
    }
}
