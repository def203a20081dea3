package dev.brine.keras;

import dev.brine.core.CorruptModelException;
import dev.brine.core.IncompatibleModelException;
import dev.brine.core.Limits;
import dev.brine.core.UnsafeModelException;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.model.LoadOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KerasSafetyTest {

    @Test
    void refusesALambdaLayerByName() {
        UnsafeModelException error = assertThrows(UnsafeModelException.class,
                () -> Keras.load(Fixtures.path("lambda.h5")));
        assertTrue(error.getMessage().contains("\"evil\""), error.getMessage());
    }

    @Test
    void refusesACustomKeras3Layer() {
        UnsafeModelException error = assertThrows(UnsafeModelException.class,
                () -> Keras.load(Fixtures.path("custom_layer.keras")));
        assertTrue(error.getMessage().contains("my_scaling") && error.getMessage().contains("MyProject>MyScaling"),
                error.getMessage());
    }

    @Test
    void refusesAnUnknownActivationAsCustomCode() {
        String json = Fixtures.json("sequential_mlp.json").toString().replace("\"softmax\"", "\"my_activation\"");
        assertThrows(UnsafeModelException.class, () -> Keras.loadWeights(Fixtures.path("sequential_mlp_weights.h5"),
                json, LoadOptions.DEFAULTS));
    }

    @Test
    void stopsAbsurdUnitsBeforeAllocating() {
        String json = Fixtures.json("sequential_mlp.json").toString()
                .replace("\"units\": 8", "\"units\": 1000000000000")
                .replace("\"units\":8", "\"units\":1000000000000");
        CorruptModelException error = assertThrows(CorruptModelException.class,
                () -> Keras.loadWeights(Fixtures.path("sequential_mlp_weights.h5"), json, LoadOptions.DEFAULTS));
        assertTrue(error.getMessage().contains("units"), error.getMessage());
    }

    @Test
    void checksDatasetSizesAgainstTheLimits() {
        Limits tiny = Limits.builder().maxTensorBytes(64).build();
        assertThrows(CorruptModelException.class,
                () -> Keras.load(Fixtures.path("sequential_mlp.h5"), LoadOptions.DEFAULTS.withLimits(tiny)));
    }

    @Test
    void refusesWeightsThatDoNotFitTheArchitecture() {
        String json = Fixtures.json("sequential_mlp.json").toString().replace("\"units\": 3", "\"units\": 4")
                .replace("\"units\":3", "\"units\":4");
        assertThrows(IncompatibleModelException.class,
                () -> Keras.loadWeights(Fixtures.path("sequential_mlp_weights.h5"), json, LoadOptions.DEFAULTS));
    }

    @Test
    void asksForTheArchitectureOfAWeightsOnlyFile() {
        assertThrows(UnsupportedModelException.class, () -> Keras.load(Fixtures.path("sequential_mlp_weights.h5")));
    }

    @Test
    void everyTruncationIsATypedError(@TempDir Path directory) throws IOException {
        byte[] bytes = Files.readAllBytes(Fixtures.path("keras22_h5py2.h5"));
        for (int length = 0; length < bytes.length; length += 97) {
            Path path = Files.write(directory.resolve("cut" + length + ".h5"), java.util.Arrays.copyOf(bytes, length));
            assertThrows(dev.brine.core.BrineException.class, () -> Keras.load(path), "length " + length);
        }
    }
}
