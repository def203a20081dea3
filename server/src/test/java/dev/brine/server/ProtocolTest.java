package dev.brine.server;

import dev.brine.core.json.Json;
import dev.brine.models.linear.LinearRegressor;
import dev.brine.models.linear.LogisticClassifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Open Inference Protocol v2 REST conformance, endpoint by endpoint, against a real server. */
class ProtocolTest {
    private static final LinearRegressor AFFINE = RealModels.linear(List.of("a", "b", "c"), 0.5, 1, 2, 3);
    private static final LogisticClassifier CLASSIFIER =
            RealModels.logistic(List.of("cat", "dog"), List.of(), 0, 1, -1);
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(builder -> builder
                .model("affine", ModelSource.of(AFFINE, "7"))
                .model("pets", ModelSource.of(CLASSIFIER, "1")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void serverMetadataNamesTheServerAndItsExtensions() {
        HttpResponse<String> response = server.get("/v2");
        assertEquals(200, response.statusCode());
        Json.JsonObject body = TestServer.json(response);
        assertEquals("brine", body.getString("name"));
        assertTrue(body.getArray("extensions").toStringList().contains("binary_tensor_data"));
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void healthEndpointsAnswerLiveAndReady() {
        assertEquals(200, server.get("/v2/health/live").statusCode());
        HttpResponse<String> ready = server.get("/v2/health/ready");
        assertEquals(200, ready.statusCode());
        assertTrue(TestServer.json(ready).getBoolean("ready"));
    }

    @Test
    void modelMetadataComesFromTheSignature() {
        Json.JsonObject body = TestServer.json(server.get("/v2/models/affine"));
        assertEquals("affine", body.getString("name"));
        assertEquals(List.of("7"), body.getArray("versions").toStringList());
        Json.JsonObject input = (Json.JsonObject) body.getArray("inputs").get(0);
        assertEquals("input", input.getString("name"));
        assertEquals("FP64", input.getString("datatype"));
        assertArrayEquals(new long[] {-1, 3}, input.getArray("shape").toLongArray());
        Json.JsonObject output = (Json.JsonObject) body.getArray("outputs").get(0);
        assertEquals("prediction", output.getString("name"));
        assertEquals(List.of("a", "b", "c"), body.getObject("parameters").getArray("feature_names").toStringList());
    }

    @Test
    void classifierMetadataListsProbabilitiesAndClassOutputs() {
        Json.JsonObject body = TestServer.json(server.get("/v2/models/pets/versions/1"));
        List<String> outputs = body.getArray("outputs").items().stream()
                .map(o -> ((Json.JsonObject) o).getString("name")).toList();
        assertEquals(List.of("label", "probabilities", "class"), outputs);
        Json.JsonObject probabilities = (Json.JsonObject) body.getArray("outputs").get(1);
        assertArrayEquals(new long[] {-1, 2}, probabilities.getArray("shape").toLongArray());
        assertEquals(List.of("cat", "dog"), body.getObject("parameters").getArray("class_labels").toStringList());
    }

    @Test
    void readinessOfModelsAndVersions() {
        assertTrue(TestServer.json(server.get("/v2/models/affine/ready")).getBoolean("ready"));
        assertEquals(200, server.get("/v2/models/affine/versions/7/ready").statusCode());
        assertEquals(404, server.get("/v2/models/affine/versions/8/ready").statusCode(), "a version not served is unknown");
    }

    @Test
    void inferPredictsEveryRowAndEchoesTheId() {
        String body = "{\"id\":\"req-42\",\"inputs\":[{\"name\":\"input\",\"shape\":[2,3],\"datatype\":\"FP64\","
                + "\"data\":[1,2,3,0.5,-1,4]}]}";
        HttpResponse<String> response = server.post("/v2/models/affine/infer", body);
        assertEquals(200, response.statusCode(), response.body());
        Json.JsonObject json = TestServer.json(response);
        assertEquals("affine", json.getString("model_name"));
        assertEquals("7", json.getString("model_version"));
        assertEquals("req-42", json.getString("id"));
        Json.JsonObject output = (Json.JsonObject) json.getArray("outputs").get(0);
        assertEquals("prediction", output.getString("name"));
        assertEquals("FP64", output.getString("datatype"));
        assertArrayEquals(new long[] {2}, output.getArray("shape").toLongArray());
        assertArrayEquals(new double[] {1 + 4 + 9 + 0.5, 0.5 - 2 + 12 + 0.5},
                TestServer.doubles(output.get("data")));
    }

    @Test
    void inferAcceptsNestedRowMajorData() {
        String body = "{\"inputs\":[{\"name\":\"input\",\"shape\":[2,3],\"datatype\":\"FP64\","
                + "\"data\":[[1,2,3],[0.5,-1,4]]}]}";
        Json.JsonObject output = (Json.JsonObject) TestServer.json(server.post("/v2/models/affine/infer", body))
                .getArray("outputs").get(0);
        assertArrayEquals(new double[] {14.5, 11}, TestServer.doubles(output.get("data")));
    }

    @Test
    void inferReadsDataThatComesBeforeItsShape() {
        String body = "{\"inputs\":[{\"data\":[1,1,1],\"name\":\"input\",\"datatype\":\"FP64\",\"shape\":[1,3]}]}";
        Json.JsonObject output = (Json.JsonObject) TestServer.json(server.post("/v2/models/affine/infer", body))
                .getArray("outputs").get(0);
        assertArrayEquals(new double[] {6.5}, TestServer.doubles(output.get("data")));
    }

    @Test
    void inferOnANamedVersion() {
        HttpResponse<String> response = server.post("/v2/models/affine/versions/7/infer",
                TestServer.inferBody(new double[][] {{0, 0, 0}}));
        assertEquals(200, response.statusCode());
        assertEquals(404, server.post("/v2/models/affine/versions/3/infer",
                TestServer.inferBody(new double[][] {{0, 0, 0}})).statusCode());
    }

    @Test
    void classifierReturnsTheNamedOutputsAskedFor() {
        String body = "{\"inputs\":[{\"name\":\"input\",\"shape\":[2,2],\"datatype\":\"FP64\",\"data\":[3,0,0,3]}],"
                + "\"outputs\":[{\"name\":\"class\"},{\"name\":\"probabilities\"},{\"name\":\"label\"}]}";
        Json.JsonObject json = TestServer.json(server.post("/v2/models/pets/infer", body));
        Json.JsonArray outputs = json.getArray("outputs");
        Json.JsonObject classes = (Json.JsonObject) outputs.get(0);
        assertEquals("BYTES", classes.getString("datatype"));
        assertEquals(List.of("dog", "cat"), classes.getArray("data").toStringList());
        Json.JsonObject probabilities = (Json.JsonObject) outputs.get(1);
        assertArrayEquals(new long[] {2, 2}, probabilities.getArray("shape").toLongArray());
        double[] expected = CLASSIFIER.predictProba(dev.brine.core.tensor.Tensor.of(new double[] {3, 0, 0, 3}, 2, 2))
                .toDoubleArray();
        assertArrayEquals(expected, TestServer.doubles(probabilities.get("data")));
        Json.JsonObject labels = (Json.JsonObject) outputs.get(2);
        assertEquals("INT64", labels.getString("datatype"));
        assertArrayEquals(new long[] {1, 0}, labels.getArray("data").toLongArray());
    }

    @Test
    void unknownOutputIsRefusedNamingTheOutputsThatExist() {
        String body = "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,2],\"datatype\":\"FP64\",\"data\":[1,2]}],"
                + "\"outputs\":[{\"name\":\"logits\"}]}";
        HttpResponse<String> response = server.post("/v2/models/pets/infer", body);
        assertEquals(400, response.statusCode());
        String error = TestServer.json(response).getString("error");
        assertTrue(error.contains("'logits'") && error.contains("probabilities"), error);
    }

    @Test
    void binaryOutputsFollowTheJsonHeader() {
        String body = "{\"inputs\":[{\"name\":\"input\",\"shape\":[2,2],\"datatype\":\"FP64\",\"data\":[3,0,0,3]}],"
                + "\"outputs\":[{\"name\":\"probabilities\",\"parameters\":{\"binary_data\":true}},"
                + "{\"name\":\"class\",\"parameters\":{\"binary_data\":true}}]}";
        HttpResponse<byte[]> response = server.sendBytes(HttpRequest.newBuilder(server.uri("/v2/models/pets/infer"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(200, response.statusCode());
        int headerLength = Integer.parseInt(response.headers().firstValue("Inference-Header-Content-Length")
                .orElseThrow());
        Json.JsonObject header = (Json.JsonObject) dev.brine.core.json.JsonParser.parse(
                new String(response.body(), 0, headerLength, StandardCharsets.UTF_8));
        Json.JsonObject probabilities = (Json.JsonObject) header.getArray("outputs").get(0);
        assertFalse(probabilities.has("data"));
        assertEquals(32, probabilities.getObject("parameters").getLong("binary_data_size"));
        ByteBuffer binary = ByteBuffer.wrap(response.body(), headerLength, response.body().length - headerLength)
                .order(ByteOrder.LITTLE_ENDIAN);
        double[] values = new double[4];
        for (int i = 0; i < 4; i++) {
            values[i] = binary.getDouble();
        }
        double[] expected = CLASSIFIER.predictProba(dev.brine.core.tensor.Tensor.of(new double[] {3, 0, 0, 3}, 2, 2))
                .toDoubleArray();
        assertArrayEquals(expected, values);
        List<String> labels = new java.util.ArrayList<>();
        while (binary.hasRemaining()) {
            byte[] label = new byte[binary.getInt()];
            binary.get(label);
            labels.add(new String(label, StandardCharsets.UTF_8));
        }
        assertEquals(List.of("dog", "cat"), labels);
    }

    @Test
    void binaryInputsAreTakenInInputOrder() {
        String header = "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,3],\"datatype\":\"FP32\","
                + "\"parameters\":{\"binary_data_size\":12}}]}";
        ByteBuffer body = ByteBuffer.allocate(header.length() + 12).order(ByteOrder.LITTLE_ENDIAN);
        body.put(header.getBytes(StandardCharsets.UTF_8)).putFloat(1f).putFloat(0.25f).putFloat(-2f);
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri("/v2/models/affine/infer"))
                .header("Content-Type", "application/octet-stream")
                .header("Inference-Header-Content-Length", Integer.toString(header.length()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.array())).build());
        assertEquals(200, response.statusCode(), response.body());
        Json.JsonObject output = (Json.JsonObject) TestServer.json(response).getArray("outputs").get(0);
        assertArrayEquals(new double[] {1 + 0.5 - 6 + 0.5}, TestServer.doubles(output.get("data")));
    }

    @Test
    void unknownModelsAndPathsAre404AndWrongMethods405() {
        HttpResponse<String> unknown = server.get("/v2/models/nope");
        assertEquals(404, unknown.statusCode());
        assertTrue(TestServer.json(unknown).getString("error").contains("[affine, pets]"));
        assertEquals(404, server.get("/v2/elsewhere").statusCode());
        assertEquals(404, server.get("/").statusCode());
        HttpResponse<String> wrongMethod = server.get("/v2/models/affine/infer");
        assertEquals(405, wrongMethod.statusCode());
        assertEquals("POST", wrongMethod.headers().firstValue("Allow").orElseThrow());
        assertEquals(405, server.post("/v2/models/affine", "{}").statusCode());
    }

    @Test
    void modelListShowsEveryModelWithItsVersions() {
        Json.JsonArray models = TestServer.json(server.get("/v2/models")).getArray("models");
        assertEquals(2, models.size());
        assertEquals(List.of("7"), ((Json.JsonObject) models.get(0)).getArray("versions").toStringList());
        assertEquals("[affine, pets]", Arrays.toString(models.items().stream()
                .map(m -> ((Json.JsonObject) m).getString("name")).toArray()));
    }

    @Test
    void zeroRowsGiveEmptyOutputs() {
        String body = "{\"inputs\":[{\"name\":\"input\",\"shape\":[0,2],\"datatype\":\"FP64\",\"data\":[]}],"
                + "\"outputs\":[{\"name\":\"label\"},{\"name\":\"probabilities\"},{\"name\":\"class\"}]}";
        HttpResponse<String> response = server.post("/v2/models/pets/infer", body);
        assertEquals(200, response.statusCode(), response.body());
        for (Json output : TestServer.json(response).getArray("outputs").items()) {
            assertEquals(0, ((Json.JsonObject) output).getArray("data").size());
            assertEquals(0, ((Json.JsonObject) output).getArray("shape").toLongArray()[0]);
        }
    }
}
