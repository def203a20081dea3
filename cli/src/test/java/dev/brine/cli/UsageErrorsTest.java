package dev.brine.cli;

import dev.brine.registry.Registry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static dev.brine.cli.MainTest.brine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mistakes a user makes get usage errors that say what to write, never messages that read as bugs. */
class UsageErrorsTest {
    @TempDir
    Path dir;

    private Path data() throws IOException {
        Path data = dir.resolve("train.csv");
        Files.writeString(data, "a,b,label\n0,1,x\n1,0,y\n1,1,x\n0,0,y\n");
        return data;
    }

    private MainTest.Result trainMlp(String... extra) throws IOException {
        String[] base = {"train", "--model", "mlp", "--data", data().toString(), "--target", "label", "-o",
                dir.resolve("m.brine").toString(), "--epochs", "1"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return brine(args);
    }

    @Test
    void anUnknownChoiceListsTheChoices() throws IOException {
        MainTest.Result activation = trainMlp("--activation", "swish");
        assertEquals(2, activation.exitCode(), activation.err());
        assertTrue(activation.err().contains("activation=swish") && activation.err().contains("expected one of relu,")
                        && activation.err().contains(" leaky_relu"),
                activation.err());
        assertFalse(activation.err().contains("No enum constant"), activation.err());
        MainTest.Result optimizer = trainMlp("--optimizer", "adamax");
        assertEquals(2, optimizer.exitCode(), optimizer.err());
        assertTrue(optimizer.err().contains("sgd, adam, adamw, rmsprop, adagrad"), optimizer.err());
    }

    @Test
    void aNonNumberNamesItsFlag() throws IOException {
        MainTest.Result rate = trainMlp("--lr", "fast");
        assertEquals(2, rate.exitCode(), rate.err());
        assertTrue(rate.err().contains("--lr") && rate.err().contains("fast"), rate.err());
        MainTest.Result layers = trainMlp("--layers", "64,wide");
        assertEquals(2, layers.exitCode(), layers.err());
        assertTrue(layers.err().contains("layers=64,wide") && layers.err().contains("integers"), layers.err());
    }

    @Test
    void aRegistryFromANewerBrineIsUnsupported() throws Exception {
        Path file = dir.resolve("r.db");
        Registry.open(file.toString()).close();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO brine_schema_history (installed_rank, version, description, type, script,"
                    + " checksum, installed_by, installed_on, execution_time, success) VALUES (2, '2', 'future',"
                    + " 'SQL', 'V2__future.sql', 0, 'newer', CURRENT_TIMESTAMP, 1, 1)");
        }
        MainTest.Result result = brine("models", "--registry", file.toString());
        assertEquals(5, result.exitCode(), result.err());
        assertTrue(result.err().contains("newer than version 1"), result.err());
    }

    @Test
    void inspectTakesTheArchitectureOfAWeightsOnlyKerasFile() throws URISyntaxException {
        Path folder = Path.of(getClass().getResource("/keras-weights/sequential_mlp.json").toURI()).getParent();
        String weights = folder.resolve("sequential_mlp_weights.h5").toString();
        MainTest.Result without = brine("inspect", weights);
        assertEquals(5, without.exitCode(), without.err());
        assertTrue(without.err().contains("--arch"), without.err());
        MainTest.Result with = brine("inspect", weights, "--arch", folder.resolve("sequential_mlp.json").toString());
        assertEquals(0, with.exitCode(), with.err());
        assertTrue(with.out().contains("keras"), with.out());
    }
}
