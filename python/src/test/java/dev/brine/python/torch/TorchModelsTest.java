package dev.brine.python.torch;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.Models;
import dev.brine.core.UnsafeModelException;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.json.Json;
import dev.brine.core.json.JsonParser;
import dev.brine.core.model.LoadOptions;
import dev.brine.core.model.Model;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.StateDict;
import dev.brine.core.model.TensorRole;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.nn.Adam;
import dev.brine.models.nn.FloatMatrix;
import dev.brine.models.nn.Loss;
import dev.brine.models.nn.Optimizer;
import dev.brine.models.nn.Sequential;
import dev.brine.models.nn.Targets;
import dev.brine.models.random.Pcg64;
import dev.brine.python.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** torch.save files as Brine networks, checked against torch 1.13's own outputs (fixtures-gen/torch_gen.py). */
class TorchModelsTest {

    private static final double TOLERANCE = 1e-5;

    private static Json.JsonObject expected(String name) {
        return (Json.JsonObject) JsonParser.parse(Fixtures.text("torch_models/" + name + ".json"));
    }

    private static Path file(String name) {
        return Fixtures.path("torch_models/" + name);
    }

    private static float[] floats(Json json) {
        List<Double> values = new java.util.ArrayList<>();
        collect(json, values);
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) out[i] = values.get(i).floatValue();
        return out;
    }

    private static void collect(Json json, List<Double> out) {
        if (json instanceof Json.JsonArray array) {
            array.items().forEach(item -> collect(item, out));
        } else {
            out.add(((Json.JsonNumber) json).doubleValue());
        }
    }

    private static Tensor input(Json.JsonObject expected) {
        Json.JsonArray rows = expected.getArray("x");
        float[] x = floats(rows);
        return Tensor.of(x, rows.size(), x.length / rows.size());
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(expected[i] - actual[i]) <= TOLERANCE * Math.max(1, Math.abs(expected[i])),
                    what + " value " + i + ": " + actual[i] + ", torch gave " + expected[i]);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp_state.pt", "mlp_state_legacy.pt", "mlp_state_tar.pt", "mlp_state_float64.pt",
            "mlp_state.safetensors"})
    void aStateDictWithAnArchitecturePredictsAsTorch(String name) {
        Json.JsonObject expected = expected("mlp_state");
        Model model = Models.load(file(name), LoadOptions.DEFAULTS.withArchitecture(expected.getString("arch")));
        Sequential network = assertInstanceOf(Sequential.class, model);
        assertClose(floats(expected.get("output")), network.predict(input(expected)).toFloatArray(), name);
    }

    @Test
    void namedLayersTakeTheirStateDictPrefix() {
        Json.JsonObject expected = expected("named_state");
        Model model = Models.load(file("named_state.pt"), LoadOptions.DEFAULTS.withArchitecture(expected.getString("arch")));
        assertClose(floats(expected.get("output")), model.predict(input(expected)).toFloatArray(), "named");
    }

    @Test
    void aStateDictWithoutAnArchitectureIsWeightsOnly() {
        StateDict weights = assertInstanceOf(StateDict.class, Models.load(file("mlp_state.pt")));
        assertEquals(List.of("0.weight", "0.bias", "3.weight", "3.bias"),
                weights.tensors().stream().map(NamedTensor::name).toList());
        assertThrows(UnsupportedModelException.class, () -> weights.predict(Tensor.zeros(
                dev.brine.core.tensor.DType.F32, 1, 5)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"whole_module.pt", "whole_module_tar.pt"})
    void aWholeSequentialOfStandardLayersNeedsNoArchitecture(String name) {
        Json.JsonObject expected = expected("whole_module");
        Model model = Models.load(file(name));
        assertClose(floats(expected.get("output")), model.predict(input(expected)).toFloatArray(), name);
    }

    @Test
    void anArchitectureThatDoesNotFitIsRefusedListingTheDifferences() {
        IncompatibleModelException error = assertThrows(IncompatibleModelException.class,
                () -> Models.load(file("mlp_state.pt"), LoadOptions.DEFAULTS.withArchitecture(
                        "Linear(5,8),ReLU,Linear(8,3)")));
        assertTrue(error.getMessage().contains("3.weight") && error.getMessage().contains("2.weight"),
                error.getMessage());
    }

    @Test
    void aCheckpointWithoutAKnownStateKeyAsksForOne() {
        IncompatibleModelException error = assertThrows(IncompatibleModelException.class,
                () -> Models.load(file("checkpoint_adagrad.pt"), LoadOptions.DEFAULTS.withArchitecture(
                        "Linear(4,6),Tanh,Linear(6,2)")));
        assertTrue(error.getMessage().contains("--state-key") && error.getMessage().contains("net"),
                error.getMessage());
        IncompatibleModelException missing = assertThrows(IncompatibleModelException.class,
                () -> Models.load(file("checkpoint_adam.pt"), LoadOptions.DEFAULTS.withStateKey("weights")));
        assertTrue(missing.getMessage().contains("model_state_dict"), missing.getMessage());
    }

    /** The options for a checkpoint case; {@code --optimizer} as torch's class where the file cannot tell. */
    private static LoadOptions options(Json.JsonObject expected, boolean chooseWhereAmbiguous) {
        LoadOptions options = LoadOptions.DEFAULTS.withArchitecture(expected.getString("arch"));
        if (expected.get("state_key") instanceof Json.JsonString key) {
            options = options.withStateKey(key.value());
        }
        return chooseWhereAmbiguous && expected.getBoolean("ambiguous")
                ? options.withOptimizer(expected.getString("optimizer")) : options;
    }

    /** Takes torch's further steps in Java from the checkpoint, checking each loss against torch's if asked. */
    private static Sequential resume(TorchModels.Checkpoint checkpoint, Json.JsonObject expected,
                                     boolean checkLosses) {
        Optimizer optimizer = checkpoint.optimizer().orElseThrow();
        Sequential network = checkpoint.network();
        Tensor x = input(expected);
        FloatMatrix inputs = new FloatMatrix((int) x.shape().dims()[0], (int) x.shape().dims()[1], x.toFloatArray());
        float[] y = floats(expected.get("y"));
        Targets targets = new Targets.Values(new FloatMatrix(inputs.rows(), y.length / inputs.rows(), y));
        float[] losses = floats(expected.get("losses"));
        for (int step = 0; step < expected.getLong("steps"); step++) {
            network.zeroGrad();
            Sequential.Tape tape = network.forwardTraining(inputs, Pcg64.seeded(0));
            Loss.Result result = Loss.MSE.compute(tape.output(), targets);
            if (checkLosses) {
                assertClose(new float[] {losses[step]}, new float[] {(float) result.value()}, "loss at step " + step);
            }
            network.backward(tape, result.gradient());
            optimizer.step(network.parameters());
        }
        return network;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "adam", "adamw", "rmsprop", "adagrad", "adam_decay", "adamw_decay"})
    void trainingResumesInJavaWherePyTorchStopped(String name) {
        Json.JsonObject expected = expected("checkpoint_" + name);
        TorchModels.Checkpoint checkpoint = TorchModels.readCheckpoint(file("checkpoint_" + name + ".pt"),
                options(expected, true));
        assertEquals(3, checkpoint.epoch().orElseThrow());
        assertEquals(expected.getString("optimizer"), checkpoint.optimizer().orElseThrow().type());
        Sequential network = resume(checkpoint, expected, true);
        Json.JsonObject resumed = expected.getObject("resumed");
        for (NamedTensor tensor : network.stateDict()) {
            assertClose(floats(resumed.get(tensor.name())), tensor.tensor().toFloatArray(), name + " " + tensor.name());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"adam_decay", "adamw_decay", "adamw"})
    void adamOrAdamWWithWeightDecayIsNotGuessedResumingAsksForTheFlag(String name) {
        Json.JsonObject expected = expected("checkpoint_" + name);
        TorchModels.Checkpoint checkpoint = TorchModels.readCheckpoint(file("checkpoint_" + name + ".pt"),
                options(expected, false));
        Sequential chosen = TorchModels.readCheckpoint(file("checkpoint_" + name + ".pt"), options(expected, true))
                .network();
        assertEquals(chosen.stateDict().size(), checkpoint.network().stateDict().size());
        for (int i = 0; i < chosen.stateDict().size(); i++) {
            assertTrue(chosen.stateDict().get(i).tensor().contentEquals(checkpoint.network().stateDict().get(i)
                    .tensor()), "the weights load without the choice: " + chosen.stateDict().get(i).name());
        }
        IncompatibleModelException refusal = assertThrows(IncompatibleModelException.class, checkpoint::optimizer);
        assertTrue(refusal.getMessage().contains("--optimizer adam|adamw"), refusal.getMessage());
        assertEquals(6, refusal.exitCode());
    }

    @Test
    void theWrongAdamClassTrainsAwayFromTorch() {
        Json.JsonObject expected = expected("checkpoint_adam_decay");
        TorchModels.Checkpoint checkpoint = TorchModels.readCheckpoint(file("checkpoint_adam_decay.pt"),
                options(expected, false).withOptimizer("adamw"));
        Sequential network = resume(checkpoint, expected, false);
        Json.JsonObject resumed = expected.getObject("resumed");
        double largest = 0;
        for (NamedTensor tensor : network.stateDict()) {
            float[] torch = floats(resumed.get(tensor.name()));
            float[] java = tensor.tensor().toFloatArray();
            for (int i = 0; i < torch.length; i++) largest = Math.max(largest, Math.abs(torch[i] - java[i]));
        }
        assertTrue(largest > 1e-4, "Adam resumed as AdamW should leave torch's path; largest difference " + largest);
    }

    @Test
    void anAmbiguousCheckpointStillConvertsAndKeepsItsUnresolvedState(@TempDir Path folder) {
        Json.JsonObject expected = expected("checkpoint_adam_decay");
        Model model = Models.load(file("checkpoint_adam_decay.pt"), options(expected, false));
        Path saved = folder.resolve("adam_decay.brine");
        Models.save(model, saved);
        Sequential.Checkpoint checkpoint = assertInstanceOf(Sequential.class, Models.load(saved)).checkpoint()
                .orElseThrow();
        Json.JsonObject details = checkpoint.state().details();
        assertFalse(details.has("optimizer"), "no optimizer class is recorded to resume with");
        assertTrue(details.getString("optimizer_unresolved").contains("--optimizer"), details.toString());
        assertEquals(List.of("adam", "adamw"), details.getArray("optimizer_candidates").items().stream()
                .map(candidate -> ((Json.JsonObject) candidate).getString("type")).toList());
        assertTrue(checkpoint.tensors().stream().anyMatch(t -> t.name().equals("optimizer.state.0.exp_avg_sq")));
        Model chosen = Models.load(file("checkpoint_adam_decay.pt"), options(expected, true));
        assertEquals("adam", ((Sequential) chosen).checkpoint().orElseThrow().state().details()
                .getObject("optimizer").getString("type"));
    }

    @Test
    void anOptimizerChoiceMustFitTheFile() {
        Json.JsonObject expected = expected("checkpoint_sgd");
        IncompatibleModelException contradiction = assertThrows(IncompatibleModelException.class, () ->
                TorchModels.readCheckpoint(file("checkpoint_sgd.pt"), options(expected, false).withOptimizer("adam")));
        assertTrue(contradiction.getMessage().contains("--optimizer adam"), contradiction.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TorchModels.readCheckpoint(file("checkpoint_sgd.pt"),
                options(expected, false).withOptimizer("sgd")));
    }

    @Test
    void aConvertedCheckpointKeepsItsOptimizerStateInTheBrineFile(@TempDir Path folder) {
        Model model = Models.load(file("checkpoint_adam.pt"), LoadOptions.DEFAULTS.withArchitecture(
                "Linear(4,6),Tanh,Linear(6,2)"));
        Path saved = folder.resolve("adam.brine");
        Models.save(model, saved);
        Sequential reloaded = assertInstanceOf(Sequential.class, Models.load(saved));
        Sequential.Checkpoint checkpoint = reloaded.checkpoint().orElseThrow();
        assertEquals(3, checkpoint.state().epoch());
        assertEquals("adam", checkpoint.state().details().getObject("optimizer").getString("type"));
        assertTrue(checkpoint.tensors().stream().anyMatch(t -> t.name().equals("optimizer.state.0.max_exp_avg_sq")
                && t.role() == TensorRole.OPTIMIZER_STATE));
        Optimizer optimizer = Optimizer.fromJson(checkpoint.state().details().getObject("optimizer"));
        optimizer.loadState(checkpoint.tensors(), reloaded.parameters());
        assertInstanceOf(Adam.class, optimizer);
    }

    @Test
    void aPickledModuleOfAUserClassIsUnsafeAndSaysToSaveTheStateDict() {
        UnsafeModelException error = assertThrows(UnsafeModelException.class,
                () -> Models.load(Fixtures.path("malicious/user_module.pt")));
        assertTrue(error.getMessage().contains("__main__.UserNet"), error.getMessage());
        assertTrue(error.getMessage().contains("state_dict()"), error.getMessage());
        assertFalse(Files.exists(Fixtures.MARKER));
    }
}
