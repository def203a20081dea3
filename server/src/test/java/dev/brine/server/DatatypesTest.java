package dev.brine.server;

import dev.brine.core.json.Json;
import dev.brine.core.tensor.DType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every protocol datatype through a model that returns its input: JSON in and out, binary in and out, range
 * checks, and which conversions a model's input dtype accepts.
 */
class DatatypesTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(builder -> {
            for (Datatype datatype : Datatype.values()) {
                datatype.dtype().ifPresent(dtype -> builder.model("echo-" + datatype.name().toLowerCase(),
                        ModelSource.of(new EchoModel(dtype, 2), "1")));
            }
            return builder;
        });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String infer(String datatype, String data) {
        return "{\"inputs\":[{\"name\":\"input\",\"shape\":[2,2],\"datatype\":\"" + datatype + "\",\"data\":" + data
                + "}]}";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "BOOL   | [true,false,false,true]",
            "UINT8  | [0,1,128,255]",
            "UINT16 | [0,1,32768,65535]",
            "UINT32 | [0,1,2147483648,4294967295]",
            "UINT64 | [0,1,9223372036854775808,18446744073709551615]",
            "INT8   | [-128,-1,0,127]",
            "INT16  | [-32768,-1,0,32767]",
            "INT32  | [-2147483648,-1,0,2147483647]",
            "INT64  | [-9223372036854775808,-1,0,9223372036854775807]",
            "FP16   | [-65504.0,0.5,0.0,65504.0]",
            "BF16   | [-1.0,0.5,0.0,3.3895314E38]",
            "FP32   | [-3.4028235E38,0.1,1.4E-45,3.4028235E38]",
            "FP64   | [-1.7976931348623157E308,0.1,4.9E-324,1.7976931348623157E308]"})
    void jsonDataComesBackExactly(String datatype, String data) {
        HttpResponse<String> response = server.post("/v2/models/echo-" + datatype.toLowerCase() + "/infer",
                infer(datatype, data));
        assertEquals(200, response.statusCode(), response.body());
        Json.JsonObject output = (Json.JsonObject) TestServer.json(response).getArray("outputs").get(0);
        assertEquals(datatype, output.getString("datatype"));
        assertArrayEquals(new long[] {2, 2}, output.getArray("shape").toLongArray());
        assertEquals(data, output.get("data").toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "BOOL   | 01000001",
            "UINT8  | 00017fff",
            "INT16  | 0080ffff01007f00",
            "INT64  | 00000000000000800100000000000000ffffffffffffffff0000000000000000",
            "FP16   | 003c00bc0000ff7b",
            "FP32   | 0000803f000000bfcdcccc3d00000000",
            "FP64   | 000000000000f03f000000000000e0bf9a9999999999b93f0000000000000000"})
    void binaryDataComesBackByteForByte(String datatype, String hex) {
        byte[] data = HexFormat.of().parseHex(hex);
        String header = "{\"inputs\":[{\"name\":\"input\",\"shape\":[2,2],\"datatype\":\"" + datatype + "\","
                + "\"parameters\":{\"binary_data_size\":" + data.length + "}}],"
                + "\"parameters\":{\"binary_data_output\":true}}";
        byte[] headerBytes = header.getBytes(StandardCharsets.UTF_8);
        byte[] body = Arrays.copyOf(headerBytes, headerBytes.length + data.length);
        System.arraycopy(data, 0, body, headerBytes.length, data.length);
        HttpResponse<byte[]> response = server.sendBytes(HttpRequest.newBuilder(
                        server.uri("/v2/models/echo-" + datatype.toLowerCase() + "/infer"))
                .header("Inference-Header-Content-Length", Integer.toString(headerBytes.length))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        assertEquals("application/octet-stream", response.headers().firstValue("Content-Type").orElseThrow());
        int jsonLength = Integer.parseInt(response.headers().firstValue("Inference-Header-Content-Length")
                .orElseThrow());
        assertArrayEquals(data, Arrays.copyOfRange(response.body(), jsonLength, response.body().length));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "UINT8  | [0,1,2,256]",
            "UINT8  | [0,1,2,-1]",
            "INT8   | [0,1,2,128]",
            "INT32  | [0,1,2,2147483648]",
            "UINT64 | [0,1,2,18446744073709551616]",
            "INT64  | [0,1,2,1.5]",
            "BOOL   | [0,1,true,false]",
            "FP32   | [0,1,2,\"3\"]"})
    void valuesOutsideTheDatatypeAreRefused(String datatype, String data) {
        HttpResponse<String> response = server.post("/v2/models/echo-" + datatype.toLowerCase() + "/infer",
                infer(datatype, data));
        assertEquals(400, response.statusCode(), response.body());
        String error = TestServer.json(response).getString("error");
        assertTrue(error.contains("input 'input'") && error.contains("index"), error);
    }

    @ParameterizedTest(name = "{0} to {1}")
    @CsvSource({"FP32, FP64", "FP16, FP64", "INT32, FP64", "UINT8, INT16", "INT16, FP32", "UINT16, UINT32",
            "INT8, INT64"})
    void exactWideningIsAccepted(String sent, String modelTakes) {
        HttpResponse<String> response = server.post("/v2/models/echo-" + modelTakes.toLowerCase() + "/infer",
                infer(sent, "[1,2,3,4]"));
        assertEquals(200, response.statusCode(), response.body());
        Json.JsonObject output = (Json.JsonObject) TestServer.json(response).getArray("outputs").get(0);
        assertEquals(modelTakes, output.getString("datatype"));
        assertArrayEquals(new double[] {1, 2, 3, 4}, TestServer.doubles(output.get("data")));
    }

    @ParameterizedTest(name = "{0} to {1}")
    @CsvSource({"FP64, FP32", "INT64, FP64", "INT32, FP32", "INT8, UINT8", "UINT64, INT64", "BOOL, INT8",
            "FP32, INT32"})
    void lossyConversionIsRefusedWith422(String sent, String modelTakes) {
        String data = sent.equals("BOOL") ? "[true,false,true,false]" : "[1,2,3,4]";
        HttpResponse<String> response = server.post("/v2/models/echo-" + modelTakes.toLowerCase() + "/infer",
                infer(sent, data));
        assertEquals(422, response.statusCode(), response.body());
        String error = TestServer.json(response).getString("error");
        assertTrue(error.contains("is " + sent) && error.contains(modelTakes), error);
    }

    @Test
    void bytesInputIsReadThenRefusedBecauseModelsTakeNumbers() {
        HttpResponse<String> response = server.post("/v2/models/echo-fp64/infer",
                infer("BYTES", "[\"a\",\"b\",\"c\",\"d\"]"));
        assertEquals(422, response.statusCode());
        assertTrue(TestServer.json(response).getString("error").contains("BYTES"));
    }

    @Test
    void everyDtypeWithAProtocolDatatypeRoundTrips() {
        for (DType dtype : DType.values()) {
            Datatype datatype = Datatype.of(dtype);
            if (datatype.dtype().isPresent() && datatype.dtype().get() == dtype) {
                assertEquals(dtype, Datatype.parse(datatype.name(), "x").dtype().orElseThrow());
            } else {
                assertEquals(Datatype.FP32, datatype, dtype + " is sent as FP32");
            }
        }
    }
}
