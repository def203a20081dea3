package dev.brine.server;

import dev.brine.core.json.Json;
import dev.brine.core.model.Model;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The load of a new version has a deadline: a version that does not finish loading and probing in time is refused
 * while the old one keeps serving, and the next revision still loads.
 */
class LoadDeadlineTest {
    private static final double[][] ROWS = {{1, 2, 3}};

    /** Revision k serves y = k·(x1 + x2 + x3) + k; revision 2 never finishes loading (until interrupted). */
    private static final class SteppedSource implements ModelSource {
        final AtomicInteger current = new AtomicInteger(1);
        volatile boolean slowLoadInterrupted;

        @Override
        public String description() {
            return "test:stepped";
        }

        @Override
        public Revision revision() {
            return Revision.unversioned("revision-" + current.get());
        }

        @Override
        public Model load(Revision revision) {
            int k = Integer.parseInt(revision.fingerprint().substring("revision-".length()));
            if (k == 2) {
                try {
                    Thread.sleep(Duration.ofMinutes(5));
                } catch (InterruptedException e) {
                    slowLoadInterrupted = true;
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("the slow load was given up");
            }
            return RealModels.linear(k, k, k, k);
        }
    }

    @Test
    void aVersionOverTheLoadDeadlineIsRefusedWhileTheOldOneServesAndTheNextStillLoads() throws Exception {
        SteppedSource source = new SteppedSource();
        try (TestServer server = TestServer.start(builder -> builder.model("m", source)
                .pollInterval(Duration.ofMillis(10)).loadTimeout(Duration.ofMillis(300)))) {
            String body = TestServer.inferBody(ROWS);
            assertEquals(1.0 * 7, answer(server, body), "generation 1 serves");

            source.current.set(2);
            String error = awaitLoadError(server);
            assertTrue(error.contains("load timeout (300 ms)"), error);
            assertEquals(7.0, answer(server, body), "the old version keeps serving");
            assertTrue(server.logged("model_load_failed"), String.join("\n", server.log));
            for (int i = 0; i < 500 && !source.slowLoadInterrupted; i++) {
                Thread.sleep(10);
            }
            assertTrue(source.slowLoadInterrupted, "the abandoned load is interrupted");

            source.current.set(3);
            for (int i = 0; i < 1000 && answer(server, body) != 3.0 * 7; i++) {
                Thread.sleep(10);
            }
            assertEquals(3.0 * 7, answer(server, body), "the next revision loads");
        }
    }

    private static double answer(TestServer server, String body) {
        HttpResponse<String> response = server.post("/v2/models/m/infer", body);
        assertEquals(200, response.statusCode(), response.body());
        Json.JsonObject output = (Json.JsonObject) TestServer.json(response).getArray("outputs").get(0);
        return TestServer.doubles(output.get("data"))[0];
    }

    private static String awaitLoadError(TestServer server) throws InterruptedException {
        for (int attempt = 0; attempt < 1000; attempt++) {
            Json.JsonObject parameters = TestServer.json(server.get("/v2/models/m")).getObject("parameters");
            if (parameters.has("load_errors")) {
                return ((Json.JsonObject) parameters.getArray("load_errors").get(0)).getString("error");
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the slow version was never reported");
    }
}
