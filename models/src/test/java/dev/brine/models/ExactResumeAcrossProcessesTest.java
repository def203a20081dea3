package dev.brine.models;

import dev.brine.core.Models;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.NamedTensor;
import dev.brine.models.testing.ResumeMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exact-resume contract with real processes: a run trained to the end in one JVM, and the same run
 * stopped, saved to a .brine file, loaded in a new JVM and continued, leave identical tensors (weights, buffers,
 * optimizer state, RNG state) and training state. Covers SGD and Adam networks and a random forest grown in stages.
 */
class ExactResumeAcrossProcessesTest {

    @TempDir
    Path directory;

    @Test
    void sgdNetwork() throws Exception {
        assertNetworkResume("sgd", 4, 1);
    }

    @Test
    void adamNetwork() throws Exception {
        assertNetworkResume("adam", 4, 2);
    }

    @Test
    void randomForestGrownInStages() throws Exception {
        Path whole = directory.resolve("whole.brine");
        Path first = directory.resolve("first.brine");
        Path grown = directory.resolve("grown.brine");
        run("forest-start", "30", whole.toString());
        run("forest-start", "12", first.toString());
        run("forest-grow", first.toString(), "18", grown.toString());
        assertSameTensors(snapshot(whole), snapshot(grown));
    }

    private void assertNetworkResume(String optimizer, int epochs, int stopAt) throws Exception {
        Path whole = directory.resolve(optimizer + "-whole.brine");
        Path first = directory.resolve(optimizer + "-first.brine");
        Path resumed = directory.resolve(optimizer + "-resumed.brine");
        run("network-start", optimizer, Integer.toString(epochs), whole.toString());
        run("network-start", optimizer, Integer.toString(stopAt), first.toString());
        run("network-resume", first.toString(), Integer.toString(epochs), resumed.toString());
        ModelSnapshot expected = snapshot(whole);
        ModelSnapshot actual = snapshot(resumed);
        assertSameTensors(expected, actual);
        assertEquals(expected.training(), actual.training());
    }

    private static ModelSnapshot snapshot(Path file) {
        return Models.load(file).snapshot();
    }

    private static void assertSameTensors(ModelSnapshot expected, ModelSnapshot actual) {
        assertEquals(expected.tensors().stream().map(NamedTensor::name).toList(),
                actual.tensors().stream().map(NamedTensor::name).toList());
        for (NamedTensor tensor : expected.tensors()) {
            assertTrue(tensor.tensor().contentEquals(actual.tensor(tensor.name()).tensor()), tensor.name() + " differs");
        }
        assertEquals(expected.config(), actual.config());
    }

    /** Runs {@link ResumeMain} in a new JVM with this test's class path. */
    private void run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ResumeMain.class.getName());
        command.addAll(List.of(arguments));
        Path log = directory.resolve("process.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the training process did not finish in time");
        assertEquals(0, process.exitValue(), () -> "training process failed: " + read(log));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
