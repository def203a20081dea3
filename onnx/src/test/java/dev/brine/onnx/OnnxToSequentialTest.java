package dev.brine.onnx;

import dev.brine.core.Limits;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.json.Json;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.nn.Activation;
import dev.brine.models.nn.BatchNorm;
import dev.brine.models.nn.Linear;
import dev.brine.models.nn.Sequential;
import dev.brine.models.nn.Softmax;
import dev.brine.models.random.Pcg64;
import dev.brine.onnx.export.OnnxExport;
import org.junit.jupiter.api.Test;

import static dev.brine.onnx.Fixtures.assertClose;
import static dev.brine.onnx.Fixtures.doubles;
import static dev.brine.onnx.Fixtures.floatTensor;
import static dev.brine.onnx.Fixtures.reference;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OnnxToSequentialTest {

    @Test
    void aGemmReluGemmSigmoidGraphBecomesANetwork() {
        Json.JsonObject expected = reference("mlp");
        Sequential network = OnnxToSequential.convert(Onnx.load(Fixtures.path("mlp.onnx")));
        assertClose(doubles(expected, "output"), network.predict(floatTensor(expected, "input", "input_shape")), 1e-5);
    }

    @Test
    void anExportedNetworkComesBackUnchanged() {
        Pcg64 rng = Pcg64.seeded(9);
        Sequential original = Sequential.of(3, Linear.initialized(3, 5, true, rng), BatchNorm.of1d(5),
                Activation.of(Activation.Kind.TANH), Linear.initialized(5, 2, true, rng), new Softmax(false));
        Sequential back = OnnxToSequential.convert(Onnx.fromBytes(OnnxExport.toBytes(original), "net.onnx",
                Limits.DEFAULTS));
        Tensor input = Tensor.of(new float[] {0.5f, -1f, 2f, 3f, 0f, -0.25f}, 2, 3);
        assertArrayEquals(original.predict(input).toFloatArray(), back.predict(input).toFloatArray(), 1e-6f);
    }

    @Test
    void refusesAClassifierGraph() {
        assertThrows(UnsupportedModelException.class,
                () -> OnnxToSequential.convert(Onnx.load(Fixtures.path("classifier_zipmap.onnx"))));
    }
}
