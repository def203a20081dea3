package dev.brine.cli;

import dev.brine.core.Models;
import dev.brine.core.json.Json;
import dev.brine.models.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PyTorch files through the CLI: the pre-0.4 tar format, {@code --optimizer} for checkpoints that cannot tell
 * Adam from AdamW, and state-dict keys under a prefix ({@code --strip-prefix}, detection, {@code --non-strict}). The files are copies of brine-python's fixtures (written by its fixtures-gen scripts).
 */
class TorchCommandsTest {
    private static final String MLP = "Linear(5,8),ReLU,Dropout(0.1),Linear(8,3)";
    private static final String CHECKPOINT_ARCH = "Linear(4,6),Tanh,Linear(6,2)";

    @TempDir
    Path dir;

    private static String fixture(String name) throws Exception {
        return Path.of(TorchCommandsTest.class.getResource("/torch/" + name).toURI()).toString();
    }

    @Test
    void aTarFormatStateDictScansConvertsAndInspects() throws Exception {
        MainTest.Result scan = MainTest.brine("scan", "--json", fixture("mlp_state_tar.pt"));
        assertEquals(0, scan.exitCode(), scan.out() + scan.err());
        assertTrue(scan.out().contains("\"format\":\"pytorch-tar\"") && scan.out().contains("torch.FloatStorage"),
                scan.out());
        Path out = dir.resolve("mlp.brine");
        MainTest.Result convert = MainTest.brine("convert", fixture("mlp_state_tar.pt"), out.toString(), "--arch", MLP);
        assertEquals(0, convert.exitCode(), convert.out() + convert.err());
        MainTest.Result inspect = MainTest.brine("inspect", out.toString());
        assertEquals(0, inspect.exitCode(), inspect.err());
        assertTrue(inspect.out().contains("pytorch"), inspect.out());
    }

    @Test
    void optimizerFlagSettlesAdamAgainstAdamW() throws Exception {
        Path out = dir.resolve("adamw.brine");
        MainTest.Result convert = MainTest.brine("convert", fixture("checkpoint_adam_decay.pt"), out.toString(),
                "--arch", CHECKPOINT_ARCH, "--optimizer", "adamw");
        assertEquals(0, convert.exitCode(), convert.out() + convert.err());
        Json.JsonObject details = assertInstanceOf(Sequential.class, Models.load(out)).checkpoint().orElseThrow()
                .state().details();
        assertEquals("adamw", details.getObject("optimizer").getString("type"));
    }

    @Test
    void withoutTheFlagTheCheckpointConvertsWithItsOptimizerUnresolved() throws Exception {
        Path out = dir.resolve("open.brine");
        MainTest.Result convert = MainTest.brine("convert", fixture("checkpoint_adam_decay.pt"), out.toString(),
                "--arch", CHECKPOINT_ARCH);
        assertEquals(0, convert.exitCode(), convert.out() + convert.err());
        Json.JsonObject details = assertInstanceOf(Sequential.class, Models.load(out)).checkpoint().orElseThrow()
                .state().details();
        assertFalse(details.has("optimizer"));
        assertTrue(details.getString("optimizer_unresolved").contains("--optimizer adam|adamw"), details.toString());
        assertTrue(convert.err().contains("note: the optimizer state is kept but not resolved"), convert.err());
    }

    @Test
    void anOptimizerOtherThanAdamOrAdamWIsAUsageError() throws Exception {
        MainTest.Result result = MainTest.brine("convert", fixture("checkpoint_adam_decay.pt"),
                dir.resolve("x.brine").toString(), "--arch", CHECKPOINT_ARCH, "--optimizer", "sgd");
        assertEquals(2, result.exitCode(), result.out() + result.err());
        assertTrue(result.err().contains("adam, adamw"), result.err());
    }

    /** The numbers of a JSON array, nested arrays flattened row by row. */
    private static float[] floats(Json json) {
        List<Float> values = new ArrayList<>();
        collect(json, values);
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) out[i] = values.get(i);
        return out;
    }

    private static void collect(Json json, List<Float> out) {
        if (json instanceof Json.JsonArray array) {
            array.items().forEach(item -> collect(item, out));
        } else {
            out.add((float) ((Json.JsonNumber) json).doubleValue());
        }
    }

    @Test
    void aDataParallelPrefixIsDetectedAndPrintedOnConvert() throws Exception {
        Json.JsonObject expected = (Json.JsonObject) dev.brine.core.json.JsonParser.parse(java.nio.file.Files
                .readString(Path.of(fixture("data_parallel.json"))));
        Path out = dir.resolve("dp.brine");
        MainTest.Result convert = MainTest.brine("convert", fixture("data_parallel.pt"), out.toString(), "--arch",
                expected.getString("arch"));
        assertEquals(0, convert.exitCode(), convert.out() + convert.err());
        assertTrue(convert.err().contains("brine: warning: data_parallel.pt: state-dict keys mapped to the "
                + "architecture, prefix 'module.' stripped: module.0.weight → 0.weight (give --strip-prefix module."),
                convert.err());
        Json.JsonArray rows = expected.getArray("x");
        float[] x = floats(rows);
        float[] actual = Models.load(out).predict(dev.brine.core.tensor.Tensor.of(x, rows.size(),
                x.length / rows.size())).toFloatArray();
        float[] torch = floats(expected.get("output"));
        for (int i = 0; i < torch.length; i++) {
            assertTrue(Math.abs(torch[i] - actual[i]) <= 1e-5 * Math.max(1, Math.abs(torch[i])), i + ": " + actual[i]
                    + ", torch gave " + torch[i]);
        }
    }

    @Test
    void twoFittingPrefixesExitSixNamingBothAndTheFlag() throws Exception {
        Path out = dir.resolve("pair.brine");
        MainTest.Result convert = MainTest.brine("convert", fixture("two_prefixes.pt"), out.toString(), "--arch",
                "Linear(4,8),Tanh,Linear(8,2)");
        assertEquals(6, convert.exitCode(), convert.out() + convert.err());
        assertTrue(convert.err().contains("'student.' stripped") && convert.err().contains("'teacher.' stripped")
                && convert.err().contains("--strip-prefix student. or --strip-prefix teacher."), convert.err());
        assertFalse(java.nio.file.Files.exists(out));
        MainTest.Result chosen = MainTest.brine("convert", fixture("two_prefixes.pt"), out.toString(), "--arch",
                "Linear(4,8),Tanh,Linear(8,2)", "--strip-prefix", "student.", "--non-strict");
        assertEquals(0, chosen.exitCode(), chosen.out() + chosen.err());
        assertTrue(chosen.err().contains("loaded non-strictly, missing keys [], unexpected keys [teacher.0.weight"),
                chosen.err());
    }
}
