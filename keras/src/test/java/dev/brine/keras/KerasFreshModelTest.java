package dev.brine.keras;

import dev.brine.core.Models;
import dev.brine.core.UnsafeModelException;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.TensorRole;
import dev.brine.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KerasFreshModelTest {
    private static final Path MLP_JSON = Fixtures.path("sequential_mlp.json");

    private static Map<String, Tensor> weights(KerasModel model) {
        return model.snapshot().tensors().stream().filter(t -> t.role() != TensorRole.OPTIMIZER_STATE)
                .collect(Collectors.toMap(NamedTensor::name, NamedTensor::tensor));
    }

    @Test
    void everyWeightHasTheShapeKerasSaved() {
        Map<String, Tensor> saved = weights(Keras.load(Fixtures.path("sequential_mlp.h5")));
        Map<String, Tensor> fresh = weights(Keras.fromArchitecture(MLP_JSON, 7));
        assertEquals(saved.keySet(), fresh.keySet());
        saved.forEach((name, tensor) -> assertEquals(tensor.shape(), fresh.get(name).shape(), name));
    }

    @Test
    void zerosAndOnesAreExact() {
        Map<String, Tensor> fresh = weights(Keras.fromArchitecture(MLP_JSON, 7));
        for (String zeros : List.of("dense/bias", "dense_1/bias", "batch_normalization/beta",
                "batch_normalization/moving_mean")) {
            assertTrue(Arrays.stream(fresh.get(zeros).toDoubleArray()).allMatch(v -> v == 0), zeros);
        }
        for (String ones : List.of("batch_normalization/gamma", "batch_normalization/moving_variance")) {
            assertTrue(Arrays.stream(fresh.get(ones).toDoubleArray()).allMatch(v -> v == 1), ones);
        }
    }

    @Test
    void glorotUniformStaysWithinTheKerasLimitAndFollowsTheSeed() {
        double[] kernel = weights(Keras.fromArchitecture(MLP_JSON, 7)).get("dense/kernel").toDoubleArray();
        double limit = Math.sqrt(6.0 / (4 + 8));
        assertTrue(Arrays.stream(kernel).allMatch(v -> Math.abs(v) <= limit), Arrays.toString(kernel));
        assertTrue(Arrays.stream(kernel).anyMatch(v -> v > limit / 2) && Arrays.stream(kernel)
                .anyMatch(v -> v < -limit / 2), "spread over the range: " + Arrays.toString(kernel));
        assertArrayEquals(kernel, weights(Keras.fromArchitecture(MLP_JSON, 7)).get("dense/kernel").toDoubleArray());
        assertFalse(Arrays.equals(kernel, weights(Keras.fromArchitecture(MLP_JSON, 8)).get("dense/kernel")
                .toDoubleArray()));
    }

    @Test
    void honoursTheInitializersTheConfigNames(@TempDir Path directory) throws IOException {
        String json = Files.readString(MLP_JSON)
                .replaceFirst("\\{\"class_name\": \"GlorotUniform\", \"config\": \\{\"seed\": null}}",
                        "{\"class_name\": \"RandomUniform\", \"config\": {\"minval\": 2.0, \"maxval\": 3.0}}")
                .replaceFirst("\\{\"class_name\": \"Zeros\", \"config\": \\{}}", "\"ones\"");
        Path file = directory.resolve("m.json");
        Files.writeString(file, json);
        Map<String, Tensor> fresh = weights(Keras.fromArchitecture(file, 1));
        assertTrue(Arrays.stream(fresh.get("dense/kernel").toDoubleArray()).allMatch(v -> v >= 2 && v <= 3));
        assertTrue(Arrays.stream(fresh.get("dense/bias").toDoubleArray()).allMatch(v -> v == 1));
        assertTrue(Arrays.stream(fresh.get("dense_1/bias").toDoubleArray()).allMatch(v -> v == 0));

        Files.writeString(file, json.replace("\"ones\"", "\"orthogonal\""));
        UnsupportedModelException error = assertThrows(UnsupportedModelException.class,
                () -> Keras.fromArchitecture(file, 1));
        assertTrue(error.getMessage().contains("orthogonal") && error.getMessage().contains("\"dense\""),
                error.getMessage());
    }

    @Test
    void refusesALambdaArchitecture(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("lambda.json");
        Files.writeString(file, Files.readString(MLP_JSON).replace("\"class_name\": \"Dropout\"",
                "\"class_name\": \"Lambda\""));
        assertThrows(UnsafeModelException.class, () -> Keras.fromArchitecture(file, 1));
    }

    @Test
    void predictsAndSurvivesARoundTripThroughBrine(@TempDir Path directory) {
        KerasModel fresh = Keras.fromArchitecture(MLP_JSON, 3);
        Tensor input = Tensor.of(new float[] {1, 2, 3, 4, -1, 0, 0.5f, 2}, 2, 4);
        Tensor output = fresh.predict(input);
        assertArrayEquals(new long[] {2, 3}, output.shape().dims());
        Path brine = directory.resolve("fresh.brine");
        Models.save(fresh, brine);
        KerasModel restored = assertInstanceOf(KerasModel.class, Models.load(brine));
        assertEquals(Keras.FORMAT_ARCHITECTURE, restored.file().format());
        assertArrayEquals(output.toFloatArray(), restored.predict(input).toFloatArray());
    }

    @Test
    void embeddingLayerNormalizationAndPReluGetKerasDefaults(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("embedding.json");
        Files.writeString(file, """
                {"class_name": "Sequential", "config": {"name": "s", "layers": [
                 {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 5], "dtype": "int32",
                  "name": "ids"}},
                 {"class_name": "Embedding", "config": {"name": "embedding", "input_dim": 50, "output_dim": 6}},
                 {"class_name": "LayerNormalization", "config": {"name": "norm", "axis": [2], "epsilon": 0.001}},
                 {"class_name": "PReLU", "config": {"name": "prelu", "shared_axes": null}}]},
                 "keras_version": "2.11.0"}
                """);
        Map<String, Tensor> fresh = weights(Keras.fromArchitecture(file, 5));
        double[] table = fresh.get("embedding/embeddings").toDoubleArray();
        assertEquals(300, table.length);
        assertTrue(Arrays.stream(table).allMatch(v -> Math.abs(v) <= 0.05) && Arrays.stream(table)
                .anyMatch(v -> Math.abs(v) > 0.025), Arrays.toString(table));
        assertTrue(Arrays.stream(fresh.get("norm/gamma").toDoubleArray()).allMatch(v -> v == 1));
        assertTrue(Arrays.stream(fresh.get("norm/beta").toDoubleArray()).allMatch(v -> v == 0));
        assertArrayEquals(new long[] {5, 6}, fresh.get("prelu/alpha").shape().dims());
        assertTrue(Arrays.stream(fresh.get("prelu/alpha").toDoubleArray()).allMatch(v -> v == 0));
    }

    @Test
    void heNormalIsTruncatedAtTwoDeviationsWithTheKerasSpread() {
        float[] values = new float[4000];
        Initializer.parse(new dev.brine.core.json.Json.JsonString("he_normal"), "test")
                .fill(values, new long[] {400, 10}, dev.brine.models.random.Pcg64.seeded(11));
        double target = Math.sqrt(2.0 / 400);
        double bound = 2 * target / Initializer.TRUNCATED_STDDEV;
        double sumSquares = 0;
        for (float value : values) {
            assertTrue(Math.abs(value) <= bound * (1 + 1e-6), "within the truncation: " + value);
            sumSquares += value * value;
        }
        assertEquals(target, Math.sqrt(sumSquares / values.length), target * 0.05);
    }

    @Test
    void fansFollowKerasComputeFans() {
        assertArrayEquals(new double[] {4, 8}, Initializer.VarianceScaling.fans(new long[] {4, 8}));
        assertArrayEquals(new double[] {3 * 3 * 2, 3 * 3 * 5},
                Initializer.VarianceScaling.fans(new long[] {3, 3, 2, 5}));
    }
}
