package dev.brine.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile and broken clients (slow senders, huge bodies, garbage) are refused or disconnected while a steady load
 * of valid requests keeps being served, every one of them.
 */
class AbuseTest {
    private static final Duration TIMEOUT = Duration.ofMillis(400);
    private static final long MAX_BODY = 8192;

    private TestServer server;
    private ExecutorService steadyClients;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<String> steadyFailures = new CopyOnWriteArrayList<>();
    private final AtomicInteger steadyServed = new AtomicInteger();
    private final List<Future<?>> steady = new ArrayList<>();

    @BeforeEach
    void startServerAndSteadyLoad() {
        server = TestServer.start(builder -> builder
                .model("affine", ModelSource.of(RealModels.linear(1, 1, 1, 1), "1"))
                .limits(ServerLimits.DEFAULTS.withMaxBodyBytes(MAX_BODY).withMaxConcurrentRequests(4)
                        .withRequestTimeout(TIMEOUT)));
        steadyClients = Executors.newVirtualThreadPerTaskExecutor();
        String body = TestServer.inferBody(new double[][] {{1, 2, 3}});
        for (int client = 0; client < 3; client++) {
            steady.add(steadyClients.submit(() -> {
                while (running.get()) {
                    HttpResponse<String> response = server.post("/v2/models/affine/infer", body);
                    if (response.statusCode() == 200 && response.body().contains("[7.0]")) {
                        steadyServed.incrementAndGet();
                    } else {
                        steadyFailures.add(response.statusCode() + " " + response.body());
                    }
                }
                return null;
            }));
        }
    }

    @AfterEach
    void stopAndCheckTheSteadyLoad() throws Exception {
        int before = steadyServed.get();
        while (steadyServed.get() < before + 10 && steadyFailures.isEmpty()) {
            Thread.sleep(5);
        }
        running.set(false);
        for (Future<?> client : steady) {
            client.get();
        }
        steadyClients.close();
        server.close();
        assertEquals(List.of(), steadyFailures, "the steady load was disturbed");
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(server.server.uri().getHost(), server.server.port());
        socket.setSoTimeout(15_000);
        return socket;
    }

    /** Reads until the server closes the connection; what it sent before, if anything. */
    private static String readUntilClosed(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] all;
        try {
            all = in.readAllBytes();
        } catch (SocketException reset) {
            return "";
        }
        return new String(all, StandardCharsets.ISO_8859_1);
    }

    @Test
    void clientThatNeverFinishesItsHeadersIsDisconnected() throws IOException {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write("POST /v2/models/affine/infer HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals("", readUntilClosed(socket));
        }
    }

    @Test
    void clientThatNeverFinishesItsBodyIsDisconnected() throws IOException {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v2/models/affine/infer HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"inp")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals("", readUntilClosed(socket));
        }
    }

    @Test
    void slowClientsDoNotTakePredictionSlots() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) {
                Socket socket = connect();
                socket.getOutputStream().write(("POST /v2/models/affine/infer HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Length: 50\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                slow.add(socket);
            }
            for (int i = 0; i < 20; i++) {
                assertEquals(200, server.post("/v2/models/affine/infer",
                        TestServer.inferBody(new double[][] {{0, 0, 0}})).statusCode());
            }
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    void bodyFarOverTheLimitIsRefusedBeforeItIsSent() throws IOException {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v2/models/affine/infer HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = readUntilClosed(socket);
            assertTrue(response.startsWith("HTTP/1.1 413"), response);
            assertTrue(response.contains("the limit is 8192 bytes"), response);
        }
    }

    @Test
    void bodySomewhatOverTheLimitGetsA413TheClientCanRead() {
        String padding = " ".repeat((int) MAX_BODY);
        HttpResponse<String> response = server.post("/v2/models/affine/infer",
                TestServer.inferBody(new double[][] {{1, 2, 3}}) + padding);
        assertEquals(413, response.statusCode());
        assertTrue(TestServer.json(response).getString("error").contains("limit is 8192"));
    }

    @Test
    void chunkedBodyOverTheLimitIsCutOff() {
        byte[] chunk = new byte[4096];
        java.util.Arrays.fill(chunk, (byte) ' ');
        HttpRequest request = HttpRequest.newBuilder(server.uri("/v2/models/affine/infer"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new InputStream() {
                    private long sent;

                    @Override
                    public int read() {
                        return sent++ < 10_000_000 ? ' ' : -1;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) {
                        if (sent >= 10_000_000) {
                            return -1;
                        }
                        int count = Math.min(length, chunk.length);
                        System.arraycopy(chunk, 0, buffer, offset, count);
                        sent += count;
                        return count;
                    }
                })).build();
        try {
            assertEquals(413, server.send(request).statusCode());
        } catch (UncheckedIOException connectionClosed) {
            // Also clean: the server stopped reading and closed the connection.
        }
    }

    @Test
    void garbageAndHalfRequestsInParallelAllGetErrors() throws Exception {
        List<String> bodies = List.of("", "{", "[1,2,3]", "{\"inputs\":{}}", "\u0000\u0001", "{\"inputs\":[{}]}",
                "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,3],\"datatype\":\"FP64\",\"data\":[[[[[[[[[[[["
                        + "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}]}");
        try (ExecutorService attackers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (String body : bodies) {
                    statuses.add(attackers.submit(() -> server.post("/v2/models/affine/infer", body).statusCode()));
                }
            }
            for (Future<Integer> status : statuses) {
                assertEquals(400, status.get());
            }
        }
    }
}
