package dev.brine.server;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.Models;
import dev.brine.core.json.Json;
import dev.brine.core.json.JsonParser;
import dev.brine.core.model.Model;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A scikit-learn pipeline with text features (ColumnTransformer: OneHotEncoder on two text columns,
 * SimpleImputer on two number columns; then a RandomForestClassifier), pickled by scikit-learn
 * ({@code text-pipeline/generate.py}), served from its joblib file: rows posted as text get scikit-learn's labels.
 */
class TextPipelineServingTest {
    private static final List<String> FEATURES = List.of("colour", "size", "weight", "height");
    private static Path pipeline;
    private static Json.JsonObject expected;
    private static TestServer server;

    @BeforeAll
    static void start() throws IOException, URISyntaxException {
        Path folder = Path.of(TextPipelineServingTest.class.getResource("/text-pipeline/expected.json").toURI())
                .getParent();
        pipeline = folder.resolve("pipeline.joblib");
        expected = (Json.JsonObject) JsonParser.parse(Files.readString(folder.resolve("expected.json")));
        server = TestServer.start(builder -> builder.model("prices", ModelSource.file(pipeline)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aProbeOfZerosWouldFailWhereTheExampleRowPasses() {
        // Why the load check needs the example row: 0 is no category of the encoder's text columns.
        Model model = Models.load(pipeline);
        assertThrows(IncompatibleModelException.class, () -> model.predict(Tensor.zeros(DType.F64, 1, 4)));
        assertTrue(server.get("/v2/health/ready").statusCode() == 200);
    }

    @Test
    void recordsWithTextAndNullsGetScikitLearnsLabelsAndProbabilities() {
        HttpResponse<String> response = server.post("/v2/models/prices/predict?proba=true", rows().toString());
        assertEquals(200, response.statusCode(), response.body());
        Json.JsonObject body = TestServer.json(response);
        assertEquals(expected.getArray("labels").toStringList(), body.getArray("predictions").toStringList());
        Json.JsonArray proba = body.getArray("probabilities");
        Json.JsonArray wanted = expected.getArray("proba");
        for (int row = 0; row < wanted.size(); row++) {
            double[] got = TestServer.doubles(proba.get(row));
            double[] want = TestServer.doubles(wanted.get(row));
            for (int k = 0; k < want.length; k++) {
                assertEquals(want[k], got[k], 1e-12, "row " + row);
            }
        }
    }

    @Test
    void listsOfValuesAreMatchedByPosition() {
        List<Json> lists = new ArrayList<>();
        for (Json row : rows().items()) {
            lists.add(Json.array(FEATURES.stream().map(((Json.JsonObject) row)::get).toList()));
        }
        HttpResponse<String> response = server.post("/v2/models/prices/predict",
                "{\"instances\": " + Json.array(lists) + "}");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(expected.getArray("labels").toStringList(),
                TestServer.json(response).getArray("predictions").toStringList());
    }

    @Test
    void inferTakesTextCellsAsBytesWithEmptyForMissing() {
        List<Json> cells = new ArrayList<>();
        for (Json row : rows().items()) {
            for (String feature : FEATURES) {
                Json value = ((Json.JsonObject) row).get(feature);
                cells.add(Json.of(switch (value) {
                    case Json.JsonString text -> text.value();
                    case Json.JsonNumber number -> number.text();
                    default -> "";
                }));
            }
        }
        String body = "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"BYTES\",\"shape\":[" + rows().size() + ",4],"
                + "\"data\":" + Json.array(cells) + "}],\"outputs\":[{\"name\":\"class\"}]}";
        HttpResponse<String> response = server.post("/v2/models/prices/infer", body);
        assertEquals(200, response.statusCode(), response.body());
        Json.JsonObject output = (Json.JsonObject) TestServer.json(response).getArray("outputs").get(0);
        assertEquals(expected.getArray("labels").toStringList(), output.getArray("data").toStringList());
    }

    @Test
    void anUnknownCategoryIsRefusedNamingIt() {
        HttpResponse<String> response = server.post("/v2/models/prices/predict",
                "[{\"colour\": \"purple\", \"size\": \"S\", \"weight\": 3, \"height\": 1}]");
        assertEquals(422, response.statusCode(), response.body());
        assertTrue(response.body().contains("purple"), response.body());
    }

    @Test
    void textInAColumnOfNumbersIsRefusedNamingTheColumn() {
        try (TestServer numbers = TestServer.start(builder -> builder.model("affine",
                ModelSource.of(RealModels.linear(List.of("a", "b"), 1, 2, 3), "1")))) {
            HttpResponse<String> response = numbers.post("/v2/models/affine/predict", "[[\"x\", 1]]");
            assertEquals(422, response.statusCode(), response.body());
            assertTrue(response.body().contains("instance 0, feature 'a'") && response.body().contains("not a number"),
                    response.body());
            // A missing value where the model does not impute it is refused, as brine predict refuses it.
            HttpResponse<String> missing = numbers.post("/v2/models/affine/predict", "[[1, null]]");
            assertEquals(422, missing.statusCode(), missing.body());
            assertTrue(missing.body().contains("feature 'b': the value is missing"), missing.body());
        }
    }

    private static Json.JsonArray rows() {
        return expected.getArray("rows");
    }
}
