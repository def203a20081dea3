package dev.brine.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad requests get the protocol's status and an error that names the input and what the model expects. */
class RequestErrorsTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(builder -> builder
                .model("affine", ModelSource.of(RealModels.linear(0, 1, 1, 1), "1"))
                .limits(ServerLimits.DEFAULTS.withMaxBodyBytes(4096).withMaxBatchRows(10)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static final String INPUT = "{\"name\":\"input\",\"datatype\":\"FP64\",";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // status | body | words the error must contain
            "400 | {\"inputs\": [ | malformed JSON",
            "400 | not json at all | malformed JSON",
            "400 | {\"inputs\":[]} {} | after the request",
            "400 | [] | must be an object",
            "400 | {\"inputs\":[{\"name\":\"input\",\"name\":\"x\"}]} | Duplicate field",
            "400 | {} | no inputs",
            "400 | {\"inputs\":[" + INPUT + "\"shape\":[1,3]}]} | found neither",
            "400 | {\"inputs\":[" + INPUT + "\"data\":[1,2,3]}]} | needs \"name\", \"datatype\" and \"shape\"",
            "400 | {\"inputs\":[" + INPUT + "\"shape\":[1,3],\"data\":[1,2]}]} | data has 2 values, shape [1, 3] needs 3",
            "400 | {\"inputs\":[" + INPUT + "\"shape\":[1,3],\"data\":[1,2,3,4]}]} | more than the 3 values",
            "400 | {\"inputs\":[" + INPUT + "\"shape\":[1,-3],\"data\":[1,2,3]}]} | non-negative",
            "400 | {\"inputs\":[" + INPUT + "\"shape\":[100000,100000],\"data\":[1]}]} | more than the",
            "400 | {\"inputs\":[{\"name\":\"input\",\"datatype\":\"FLOAT\",\"shape\":[1,3],\"data\":[1,2,3]}]} | unknown datatype \"FLOAT\"",
            "400 | {\"inputs\":[" + INPUT + "\"shape\":[1,3],\"data\":[1,null,3]}]} | found null at index 1",
            "400 | {\"id\":5,\"inputs\":[" + INPUT + "\"shape\":[1,3],\"data\":[1,2,3]}]} | id must be a string",
            "422 | {\"inputs\":[" + INPUT + "\"shape\":[1,4],\"data\":[1,2,3,4]}]} | input 'input' has shape [1, 4]; model 'affine' takes 'input' FP64 [-1, 3]",
            "422 | {\"inputs\":[" + INPUT + "\"shape\":[3],\"data\":[1,2,3]}]} | has shape [3]",
            "422 | {\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP64\",\"shape\":[1,3],\"data\":[1,2,3]}]} | input 'x' is not an input of model 'affine'; it takes 'input' FP64 [-1, 3]",
            "422 | {\"inputs\":[" + INPUT + "\"shape\":[1,3],\"data\":[1,2,3]},{\"name\":\"b\",\"datatype\":\"FP64\",\"shape\":[1],\"data\":[1]}]} | the request has 2",
            "413 | {\"inputs\":[" + INPUT + "\"shape\":[11,3],\"data\":[1,2,3,1,2,3,1,2,3,1,2,3,1,2,3,1,2,3,1,2,3,1,2,3,1,2,3,1,2,3,1,2,3]}]} | 11 rows; at most 10"})
    void refusedWithStatusAndAMessageThatSaysWhy(int status, String body, String expected) {
        HttpResponse<String> response = server.post("/v2/models/affine/infer", body);
        assertEquals(status, response.statusCode(), response.body());
        String error = TestServer.json(response).getString("error");
        assertTrue(error.contains(expected), "error \"" + error + "\" should contain \"" + expected + "\"");
        assertEquals(200, server.post("/v2/models/affine/infer", TestServer.inferBody(new double[][] {{1, 2, 3}}))
                .statusCode(), "the next request is served");
    }
}
