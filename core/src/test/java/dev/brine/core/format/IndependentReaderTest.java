package dev.brine.core.format;

import dev.brine.core.Limits;
import dev.brine.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@code .brine} file written by Brine and read by the independent reader {@code tools/safetensors_read.py}
 * (numpy, from the spec) gives identical tensors. Python does not run in the build: the reader's report on the
 * committed {@code brine-written/sample.brine} is committed beside it (see the README there to redo it), and these
 * tests tie that report to what Brine reads and to what Brine writes today.
 */
class IndependentReaderTest {
    private static final Json.JsonObject REPORT = Fixtures.json("brine-written/sample.reference.json");

    @Test
    void independentReaderSawTheTensorsAndDigestsBrineReads() {
        assertTrue(REPORT.getBoolean("brine_digests_match"), "the reader recomputed every recorded SHA-256");
        try (BrineFile file = BrineFile.open(Fixtures.path("brine-written/sample.brine"), Limits.DEFAULTS)) {
            ReferenceReport.assertMatches(REPORT, file.safetensors());
            Json.JsonObject tensors = REPORT.getObject("tensors");
            file.manifest().orElseThrow().tensors().forEach((name, record) ->
                    assertEquals(tensors.getObject(name).getString("sha256"), record.sha256(), name));
        }
    }

    @Test
    void brineStillWritesTheBytesTheIndependentReaderRead(@TempDir Path directory) throws IOException {
        Path written = directory.resolve("sample.brine");
        BrineWrittenSample.write(written);
        try (SafetensorsFile file = SafetensorsFile.open(written)) {
            ReferenceReport.assertMatches(REPORT, file);
        }
        assertEquals(-1, Files.mismatch(Fixtures.path("brine-written/sample.brine"), written),
                "same input, same bytes; if the format changed on purpose, regenerate the fixture (README)");
    }
}
