package dev.brine.cli;

import dev.brine.core.Limits;
import dev.brine.core.Models;
import dev.brine.core.format.BrineFile;
import dev.brine.core.format.TensorEntry;
import dev.brine.models.Trainers;
import dev.brine.models.data.CsvTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static dev.brine.cli.MainTest.brine;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One byte of a tensor flipped: every command that reads the model refuses it with exit 4 naming the tensor, and
 * {@code --no-verify} is the explicit, announced escape. Foreign formats are known by the SHA-256 of the whole file.
 */
class TamperedModelTest {
    @TempDir
    Path dir;
    Path intact;
    Path tampered;
    Path input;
    String tensor;

    @BeforeEach
    void tamperWithOneTensor() throws IOException {
        Path csv = Files.writeString(dir.resolve("train.csv"), "x,y\n0,1\n1,3\n2,5\n3,7\n4,9.5\n");
        intact = dir.resolve("intact.brine");
        Models.save(Trainers.train("linear", CsvTable.read(csv), "y", Map.of(), Optional.empty(), 1), intact);
        long offset;
        try (BrineFile file = BrineFile.open(intact, Limits.DEFAULTS)) {
            TensorEntry last = file.safetensors().entries().values().stream()
                    .max(Comparator.comparingLong(TensorEntry::end)).orElseThrow();
            tensor = last.name();
            offset = file.safetensors().header().dataStart() + last.begin();
        }
        byte[] bytes = Files.readAllBytes(intact);
        bytes[(int) offset] ^= 0x10;
        tampered = Files.write(dir.resolve("tampered.brine"), bytes);
        input = Files.writeString(dir.resolve("x.csv"), "x\n10\n");
    }

    private void assertRefused(MainTest.Result result) {
        assertEquals(4, result.exitCode(), result.err());
        assertTrue(result.err().contains(tensor + ": expected sha256"), result.err());
        assertFalse(result.err().contains("\tat "), "no stack trace: " + result.err());
    }

    private String[] withRegistry(String... args) {
        return Stream.concat(Stream.of(args), Stream.of("--registry", dir.resolve("registry.db").toString()))
                .toArray(String[]::new);
    }

    @Test
    void predictRefusesItAndNoVerifyPredictsWithAWarning() {
        Path output = dir.resolve("out.csv");
        assertRefused(brine("predict", tampered.toString(), "--input", input.toString(), "--output",
                output.toString()));
        assertFalse(Files.exists(output));
        MainTest.Result unchecked = brine("predict", tampered.toString(), "--input", input.toString(), "--output",
                output.toString(), "--no-verify");
        assertEquals(0, unchecked.exitCode(), unchecked.err());
        assertTrue(unchecked.err().contains("brine: warning: " + tampered + ": loaded without checking"),
                unchecked.err());
        assertEquals(0, brine("predict", intact.toString(), "--input", input.toString(), "--output",
                output.toString()).exitCode());
    }

    @Test
    void convertAndTrainFromRefuseIt() throws IOException {
        Path converted = dir.resolve("converted.brine");
        assertRefused(brine("convert", tampered.toString(), converted.toString()));
        assertFalse(Files.exists(converted));
        Path rows = Files.writeString(dir.resolve("more.csv"), "x,y\n5,11\n6,13\n");
        assertRefused(brine("train", "--from", tampered.toString(), "--data", rows.toString(), "--target", "y",
                "-o", dir.resolve("next.brine").toString()));
    }

    @Test
    void serveRefusesToStartWithIt() {
        assertRefused(brine("serve", "--model", "m=" + tampered, "--port", "0"));
    }

    @Test
    void pushRefusesItAndNothingIsRegistered() {
        assertRefused(brine(withRegistry("push", tampered.toString(), "m")));
        assertEquals(7, brine(withRegistry("versions", "m")).exitCode());
        MainTest.Result unchecked = brine(withRegistry("push", tampered.toString(), "m", "--no-verify"));
        assertEquals(0, unchecked.exitCode(), unchecked.err());
        assertTrue(unchecked.err().contains("brine: warning: " + tampered + ": pushed without checking"),
                unchecked.err());
    }

    /** Foreign formats carry no per-tensor digests: the SHA-256 of the whole file is recorded by convert and push. */
    @Test
    void aForeignFileIsKnownByItsWholeSha256InProvenanceAndInTheRegistry() throws Exception {
        Path torch = Path.of(TamperedModelTest.class.getResource("/torch/mlp_state_tar.pt").toURI());
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(torch)));
        Path converted = dir.resolve("mlp.brine");
        assertEquals(0, brine("convert", torch.toString(), converted.toString(), "--arch",
                "Linear(5,8),ReLU,Dropout(0.1),Linear(8,3)").exitCode());
        try (BrineFile file = BrineFile.open(converted, Limits.DEFAULTS)) {
            assertEquals(Optional.of(sha256), file.manifest().orElseThrow().provenance().sourceSha256());
        }
        MainTest.Result pushed = brine(withRegistry("push", torch.toString(), "torch-mlp", "--json"));
        assertEquals(0, pushed.exitCode(), pushed.err());
        assertTrue(pushed.out().contains(sha256), pushed.out());
    }

    @Test
    void pullRefusesAStoredObjectDamagedInTheStoreAndQuarantinesIt() throws IOException {
        assertEquals(0, brine(withRegistry("push", intact.toString(), "m")).exitCode());
        Path objects = dir.resolve("artifacts/sha256");
        Path stored;
        try (Stream<Path> files = Files.walk(objects)) {
            stored = files.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        Files.write(stored, Files.readAllBytes(tampered));
        Path pulled = dir.resolve("pulled.brine");
        MainTest.Result result = brine(withRegistry("pull", "models:/m/1", "-o", pulled.toString()));
        assertEquals(4, result.exitCode(), result.err());
        assertTrue(result.err().contains("Damaged tensors: " + tensor + "."), result.err());
        assertTrue(result.err().contains("moved aside to " + dir.resolve("artifacts/quarantine")), result.err());
        assertFalse(Files.exists(pulled));
        assertFalse(Files.exists(stored));
        try (Stream<Path> quarantined = Files.list(dir.resolve("artifacts/quarantine"))) {
            assertEquals(2, quarantined.count(), "the object and its note");
        }
        // A pull of the version is refused until the original is pushed again.
        assertEquals(7, brine(withRegistry("predict", "models:/m/1", "--input", input.toString(), "--output",
                dir.resolve("out.csv").toString())).exitCode());
        assertEquals(0, brine(withRegistry("push", intact.toString(), "m")).exitCode());
        assertEquals(0, brine(withRegistry("pull", "models:/m/1", "-o", pulled.toString())).exitCode());
        assertArrayEquals(Files.readAllBytes(intact), Files.readAllBytes(pulled));
    }
}
