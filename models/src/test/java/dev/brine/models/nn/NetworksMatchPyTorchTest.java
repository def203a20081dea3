package dev.brine.models.nn;

import dev.brine.core.json.Json;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.TensorRole;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.random.Pcg64;
import dev.brine.models.testing.Fixtures;
import dev.brine.models.testing.RoundTrip;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Networks initialised from PyTorch 1.13's weights reproduce its losses, learning rates, weights, optimizer state
 * and evaluation outputs over three optimizer steps, within 1e-5 (reference/torch_steps.json, written by
 * make_torch_reference.py): every layer, loss, optimizer and schedule Brine has.
 */
class NetworksMatchPyTorchTest {

    private static final Json.JsonObject REFERENCE = Fixtures.json("reference/torch_steps.json");
    private static final double TOLERANCE = 1e-5;

    static Stream<String> cases() {
        return REFERENCE.getArray("cases").items().stream().map(c -> ((Json.JsonObject) c).getString("name"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void threeStepsMatchPyTorch(String name) {
        Json.JsonObject c = REFERENCE.getArray("cases").items().stream().map(Json.JsonObject.class::cast)
                .filter(item -> item.getString("name").equals(name)).findFirst().orElseThrow();
        Sequential network = Sequential.fromArchitecture(architecture(c));
        network.loadStateDict(stateDict(c.getObject("initial_state")), true);
        Optimizer optimizer = Optimizer.fromJson(c.getObject("optimizer"));
        Scheduler scheduler = c.get("scheduler") instanceof Json.JsonObject schedule
                ? new Scheduler(LrSchedule.fromJson(schedule), optimizer.lr()) : null;
        Loss loss = Loss.fromName(c.getString("loss"));
        int features = Math.toIntExact(c.getLong("input_features"));
        float[] x = floats(c.getArray("x"));
        FloatMatrix input = new FloatMatrix(x.length / features, features, x);
        Targets targets = targets(c, input.rows());

        double[] losses = Fixtures.doubles(c.getArray("losses"));
        double[] rates = Fixtures.doubles(c.getArray("lrs"));
        for (int step = 0; step < losses.length; step++) {
            assertEquals(rates[step], optimizer.lr(), name + " learning rate at step " + step);
            network.zeroGrad();
            Sequential.Tape tape = network.forwardTraining(input, Pcg64.seeded(0));
            Loss.Result result = loss.compute(tape.output(), targets);
            assertClose(name + " loss at step " + step, new float[] {(float) losses[step]},
                    new float[] {(float) result.value()});
            network.backward(tape, result.gradient());
            optimizer.step(network.parameters());
            if (scheduler != null) scheduler.step(optimizer);
        }

        Map<String, NamedTensor> finalState = byName(stateDict(c.getObject("final_state")));
        for (NamedTensor tensor : network.stateDict()) {
            NamedTensor expected = finalState.get(tensor.name());
            assertEquals(expected.tensor().dtype(), tensor.tensor().dtype(), tensor.name());
            assertClose(name + " " + tensor.name(), expected.tensor().toFloatArray(), tensor.tensor().toFloatArray());
        }
        assertEquals(finalState.keySet(), byName(network.stateDict()).keySet());
        checkOptimizerState(name, c.getObject("optimizer_state_0"), optimizer);
        Tensor output = network.predict(Tensor.of(x, input.rows(), features));
        assertClose(name + " eval output", floats(c.getArray("eval_output")), output.toFloatArray());
        RoundTrip.assertPredictsIdentically(network, Tensor.of(x, input.rows(), features));
    }

    private static void checkOptimizerState(String name, Json.JsonObject expected, Optimizer optimizer) {
        Map<String, NamedTensor> actual = byName(optimizer.stateTensors());
        for (Map.Entry<String, Json> entry : expected.members().entrySet()) {
            NamedTensor tensor = actual.get("optimizer.state.0." + entry.getKey());
            assertTrue(tensor != null, name + ": optimizer state " + entry.getKey() + " is missing from " + actual.keySet());
            float[] values = entry.getValue() instanceof Json.JsonArray array ? floats(array)
                    : new float[] {(float) ((Json.JsonNumber) entry.getValue()).doubleValue()};
            assertClose(name + " optimizer " + entry.getKey(), values, tensor.tensor().toFloatArray());
        }
    }

    static Json.JsonObject architecture(Json.JsonObject c) {
        List<Json> layers = new ArrayList<>();
        List<Json> given = c.getArray("layers").items();
        for (int i = 0; i < given.size(); i++) {
            Json.ObjectBuilder layer = Json.object().put("name", Integer.toString(i));
            ((Json.JsonObject) given.get(i)).members().forEach(layer::put);
            layers.add(layer.build());
        }
        return Json.object().put("input_features", c.get("input_features")).put("layers", Json.array(layers)).build();
    }

    static List<NamedTensor> stateDict(Json.JsonObject state) {
        List<NamedTensor> out = new ArrayList<>();
        for (Map.Entry<String, Json> entry : state.members().entrySet()) {
            Json.JsonObject tensor = (Json.JsonObject) entry.getValue();
            long[] shape = tensor.getArray("shape").toLongArray();
            Tensor value = tensor.getString("dtype").equals("int64")
                    ? scalarLong(tensor.getArray("values").toLongArray()[0])
                    : Tensor.of(floats(tensor.getArray("values")), shape);
            out.add(new NamedTensor(entry.getKey(), value, entry.getKey().contains("running")
                    || entry.getKey().contains("num_batches") ? TensorRole.BUFFER : TensorRole.PARAMETER));
        }
        return out;
    }

    private static Tensor scalarLong(long value) {
        Tensor tensor = Tensor.zeros(DType.I64);
        tensor.setLong(0, value);
        return tensor;
    }

    private static Targets targets(Json.JsonObject c, int rows) {
        if (c.getString("target_kind").equals("classes")) {
            long[] classes = c.getArray("y").toLongArray();
            int[] indices = new int[classes.length];
            for (int i = 0; i < indices.length; i++) indices[i] = (int) classes[i];
            return new Targets.Classes(indices);
        }
        float[] y = floats(c.getArray("y"));
        return new Targets.Values(new FloatMatrix(rows, y.length / rows, y));
    }

    static float[] floats(Json.JsonArray array) {
        double[] values = Fixtures.doubles(array);
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) out[i] = (float) values[i];
        return out;
    }

    private static Map<String, NamedTensor> byName(List<NamedTensor> tensors) {
        Map<String, NamedTensor> out = new java.util.LinkedHashMap<>();
        for (NamedTensor tensor : tensors) out.put(tensor.name(), tensor);
        return out;
    }

    private static void assertClose(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            double allowed = TOLERANCE * Math.max(1.0, Math.abs(expected[i]));
            assertTrue(Math.abs(expected[i] - actual[i]) <= allowed, what + "[" + i + "]: PyTorch " + expected[i]
                    + ", Brine " + actual[i]);
        }
    }
}
