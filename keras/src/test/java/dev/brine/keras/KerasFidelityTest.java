package dev.brine.keras;

import dev.brine.core.json.Json;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.TensorRole;
import dev.brine.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.brine.keras.Fixtures.assertMatches;
import static dev.brine.keras.Fixtures.doubles;
import static dev.brine.keras.Fixtures.input;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against a file written by Keras 2.2.4 and Keras' own predictions (fixtures/keras2c, MIT, see its README). */
class KerasFidelityTest {
    private static final KerasModel MODEL = Keras.load(Fixtures.path("keras2c/model.h5"));

    @Test
    void predictsWhatKerasPredicted() {
        Json.JsonArray cases = Fixtures.json("keras2c/references.json").getArray("cases");
        assertEquals(10, cases.size());
        for (Json item : cases.items()) {
            Json.JsonObject test = (Json.JsonObject) item;
            Tensor output = MODEL.predict(input(test, "input", "input_shape"));
            assertMatches(doubles(test, "keras_output"), output);
        }
    }

    @Test
    void keepsTheTrainingConfigAndTheOptimizerWeights() {
        assertEquals("2.2.4", MODEL.file().version().text());
        assertTrue(MODEL.file().trainingConfig().orElseThrow().toString().contains("\"Adam\""));
        List<NamedTensor> optimizer = MODEL.snapshot().tensors().stream()
                .filter(tensor -> tensor.role() == TensorRole.OPTIMIZER_STATE).toList();
        assertEquals(28, optimizer.size());
        assertEquals("optimizer/Adam_1/iterations:0", optimizer.getFirst().name());
    }

    @Test
    void namesEachWeightByLayerAndKerasName() {
        List<String> names = MODEL.snapshot().tensors().stream()
                .filter(tensor -> tensor.role() == TensorRole.PARAMETER).map(NamedTensor::name).toList();
        assertEquals(List.of("dense_1/kernel", "dense_1/bias", "dense_2/kernel", "dense_2/bias", "lstm_1/kernel",
                "lstm_1/recurrent_kernel", "lstm_1/bias", "dense_3/kernel", "dense_3/bias"), names);
    }
}
