package dev.brine.server;

import dev.brine.core.tensor.DType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The edges docs/server.md promises (issue 12 §3): a number outside its datatype's range is 400 (including
 * {@code 1e999}, which would overflow to infinity), a repeated JSON key is 400 wherever it is, and a version that is
 * not served is 404 on every endpoint that names one.
 */
class RequestEdgesTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(builder -> builder
                .model("f32", ModelSource.of(new EchoModel(DType.F32, 2), "1"))
                .model("f64", ModelSource.of(new EchoModel(DType.F64, 2), "1"))
                .model("i64", ModelSource.of(new EchoModel(DType.I64, 2), "1"))
                .model("u8", ModelSource.of(new EchoModel(DType.U8, 2), "1"))
                .model("i32", ModelSource.of(new EchoModel(DType.I32, 2), "1")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String infer(String datatype, String data) {
        return "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,2],\"datatype\":\"" + datatype + "\",\"data\":" + data
                + "}]}";
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "f32 | FP32  | [1e999, 0]",
            "f32 | FP32  | [-1e999, 0]",
            "f32 | FP32  | [1e39, 0]",
            "f32 | FP32  | [0, -3.5e38]",
            "f64 | FP64  | [1e999, 0]",
            "f64 | FP64  | [0, -1e400]",
            "f64 | FP32  | [1e999, 0]",
            "i64 | INT64 | [9223372036854775808, 0]",
            "i64 | INT64 | [-9223372036854775809, 0]",
            "i64 | INT64 | [1e999, 0]",
            "u8  | UINT8 | [256, 0]",
            "u8  | UINT8 | [-1, 0]",
            "i32 | INT32 | [2147483648, 0]",
            "i64 | UINT64 | [18446744073709551616, 0]"})
    void aNumberOutsideItsDatatypeIs400(String model, String datatype, String data) {
        HttpResponse<String> response = server.post("/v2/models/" + model + "/infer", infer(datatype, data));
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("range") || response.body().contains("not a"), response.body());
    }

    @Test
    void aNumberOutsideItsDatatypeIs400OnThePredictEndpointToo() {
        HttpResponse<String> response = server.post("/v2/models/f64/predict", "{\"instances\": [[1e999, 0]]}");
        assertEquals(400, response.statusCode(), response.body());
        HttpResponse<String> records = server.post("/v2/models/f32/predict", "[[0, 1e39]]");
        assertEquals(400, records.statusCode(), records.body());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,2],\"datatype\":\"FP64\",\"data\":[1,2]}],\"inputs\":[]}",
            "{\"inputs\":[{\"name\":\"input\",\"name\":\"input\",\"shape\":[1,2],\"datatype\":\"FP64\",\"data\":[1,2]}]}",
            "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,2],\"datatype\":\"FP64\",\"data\":[1,2],\"data\":[3,4]}]}",
            "{\"id\":\"a\",\"id\":\"b\",\"inputs\":[{\"name\":\"input\",\"shape\":[1,2],\"datatype\":\"FP64\",\"data\":[1,2]}]}",
            "{\"parameters\":{\"k\":1,\"k\":2},\"inputs\":[{\"name\":\"input\",\"shape\":[1,2],\"datatype\":\"FP64\",\"data\":[1,2]}]}"})
    void aRepeatedKeyIs400(String body) {
        HttpResponse<String> response = server.post("/v2/models/f64/infer", body);
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("uplicate"), response.body());
    }

    @Test
    void aRepeatedKeyIs400OnThePredictEndpointToo() {
        HttpResponse<String> response = server.post("/v2/models/f64/predict",
                "{\"instances\": [[1, 2]], \"instances\": [[3, 4]]}");
        assertEquals(400, response.statusCode(), response.body());
    }

    @Test
    void aVersionThatIsNotServedIs404OnEveryEndpoint() {
        String body = infer("FP64", "[1, 2]");
        assertEquals(200, server.post("/v2/models/f64/versions/1/infer", body).statusCode());
        assertEquals(404, server.post("/v2/models/f64/versions/2/infer", body).statusCode());
        assertEquals(404, server.post("/v2/models/f64/versions/2/predict", "{\"instances\": [[1, 2]]}")
                .statusCode());
        assertEquals(404, server.get("/v2/models/f64/versions/2").statusCode());
        assertEquals(404, server.get("/v2/models/f64/versions/2/ready").statusCode());
        assertEquals(200, server.get("/v2/models/f64/versions/1/ready").statusCode());
    }
}
