package dev.brine.core;

import dev.brine.core.format.BrineFile;
import dev.brine.core.format.Manifest;
import dev.brine.core.format.SafetensorsWriter;
import dev.brine.core.format.VerifiedFiles;
import dev.brine.core.format.VerifyReport;
import dev.brine.core.json.Json;
import dev.brine.core.json.JsonParser;
import dev.brine.core.model.LoadOptions;
import dev.brine.core.model.Model;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.StateDict;
import dev.brine.core.model.TensorRole;
import dev.brine.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The entry point: save, load, verify and format detection, over real files. */
class ModelsTest {
    private static final Json.JsonObject MALFORMED = json("/safetensors/malformed.json");

    @TempDir
    Path directory;

    static Stream<String> malformedFiles() {
        return MALFORMED.members().keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedFiles")
    void everyEntryPointRefusesAMalformedFileWithItsRulesExitCode(String fileName) {
        Path file = resource("/safetensors/malformed/" + fileName);
        long exitCode = MALFORMED.getObject(fileName).getLong("exit_code");
        for (Runnable entryPoint : List.<Runnable>of(() -> Models.load(file), () -> Models.formatOf(file),
                () -> Models.inspect(file, LoadOptions.DEFAULTS), () -> Models.verify(file))) {
            BrineException error = assertThrows(BrineException.class, entryPoint::run);
            assertEquals(exitCode, error.exitCode(), error.getMessage());
        }
    }

    @Test
    void savedModelsLoadBackWithTheirTensorsAndRoles() {
        Path target = directory.resolve("weights.brine");
        StateDict saved = new StateDict(List.of(
                new NamedTensor("w", Tensor.of(new float[] {1, -2, 3.5f}, 3), TensorRole.PARAMETER),
                new NamedTensor("mean", Tensor.of(new double[] {0.25}), TensorRole.BUFFER),
                new NamedTensor("step", Tensor.of(new long[] {7}), TensorRole.OPTIMIZER_STATE)));
        Manifest manifest = Models.save(saved, target);
        assertEquals(StateDict.TYPE, manifest.modelType());
        assertEquals("brine", Models.formatOf(target));
        StateDict loaded = assertInstanceOf(StateDict.class, Models.load(target));
        assertEquals(3, loaded.tensors().size());
        for (int i = 0; i < 3; i++) {
            assertEquals(saved.tensors().get(i).name(), loaded.tensors().get(i).name());
            assertEquals(saved.tensors().get(i).role(), loaded.tensors().get(i).role());
            assertTrue(saved.tensors().get(i).tensor().contentEquals(loaded.tensors().get(i).tensor()));
        }
    }

    @Test
    void verifyPassesOnAnIntactFileAndNamesTheOneTensorWithAFlippedByte() throws IOException {
        Path target = directory.resolve("model.brine");
        Models.save(new StateDict(List.of(
                new NamedTensor("first", Tensor.of(new float[] {1, 2, 3, 4}), TensorRole.PARAMETER),
                new NamedTensor("second", Tensor.of(new float[] {5, 6, 7, 8}), TensorRole.PARAMETER),
                new NamedTensor("third", Tensor.of(new float[] {9}), TensorRole.PARAMETER))), target);
        VerifyReport intact = Models.verify(target);
        assertTrue(intact.digestsRecorded());
        assertTrue(intact.intact(), intact.toString());
        assertEquals(3, intact.tensorsChecked());
        assertEquals(36, intact.bytesChecked());

        long secondsLastByte;
        try (BrineFile file = BrineFile.open(target, Limits.DEFAULTS)) {
            var entry = file.safetensors().entries().get("second");
            secondsLastByte = file.safetensors().header().dataStart() + entry.end() - 1;
        }
        flipByte(target, secondsLastByte);
        VerifyReport damaged = Models.verify(target);
        assertFalse(damaged.intact());
        assertEquals(List.of("second"), damaged.damaged().stream().map(VerifyReport.Mismatch::tensor).toList());
        VerifyReport.Mismatch mismatch = damaged.damaged().getFirst();
        assertFalse(mismatch.expectedSha256().equals(mismatch.actualSha256()));
    }

    @Test
    void loadRefusesATamperedFileNamingTheTensorUnlessVerificationIsOff() throws IOException {
        Path target = directory.resolve("tampered.brine");
        Models.save(new StateDict(List.of(
                new NamedTensor("kept", Tensor.of(new float[] {1, 2, 3, 4}), TensorRole.PARAMETER),
                new NamedTensor("hit", Tensor.of(new float[] {5, 6, 7, 8}), TensorRole.PARAMETER))), target);
        flipByte(target, lastByteOf(target, "hit"));

        CorruptModelException refused = assertThrows(CorruptModelException.class, () -> Models.load(target));
        assertEquals(4, refused.exitCode());
        assertTrue(refused.getMessage().contains("hit: expected sha256"), refused.getMessage());
        assertFalse(refused.getMessage().contains("kept"), refused.getMessage());

        StateDict unchecked = assertInstanceOf(StateDict.class,
                Models.load(target, LoadOptions.DEFAULTS.withVerify(false)));
        assertFalse(Tensor.of(new float[] {5, 6, 7, 8}).contentEquals(unchecked.tensors().get(1).tensor()));
    }

    @Test
    void anUnchangedFileIsHashedOnceButAnyWriteToItIsSeen() throws IOException {
        Path target = directory.resolve("cached.brine");
        Models.save(new StateDict(List.of(
                new NamedTensor("w", Tensor.of(new float[] {1, 2, 3, 4}), TensorRole.PARAMETER))), target);
        long before = VerifiedFiles.filesHashed();
        Models.load(target);
        Models.load(target);
        Models.load(target, LoadOptions.DEFAULTS);
        assertEquals(before + 1, VerifiedFiles.filesHashed(), "a file verified once and unchanged is not re-hashed");

        // Written in place, same size: the identity (mtime, ctime) changes, so the damage is found.
        flipByte(target, lastByteOf(target, "w"));
        CorruptModelException refused = assertThrows(CorruptModelException.class, () -> Models.load(target));
        assertTrue(refused.getMessage().contains("w: expected sha256"), refused.getMessage());
        assertEquals(before + 2, VerifiedFiles.filesHashed());
        // A damaged file is never remembered: every load hashes and refuses it again.
        assertThrows(CorruptModelException.class, () -> Models.load(target));
        assertEquals(before + 3, VerifiedFiles.filesHashed());
    }

    private static long lastByteOf(Path file, String tensor) {
        try (BrineFile open = BrineFile.open(file, Limits.DEFAULTS)) {
            return open.safetensors().header().dataStart() + open.safetensors().entries().get(tensor).end() - 1;
        }
    }

    @Test
    void verifyOfPlainSafetensorsChecksStructureButHasNoDigests() {
        Path target = directory.resolve("plain.safetensors");
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("w", Tensor.of(new float[] {1, 2}));
        SafetensorsWriter.write(target, tensors, Map.of("format", "pt"));
        VerifyReport report = Models.verify(target);
        assertFalse(report.digestsRecorded());
        assertTrue(report.intact());
        assertEquals(1, report.tensorsChecked());
        assertEquals("safetensors", Models.formatOf(target));
    }

    @Test
    void aFileOfNoKnownFormatIsUnsupportedAndAMissingOneNotFound() throws IOException {
        Path text = Files.writeString(directory.resolve("notes.txt"), "hello, not a model");
        assertEquals(5, assertThrows(UnsupportedModelException.class, () -> Models.load(text)).exitCode());
        Path missing = directory.resolve("missing.brine");
        assertEquals(7, assertThrows(ModelNotFoundException.class, () -> Models.load(missing)).exitCode());
        assertThrows(ModelNotFoundException.class, () -> Models.verify(missing));
    }

    private static void flipByte(Path file, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.put(0, (byte) (one.get(0) ^ 0x01)).rewind();
            channel.write(one, offset);
        }
    }

    private static Path resource(String name) {
        try {
            return Path.of(ModelsTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Json.JsonObject json(String name) {
        try {
            return (Json.JsonObject) JsonParser.parse(Files.readString(resource(name), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
