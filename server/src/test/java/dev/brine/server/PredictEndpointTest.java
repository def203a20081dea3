package dev.brine.server;

import dev.brine.core.json.Json;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.linear.LogisticClassifier;
import dev.brine.core.Models;
import dev.brine.core.model.Classifier;
import dev.brine.models.pipeline.Pipeline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /v2/models/NAME/predict}: the endpoint for people who just want to call a model. */
class PredictEndpointTest {
    private static final List<String> FEATURES = List.of("height", "weight");
    private static final LogisticClassifier SPECIES =
            RealModels.logistic(List.of("setosa", "virginica"), FEATURES, 0, 1, -1);
    private static final LogisticClassifier DIGITS =
            RealModels.logistic(List.of("0", "1"), List.of(), 0, 1, -1);
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(builder -> builder
                .model("species", ModelSource.of(SPECIES, "1"))
                .model("digits", ModelSource.of(DIGITS, "1"))
                .model("affine", ModelSource.of(RealModels.linear(1, 2, 3), "1")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void instancesGivePredictions() {
        HttpResponse<String> response = server.post("/v2/models/affine/predict", "{\"instances\": [[1, 1], [0, 2]]}");
        assertEquals(200, response.statusCode(), response.body());
        Json.JsonObject body = TestServer.json(response);
        assertArrayEquals(new double[] {6, 7}, TestServer.doubles(body.get("predictions")));
        assertEquals("1", body.getString("model_version"));
    }

    @Test
    void aBareListOfRowsWorksToo() {
        HttpResponse<String> response = server.post("/v2/models/affine/predict", "[[1, 1]]");
        assertArrayEquals(new double[] {6}, TestServer.doubles(TestServer.json(response).get("predictions")));
    }

    @Test
    void classifierPredictsItsLabels() {
        HttpResponse<String> response = server.post("/v2/models/species/predict", "{\"instances\": [[3, 1], [1, 3]]}");
        assertEquals(List.of("virginica", "setosa"),
                TestServer.json(response).getArray("predictions").toStringList());
    }

    @Test
    void integerLabelsComeBackAsNumbersLikeScikitLearn() {
        HttpResponse<String> response = server.post("/v2/models/digits/predict", "[[3, 1], [1, 3]]");
        assertArrayEquals(new long[] {1, 0}, TestServer.json(response).getArray("predictions").toLongArray());
    }

    @Test
    void recordsAreMatchedToFeaturesByName() {
        HttpResponse<String> response = server.post("/v2/models/species/predict?proba=true",
                "[{\"weight\": 1, \"height\": 3}, {\"height\": 1, \"weight\": 3}]");
        assertEquals(200, response.statusCode(), response.body());
        Json.JsonObject body = TestServer.json(response);
        assertEquals(List.of("virginica", "setosa"), body.getArray("predictions").toStringList());
        assertEquals(List.of("setosa", "virginica"), body.getArray("classes").toStringList());
        double[] expected = SPECIES.predictProba(Tensor.of(new double[] {3, 1, 1, 3}, 2, 2)).toDoubleArray();
        Json.JsonArray rows = body.getArray("probabilities");
        assertArrayEquals(new double[] {expected[0], expected[1]}, TestServer.doubles(rows.get(0)));
        assertArrayEquals(new double[] {expected[2], expected[3]}, TestServer.doubles(rows.get(1)));
    }

    @Test
    void withoutProbaThereAreNoProbabilities() {
        Json.JsonObject body = TestServer.json(server.post("/v2/models/species/predict", "[[3, 1]]"));
        assertFalse(body.has("probabilities"));
    }

    @Test
    void missingAndUnknownFeaturesAreNamed() {
        HttpResponse<String> missing = server.post("/v2/models/species/predict", "[{\"height\": 3}]");
        assertEquals(422, missing.statusCode());
        assertTrue(TestServer.json(missing).getString("error").contains("lacks feature 'weight'"));
        HttpResponse<String> unknown = server.post("/v2/models/species/predict",
                "[{\"height\": 3, \"weight\": 1, \"age\": 4}]");
        assertEquals(422, unknown.statusCode());
        assertTrue(TestServer.json(unknown).getString("error").contains("'age' is not a feature"));
    }

    @Test
    void recordsNeedAModelThatNamesItsFeatures() {
        HttpResponse<String> response = server.post("/v2/models/affine/predict", "[{\"a\": 1, \"b\": 2}]");
        assertEquals(422, response.statusCode());
        assertTrue(TestServer.json(response).getString("error").contains("does not name its features"));
    }

    @Test
    void wrongWidthIsRefusedWithTheExpectedShape() {
        HttpResponse<String> response = server.post("/v2/models/affine/predict", "[[1, 2, 3]]");
        assertEquals(422, response.statusCode());
        String error = TestServer.json(response).getString("error");
        assertTrue(error.contains("has 3 values") && error.contains("[-1, 2]"), error);
    }

    @Test
    void probaOnARegressorIsABadRequest() {
        HttpResponse<String> response = server.post("/v2/models/affine/predict?proba=true", "[[1, 2]]");
        assertEquals(400, response.statusCode());
        assertTrue(TestServer.json(response).getString("error").contains("not a classifier"));
    }

    @Test
    void bodyWithoutInstancesIsABadRequest() {
        assertEquals(400, server.post("/v2/models/affine/predict", "{\"rows\": [[1, 2]]}").statusCode());
        assertEquals(400, server.post("/v2/models/affine/predict", "[]").statusCode());
        assertEquals(400, server.post("/v2/models/affine/predict", "[[1, true]]").statusCode());
        // Text cells are typed as brine predict types CSV: "2" in a column of numbers is the number 2.
        assertEquals(200, server.post("/v2/models/affine/predict", "[[1, \"2\"]]").statusCode());
    }

    @Test
    void aPipelineSavedAsBrineAnswersAsItDoesInProcess(@TempDir Path directory) {
        List<String> features = List.of("sepal_length", "sepal_width", "petal_length", "petal_width");
        Pipeline pipeline = RealModels.scaledLogistic(List.of("setosa", "versicolor"), features,
                new double[] {5.8, 3.0, 3.7, 1.2}, new double[] {0.8, 0.4, 1.7, 0.7}, 0.3, -1.1, 0.9, -1.6, -1.4);
        Path file = directory.resolve("iris.brine");
        Models.save(pipeline, file);
        try (TestServer served = TestServer.start(builder -> builder.model("iris", ModelSource.file(file)))) {
            HttpResponse<String> response = served.post("/v2/models/iris/predict?proba=true",
                    "[{\"sepal_length\": 5.1, \"sepal_width\": 3.5, \"petal_length\": 1.4, \"petal_width\": 0.2},"
                            + " {\"petal_width\": 1.5, \"petal_length\": 4.5, \"sepal_width\": 2.9, \"sepal_length\": 6.0}]");
            assertEquals(200, response.statusCode(), response.body());
            Tensor rows = Tensor.of(new double[] {5.1, 3.5, 1.4, 0.2, 6.0, 2.9, 4.5, 1.5}, 2, 4);
            Classifier classifier = (Classifier) pipeline;
            double[] expected = classifier.predictProba(rows).toDoubleArray();
            Json.JsonArray probabilities = TestServer.json(response).getArray("probabilities");
            assertArrayEquals(new double[] {expected[0], expected[1]}, TestServer.doubles(probabilities.get(0)));
            assertArrayEquals(new double[] {expected[2], expected[3]}, TestServer.doubles(probabilities.get(1)));
            List<String> labels = Inference.labels(classifier, classifier.predict(rows));
            assertEquals(labels, TestServer.json(response).getArray("predictions").toStringList());
        }
    }
}
