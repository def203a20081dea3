package dev.brine.keras;

import dev.brine.core.Models;
import dev.brine.core.json.Json;
import dev.brine.core.model.LoadOptions;
import dev.brine.core.model.Model;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.TensorRole;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.brine.keras.Fixtures.assertMatches;
import static dev.brine.keras.Fixtures.doubles;
import static dev.brine.keras.Fixtures.input;
import static dev.brine.keras.Fixtures.reference;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Against files written by replaying Keras' own h5py/zip calls (fixtures/generate.py), with numpy references. */
class KerasReplayTest {

    private static void assertPredicts(String reference, Model model) {
        Json.JsonObject expected = reference(reference);
        assertMatches(doubles(expected, "output"), model.predict(input(expected, "input", "input_shape")));
    }

    @Test
    void tfKerasSequentialWithBatchNormalizationAndDropout() {
        assertPredicts("sequential_mlp", Keras.load(Fixtures.path("sequential_mlp.h5")));
    }

    @Test
    void functionalGraphWithEveryActivationMergeAndNormalization() {
        assertPredicts("functional_activations", Keras.load(Fixtures.path("functional_activations.h5")));
    }

    @Test
    void embeddingOverIntegerIds() {
        Json.JsonObject expected = reference("embedding");
        KerasModel model = Keras.load(Fixtures.path("embedding.h5"));
        assertEquals(DType.I64, model.signature().inputs().getFirst().dtype());
        Tensor ids = Tensor.of(expected.getArray("input").toLongArray(), 3, 2);
        assertMatches(doubles(expected, "output"), model.predict(ids));
    }

    @Test
    void keras22ListConfigWithFixedLengthStringsAndAUserBlock() {
        assertPredicts("keras22_h5py2", Keras.load(Fixtures.path("keras22_h5py2.h5")));
    }

    @Test
    void keras3ArchiveUsesKeras3HardSigmoid() {
        KerasModel model = Keras.load(Fixtures.path("functional.keras"));
        assertPredicts("keras3_functional", model);
        assertEquals(2, model.snapshot().tensors().stream()
                .filter(tensor -> tensor.role() == TensorRole.OPTIMIZER_STATE).count());
    }

    @Test
    void weightsOnlyFileWithItsArchitectureJson() throws IOException {
        String json = Files.readString(Fixtures.path("sequential_mlp.json"));
        assertPredicts("sequential_mlp", Keras.loadWeights(Fixtures.path("sequential_mlp_weights.h5"), json,
                LoadOptions.DEFAULTS));
        assertPredicts("sequential_mlp", Models.load(Fixtures.path("sequential_mlp_weights.h5"),
                LoadOptions.DEFAULTS.withArchitecture(Fixtures.path("sequential_mlp.json").toString())));
    }

    @Test
    void modelsLoadFindsTheKerasReader() {
        assertInstanceOf(KerasModel.class, Models.load(Fixtures.path("keras22_h5py2.h5")));
        assertInstanceOf(KerasModel.class, Models.load(Fixtures.path("functional.keras")));
    }

    @Test
    void survivesARoundTripThroughBrineWithItsTrainingState(@TempDir Path directory) {
        KerasModel original = Keras.load(Fixtures.path("sequential_mlp.h5"));
        Path brine = directory.resolve("mlp.brine");
        Models.save(original, brine);
        KerasModel restored = assertInstanceOf(KerasModel.class, Models.load(brine));
        assertPredicts("sequential_mlp", restored);
        assertEquals(original.file().trainingConfig(), restored.file().trainingConfig());
        List<NamedTensor> optimizer = restored.file().optimizerWeights();
        assertEquals(reference("sequential_mlp").getLong("optimizer_weights"), optimizer.size());
        assertEquals(42, optimizer.getFirst().tensor().getLong(0), "Adam's iteration count");
    }

    @Test
    void recordsBatchNormalizationStatisticsAsBuffers() {
        List<NamedTensor> tensors = Keras.load(Fixtures.path("sequential_mlp.h5")).snapshot().tensors();
        NamedTensor mean = tensors.stream().filter(t -> t.name().equals("batch_normalization/moving_mean"))
                .findFirst().orElseThrow();
        assertEquals(TensorRole.BUFFER, mean.role());
        assertArrayEquals(doubles(reference("sequential_mlp"), "kernel_0"),
                tensors.getFirst().tensor().toDoubleArray(), 0);
    }
}
