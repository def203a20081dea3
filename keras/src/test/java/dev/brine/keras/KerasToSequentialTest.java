package dev.brine.keras;

import dev.brine.core.UnsupportedModelException;
import dev.brine.core.json.Json;
import dev.brine.models.nn.Sequential;
import org.junit.jupiter.api.Test;

import static dev.brine.keras.Fixtures.assertMatches;
import static dev.brine.keras.Fixtures.doubles;
import static dev.brine.keras.Fixtures.input;
import static dev.brine.keras.Fixtures.reference;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KerasToSequentialTest {

    @Test
    void aDenseBatchNormDropoutChainBecomesANetworkThatPredictsTheSame() {
        Json.JsonObject expected = reference("sequential_mlp");
        Sequential network = KerasToSequential.convert(Keras.load(Fixtures.path("sequential_mlp.h5")));
        assertEquals(java.util.List.of("linear", "relu", "batch_norm1d", "dropout", "linear", "softmax"),
                network.layers().stream().map(layer -> layer.layer().type()).toList());
        assertMatches(doubles(expected, "output"), network.predict(input(expected, "input", "input_shape")));
    }

    @Test
    void linearWeightIsTheTransposedDenseKernel() {
        Sequential network = KerasToSequential.convert(Keras.load(Fixtures.path("sequential_mlp.h5")));
        float[] kernel = Keras.load(Fixtures.path("sequential_mlp.h5")).snapshot().tensor("dense/kernel").tensor()
                .toFloatArray();
        float[] weight = network.stateDict().getFirst().tensor().toFloatArray();
        assertArrayEquals(new long[] {8, 4}, network.stateDict().getFirst().tensor().shape().dims());
        assertEquals(kernel[1 * 8 + 5], weight[5 * 4 + 1]);
    }

    @Test
    void refusesAnLstmModel() {
        assertThrows(UnsupportedModelException.class,
                () -> KerasToSequential.convert(Keras.load(Fixtures.path("keras2c/model.h5"))));
    }
}
