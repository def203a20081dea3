package dev.brine.cli;

import dev.brine.core.Models;
import dev.brine.core.json.Json;
import dev.brine.models.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PyTorch files through the CLI: the pre-0.4 tar format and {@code --optimizer} for checkpoints that cannot tell
 * Adam from AdamW. The files are copies of brine-python's fixtures (written by its fixtures-gen scripts).
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
}
