package dev.brine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code brine scan}: exit 0 for a safe pickle, 3 naming the global for a payload, 4 for a damaged stream. */
class ScanCommandTest {
    @TempDir
    Path dir;

    private Path write(String name, String protocol0Pickle) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, protocol0Pickle.getBytes(StandardCharsets.ISO_8859_1));
        return file;
    }

    @Test
    void safePickleExitsZero() throws Exception {
        Path file = write("safe.pkl", "ccollections\nOrderedDict\n(tR.");
        MainTest.Result result = MainTest.brine("scan", file.toString());
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("allowed collections.OrderedDict"), result.out());
    }

    @Test
    void payloadExitsThreeAndNamesTheGlobal() throws Exception {
        Path file = write("evil.pkl", "cos\nsystem\n(S'touch /tmp/brine-cli-marker'\ntR.");
        MainTest.Result result = MainTest.brine("scan", "--json", file.toString());
        assertEquals(3, result.exitCode(), result.err());
        assertTrue(result.out().contains("\"global\":\"os.system\""), result.out());
        assertTrue(!Files.exists(Path.of("/tmp/brine-cli-marker")));
    }

    @Test
    void truncatedStreamExitsFour() throws Exception {
        Path file = write("cut.pkl", "(lp0\nI1\na");
        assertEquals(4, MainTest.brine("scan", file.toString()).exitCode());
    }

    @Test
    void brineFilesAreSafeWithoutThePickleScanner() throws Exception {
        Path file = dir.resolve("weights.safetensors");
        java.util.LinkedHashMap<String, dev.brine.core.tensor.Tensor> tensors = new java.util.LinkedHashMap<>();
        tensors.put("w", dev.brine.core.tensor.Tensor.of(new float[] {1, 2}));
        dev.brine.core.format.SafetensorsWriter.write(file, tensors, java.util.Map.of());
        MainTest.Result result = MainTest.brine("scan", file.toString());
        assertEquals(0, result.exitCode(), result.out() + result.err());
        assertTrue(result.out().contains("safetensors, safe"), result.out());
    }

    @Test
    void kerasLambdaIsUnsafe() throws Exception {
        Path file = Path.of(getClass().getResource("/lambda.h5").toURI());
        MainTest.Result result = MainTest.brine("scan", file.toString());
        assertEquals(3, result.exitCode(), result.out() + result.err());
        assertTrue(result.out().contains("Lambda"), result.out());
    }
}
