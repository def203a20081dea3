package dev.brine.python.torch;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.Models;
import dev.brine.core.json.Json;
import dev.brine.core.json.JsonParser;
import dev.brine.core.model.LoadOptions;
import dev.brine.core.model.Model;
import dev.brine.core.tensor.Tensor;
import dev.brine.python.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * State dicts in the layouts people save them in (nested modules, ModuleLists, {@code module.} and {@code model.}
 * prefixes), checked against torch 1.13's own outputs (fixtures-gen/torch_layouts_gen.py).
 */
class TorchLayoutsTest {

    private static final double TOLERANCE = 1e-5;

    private static Json.JsonObject expected(String name) {
        return (Json.JsonObject) JsonParser.parse(Fixtures.text("torch_layouts/" + name + ".json"));
    }

    private static float[] floats(Json json) {
        List<Double> values = new ArrayList<>();
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

    /** Loads the case with its architecture and options, predicts its inputs, returns the warnings logged. */
    private static List<String> loadsAndPredictsAsTorch(String name, LoadOptions options) {
        Json.JsonObject expected = expected(name);
        List<String> warnings = new ArrayList<>();
        Logger logger = Logger.getLogger("dev.brine.nn");
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        Model model;
        try {
            model = Models.load(Fixtures.path("torch_layouts/" + name + ".pt"),
                    options.withArchitecture(expected.getString("arch")));
        } finally {
            logger.removeHandler(handler);
        }
        Json.JsonArray rows = expected.getArray("x");
        float[] x = floats(rows);
        float[] actual = model.predict(Tensor.of(x, rows.size(), x.length / rows.size())).toFloatArray();
        float[] torch = floats(expected.get("output"));
        assertEquals(torch.length, actual.length, name);
        for (int i = 0; i < torch.length; i++) {
            assertTrue(Math.abs(torch[i] - actual[i]) <= TOLERANCE * Math.max(1, Math.abs(torch[i])),
                    name + " value " + i + ": " + actual[i] + ", torch gave " + torch[i]);
        }
        return warnings;
    }

    @ParameterizedTest
    @ValueSource(strings = {"quickstart", "wrapped_sequential", "module_list"})
    void nestedModulesLoadUnderTheirPaths(String name) {
        assertEquals(List.of(), loadsAndPredictsAsTorch(name, LoadOptions.DEFAULTS), "keys match: nothing mapped");
    }

    @ParameterizedTest
    @ValueSource(strings = {"data_parallel", "model_prefix"})
    void theOnePrefixThatFitsIsDetectedAndSaid(String name) {
        List<String> warnings = loadsAndPredictsAsTorch(name, LoadOptions.DEFAULTS);
        String prefix = name.equals("data_parallel") ? "module." : "model.";
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.getFirst().contains("'" + prefix + "' stripped: " + prefix + "0.weight → 0.weight")
                && warnings.getFirst().contains("--strip-prefix " + prefix), warnings.getFirst());
    }

    @Test
    void aGivenPrefixIsUsedWithoutANote() {
        assertEquals(List.of(), loadsAndPredictsAsTorch("data_parallel", LoadOptions.DEFAULTS.withStripPrefix(
                "module.")));
    }

    @Test
    void anArchitectureNamingTheWrapperTakesAnInnerStateDictWithPrefix() {
        // The wrapped network's weights saved from the inner Sequential ('0.weight'), loaded with the outer names.
        Json.JsonObject expected = expected("data_parallel");
        String arch = "network=Sequential(" + expected.getString("arch") + ")";
        LoadOptions stripped = LoadOptions.DEFAULTS.withStripPrefix("module.").withPrefix("network.");
        Model model = Models.load(Fixtures.path("torch_layouts/data_parallel.pt"), stripped.withArchitecture(arch));
        Model plain = Models.load(Fixtures.path("torch_layouts/data_parallel.pt"),
                LoadOptions.DEFAULTS.withArchitecture(expected.getString("arch")));
        Tensor x = Tensor.of(new float[] {0.5f, -1, 2, 0.25f}, 1, 4);
        assertEquals(List.of(plain.predict(x).toFloatArray()[0], plain.predict(x).toFloatArray()[1]),
                List.of(model.predict(x).toFloatArray()[0], model.predict(x).toFloatArray()[1]));
    }

    @Test
    void twoFittingPrefixesAreRefusedWithBothAndTheFlag() {
        IncompatibleModelException refusal = assertThrows(IncompatibleModelException.class, () ->
                loadsAndPredictsAsTorch("two_prefixes", LoadOptions.DEFAULTS));
        assertTrue(refusal.getMessage().contains("2 prefixes") && refusal.getMessage().contains("'student.'")
                && refusal.getMessage().contains("'teacher.'") && refusal.getMessage().contains(
                "--strip-prefix student. or --strip-prefix teacher."), refusal.getMessage());
    }

    @Test
    void aChosenPrefixLoadsStrictlyOnlyWithoutLeftoverKeys() {
        LoadOptions student = LoadOptions.DEFAULTS.withStripPrefix("student.");
        IncompatibleModelException refusal = assertThrows(IncompatibleModelException.class, () ->
                loadsAndPredictsAsTorch("two_prefixes", student));
        assertTrue(refusal.getMessage().contains("unexpected keys [teacher.0.weight"), refusal.getMessage());
        List<String> warnings = loadsAndPredictsAsTorch("two_prefixes", student.withStrict(false));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.getFirst().contains("loaded non-strictly, missing keys [], unexpected keys "
                + "[teacher.0.weight, teacher.0.bias, teacher.2.weight, teacher.2.bias]"), warnings.getFirst());
    }

    @Test
    void missingKeysUnderNonStrictAreReportedAndStayZero() {
        // The student's architecture with one more layer than the file has: its weights are missing.
        Json.JsonObject expected = expected("data_parallel");
        LoadOptions options = LoadOptions.DEFAULTS.withArchitecture(expected.getString("arch") + ",Linear(2,2)")
                .withStripPrefix("module.");
        assertThrows(IncompatibleModelException.class, () -> Models.load(
                Fixtures.path("torch_layouts/data_parallel.pt"), options));
        Model model = Models.load(Fixtures.path("torch_layouts/data_parallel.pt"), options.withStrict(false));
        assertEquals(0f, model.predict(Tensor.of(new float[] {1, 2, 3, 4}, 1, 4)).toFloatArray()[0]);
    }

    @Test
    void aWholeSequentialOfConvNormAndPoolingLayersIsRebuiltFromItsAttributes() {
        Json.JsonObject expected = expected("whole_cnn");
        Model model = Models.load(Fixtures.path("torch_layouts/whole_cnn.pt"));
        float[] x = floats(expected.getArray("x"));
        float[] actual = model.predict(Tensor.of(x, 2, 1, 8, 8)).toFloatArray();
        float[] torch = floats(expected.get("output"));
        assertEquals(torch.length, actual.length);
        for (int i = 0; i < torch.length; i++) {
            assertTrue(Math.abs(torch[i] - actual[i]) <= TOLERANCE * Math.max(1, Math.abs(torch[i])),
                    "value " + i + ": " + actual[i] + ", torch gave " + torch[i]);
        }
    }

    @Test
    void aWholeModuleOfAUserClassIsRefusedWithTheArchThatLoadsItsStateDict() {
        dev.brine.core.UnsafeModelException refusal = assertThrows(dev.brine.core.UnsafeModelException.class, () ->
                Models.load(Fixtures.path("torch_layouts/whole_user_class.pt")));
        String message = refusal.getMessage();
        int start = message.indexOf("--arch '");
        assertTrue(start > 0 && message.contains("__main__.Wrapped"), message);
        String arch = message.substring(start + "--arch '".length(), message.indexOf('\'', start + 8));
        assertTrue(arch.startsWith("network=Sequential(0=Linear(in_features=12,out_features=64,bias=True),1=ReLU,"),
                arch);
        // The suggested architecture loads the state dict the same class saved, and predicts as torch.
        Json.JsonObject expected = expected("wrapped_sequential");
        Model model = Models.load(Fixtures.path("torch_layouts/wrapped_sequential.pt"),
                LoadOptions.DEFAULTS.withArchitecture(arch));
        float[] x = floats(expected.getArray("x"));
        float[] actual = model.predict(Tensor.of(x, 5, 12)).toFloatArray();
        float[] torch = floats(expected.get("output"));
        for (int i = 0; i < torch.length; i++) {
            assertTrue(Math.abs(torch[i] - actual[i]) <= TOLERANCE * Math.max(1, Math.abs(torch[i])), "value " + i);
        }
    }
}
