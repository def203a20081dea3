package dev.brine.cli;

import dev.brine.core.Models;
import dev.brine.models.Trainers;
import dev.brine.models.data.CsvTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static dev.brine.cli.MainTest.brine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code brine serve}'s model arguments and start-up errors, and {@code alias} guarding what a server follows. */
class ServeCommandTest {
    @TempDir
    Path dir;

    private Path linear(String name, String csv) throws IOException {
        Path data = dir.resolve(name + ".csv");
        Files.writeString(data, csv);
        Path model = dir.resolve(name + ".brine");
        Models.save(Trainers.train("linear", CsvTable.read(data), "y", Map.of(), Optional.empty(), 1), model);
        return model;
    }

    @Test
    void aBareNameServesTheLatestVersion() {
        assertEquals("models:/fraud/latest", ServeCommand.registryUri("fraud").toString());
        assertEquals("models:/fraud@prod", ServeCommand.registryUri("fraud@prod").toString());
        assertEquals("models:/fraud/3", ServeCommand.registryUri("models:/fraud/3").toString());
    }

    @Test
    void aPortInUseIsAUsageErrorNamingThePort() throws IOException {
        Path model = linear("line", "x,y\n0,1.5\n1,3.2\n2,5.1\n");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            MainTest.Result result = brine("serve", "--model", "line=" + model, "--port",
                    Integer.toString(taken.getLocalPort()));
            assertEquals(2, result.exitCode(), result.err());
            assertTrue(result.err().contains("127.0.0.1:" + taken.getLocalPort()), result.err());
            assertTrue(result.err().contains("--port"), result.err());
        }
    }

    @Test
    void anAliasMovesToAnotherSignatureOnlyWithForce() throws IOException {
        String registry = dir.resolve("registry.db").toString();
        Path one = linear("one", "x,y\n0,1.5\n1,3.2\n2,5.1\n");
        Path two = linear("two", "x,z,y\n0,1,1.5\n1,0,3.2\n2,2,5.1\n3,1,6.3\n");
        assertEquals(0, brine("push", one.toString(), "line", "--alias", "prod", "--registry", registry).exitCode());
        assertEquals(0, brine("push", two.toString(), "line", "--registry", registry).exitCode());
        MainTest.Result refused = brine("alias", "line", "prod", "2", "--registry", registry);
        assertEquals(2, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("--force"), refused.err());
        MainTest.Result forced = brine("alias", "line", "prod", "2", "--force", "--registry", registry);
        assertEquals(0, forced.exitCode(), forced.err());
        assertTrue(forced.out().contains("v1 → v2"), forced.out());
    }
}
