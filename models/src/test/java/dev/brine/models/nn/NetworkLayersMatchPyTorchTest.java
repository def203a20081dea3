package dev.brine.models.nn;

import dev.brine.core.json.Json;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.random.Pcg64;
import dev.brine.models.testing.Fixtures;
import dev.brine.models.testing.RoundTrip;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Convolutions, pooling, norms, embeddings, residual and concatenating blocks and every activation reproduce PyTorch
 * 1.13's forward passes (training and evaluation), parameter gradients and running statistics within 1e-4
 * (reference/torch_layers.json, written by make_torch_layers_reference.py from the same architecture JSON).
 */
class NetworkLayersMatchPyTorchTest {

    private static final Json.JsonObject REFERENCE = Fixtures.json("reference/torch_layers.json");
    private static final double TOLERANCE = 1e-4;

    static Stream<String> cases() {
        return REFERENCE.getArray("cases").items().stream().map(c -> ((Json.JsonObject) c).getString("name"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void forwardAndBackwardMatchPyTorch(String name) {
        Json.JsonObject c = REFERENCE.getArray("cases").items().stream().map(Json.JsonObject.class::cast)
                .filter(item -> item.getString("name").equals(name)).findFirst().orElseThrow();
        Sequential network = Sequential.fromArchitecture(c.getObject("architecture"));
        network.loadStateDict(NetworksMatchPyTorchTest.stateDict(c.getObject("initial_state")), true);
        int rows = Math.toIntExact(c.getLong("rows"));
        float[] x = NetworksMatchPyTorchTest.floats(c.getArray("x"));
        FloatMatrix input = FloatMatrix.of(rows, network.inputShape(), x);

        Sequential.Tape tape = network.forwardTraining(input, Pcg64.seeded(0));
        assertClose(name + " training output", NetworksMatchPyTorchTest.floats(c.getArray("train_output")),
                tape.output().data());
        float[] target = NetworksMatchPyTorchTest.floats(c.getArray("target"));
        Loss.Result loss = Loss.MSE.compute(tape.output(), new Targets.Values(tape.output().with(target)));
        assertClose(name + " loss", new float[] {(float) c.getDouble("loss")}, new float[] {(float) loss.value()});
        network.backward(tape, loss.gradient());
        Map<String, Parameter> parameters = network.namedParameters().stream().collect(Collectors.toMap(
                Map.Entry::getKey, Map.Entry::getValue));
        Json.JsonObject grads = c.getObject("grads");
        assertEquals(grads.members().keySet(), parameters.keySet());
        for (String key : grads.members().keySet()) {
            assertClose(name + " gradient of " + key, NetworksMatchPyTorchTest.floats(grads.getArray(key)),
                    parameters.get(key).grad());
        }
        Map<String, NamedTensor> state = network.stateDict().stream().collect(Collectors.toMap(NamedTensor::name,
                t -> t));
        Json.JsonObject buffers = c.getObject("buffers_after");
        for (String key : buffers.members().keySet()) {
            assertClose(name + " " + key + " after training", NetworksMatchPyTorchTest.floats(buffers.getArray(key)),
                    state.get(key).tensor().toFloatArray());
        }

        long[] dims = new long[network.inputShape().length + 1];
        dims[0] = rows;
        for (int i = 1; i < dims.length; i++) dims[i] = network.inputShape()[i - 1];
        Tensor batch = Tensor.of(x, dims);
        assertClose(name + " evaluation output", NetworksMatchPyTorchTest.floats(c.getArray("eval_output")),
                network.predict(batch).toFloatArray());
        RoundTrip.assertPredictsIdentically(network, batch);
    }

    @Test
    void everyActivationMatchesPyTorch() {
        Json.JsonObject activations = REFERENCE.getObject("activations");
        float[] x = NetworksMatchPyTorchTest.floats(activations.getArray("x"));
        FloatMatrix input = new FloatMatrix(1, x.length, x);
        for (Map.Entry<String, Json> entry : activations.getObject("functions").members().entrySet()) {
            Json.JsonObject expected = (Json.JsonObject) entry.getValue();
            Json.ObjectBuilder config = Json.object().put("name", "0").put("type", entry.getKey());
            expected.getObject("config").members().forEach(config::put);
            Layer layer = Layers.fromJson(config.build());
            FloatMatrix y = layer.forward(input, Pass.evaluation());
            assertClose(entry.getKey(), NetworksMatchPyTorchTest.floats(expected.getArray("y")), y.data());
            float[] ones = new float[x.length];
            java.util.Arrays.fill(ones, 1f);
            FloatMatrix dx = layer.backward(input, y, null, input.with(ones));
            assertClose(entry.getKey() + " derivative", NetworksMatchPyTorchTest.floats(expected.getArray("dy")),
                    dx.data());
        }
    }

    static void assertClose(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            double allowed = TOLERANCE * Math.max(1.0, Math.abs(expected[i]));
            assertTrue(Math.abs(expected[i] - actual[i]) <= allowed || (Float.isNaN(expected[i])
                    && Float.isNaN(actual[i])), what + "[" + i + "]: PyTorch " + expected[i] + ", Brine " + actual[i]);
        }
    }
}
