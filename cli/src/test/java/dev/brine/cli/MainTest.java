package dev.brine.cli;

import dev.brine.core.format.SafetensorsFile;
import dev.brine.core.format.SafetensorsWriter;
import dev.brine.core.json.Json;
import dev.brine.core.json.JsonParser;
import dev.brine.core.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI contract of the product brief: outputs and exit codes. */
class MainTest {
    @TempDir
    Path dir;
    Path safetensors;

    record Result(int exitCode, String out, String err) {
    }

    static Result brine(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeEach
    void writeSafetensors() {
        safetensors = dir.resolve("weights.safetensors");
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("layer.weight", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        tensors.put("layer.bias", Tensor.of(new long[] {7, 8}, 2));
        SafetensorsWriter.write(safetensors, tensors, Map.of("framework", "test"));
    }

    @Test
    void versionNamesBrineAndTheJdk() {
        Result result = brine("--version");
        assertEquals(0, result.exitCode());
        assertTrue(result.out().startsWith("brine "), result.out());
        assertTrue(result.out().contains("JDK 25"), result.out());
    }

    @Test
    void everyCommandTakesHelpWithoutItsRequiredOptions() {
        for (String command : new String[] {"train", "predict", "convert", "serve", "push"}) {
            Result result = brine(command, "--help");
            assertEquals(0, result.exitCode(), command + ": " + result.err());
            assertTrue(result.out().startsWith("Usage: brine " + command), result.out());
        }
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertEquals(2, brine("frobnicate").exitCode());
    }

    @Test
    void inspectListsTensorsWithDtypeShapeAndBytes() {
        Result result = brine("inspect", safetensors.toString());
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("layer.weight  F32    [2, 3]  24"), result.out());
        assertTrue(result.out().contains("metadata framework  test"), result.out());
    }

    @Test
    void inspectJsonIsValidJsonWithTheTensors() {
        Result result = brine("inspect", "--json", safetensors.toString());
        assertEquals(0, result.exitCode(), result.err());
        Json.JsonObject json = assertInstanceOf(Json.JsonObject.class, JsonParser.parse(result.out()));
        assertEquals("safetensors", json.getString("format"));
        assertEquals(2, json.getArray("tensors").size());
    }

    @Test
    void convertToBrineAndBackKeepsTensorsMetadataAndRecordsTheSource() throws IOException {
        Path brineFile = dir.resolve("weights.brine");
        Path back = dir.resolve("back.safetensors");
        assertEquals(0, brine("convert", safetensors.toString(), brineFile.toString()).exitCode());
        assertEquals(0, brine("convert", brineFile.toString(), back.toString()).exitCode());
        try (SafetensorsFile original = SafetensorsFile.open(safetensors);
             SafetensorsFile roundTrip = SafetensorsFile.open(back)) {
            for (String name : original.entries().keySet()) {
                assertTrue(original.tensor(name).contentEquals(roundTrip.tensor(name)), name);
            }
            assertEquals("test", roundTrip.metadata().get("framework"));
            assertFalse(roundTrip.metadata().containsKey("brine"));
        }
        Result inspected = brine("inspect", brineFile.toString());
        assertTrue(inspected.out().contains("converted from safetensors weights.safetensors (sha256 "),
                inspected.out());
    }

    @Test
    void verifyIsZeroWhenIntactAndFourNamingTheDamagedTensor() throws IOException {
        Path brineFile = dir.resolve("weights.brine");
        brine("convert", safetensors.toString(), brineFile.toString());
        assertEquals(0, brine("verify", brineFile.toString()).exitCode());

        byte[] bytes = Files.readAllBytes(brineFile);
        bytes[bytes.length - 1] ^= 1; // last byte belongs to the last tensor, layer.bias
        Files.write(brineFile, bytes);
        Result result = brine("verify", brineFile.toString());
        assertEquals(4, result.exitCode());
        assertTrue(result.err().contains("layer.bias"), result.err());
        assertFalse(result.err().contains("layer.weight"), result.err());
        assertFalse(result.err().contains("\tat "), "no stack trace without --debug");
    }

    @Test
    void missingFileIsSeven() {
        Result result = brine("inspect", dir.resolve("absent.brine").toString());
        assertEquals(7, result.exitCode());
        assertTrue(result.err().contains("no such file"), result.err());
    }

    @Test
    void truncatedFileIsFourWithTheReason() throws IOException {
        byte[] bytes = Files.readAllBytes(safetensors);
        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        Result result = brine("inspect", truncated.toString());
        assertEquals(4, result.exitCode());
        assertTrue(result.err().contains("truncated"), result.err());
    }

    @Test
    void futureFormatVersionIsFiveAndSaysWhichBrineToUse() {
        Path brineFile = dir.resolve("weights.brine");
        brine("convert", safetensors.toString(), brineFile.toString());
        Path future = dir.resolve("future.brine");
        try (SafetensorsFile current = SafetensorsFile.open(brineFile)) {
            String manifest = current.metadata().get("brine")
                    .replace("\"format_version\":1,", "\"format_version\":9,")
                    .replaceFirst("\"brine_version\":\"[^\"]*\"", "\"brine_version\":\"9.0.0\"");
            SafetensorsWriter.write(future, new LinkedHashMap<>(current.tensors()), Map.of("brine", manifest));
        }
        Result result = brine("inspect", future.toString());
        assertEquals(5, result.exitCode(), result.err());
        assertTrue(result.err().contains("format version 9"), result.err());
        assertTrue(result.err().contains("Upgrade Brine to 9.0.0"), result.err());
    }

    @Test
    void debugPrintsTheStackTrace() {
        Result result = brine("--debug", "inspect", dir.resolve("absent.brine").toString());
        assertEquals(7, result.exitCode());
        assertTrue(result.err().contains("\tat dev.brine."), result.err());
    }
}
