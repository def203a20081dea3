package dev.brine.registry;

import dev.brine.core.CorruptModelException;
import dev.brine.core.ModelNotFoundException;
import dev.brine.core.Models;
import dev.brine.core.UnsafeModelException;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.StateDict;
import dev.brine.core.model.TensorRole;
import dev.brine.core.tensor.Tensor;
import dev.brine.core.json.Json;
import dev.brine.registry.inspect.ArtifactDescription;
import dev.brine.registry.inspect.ScanVerdict;
import dev.brine.registry.store.ArtifactDigest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The registry's behaviour, run against each metadata database (SQLite and PostgreSQL subclasses) with the
 * filesystem artifact store.
 */
abstract class RegistryContract {

    @TempDir
    Path dir;
    Backend backend;
    Registry registry;

    abstract Backend newBackend(Path directory);

    /** Called after each test: the backend must be empty for the next one. */
    void releaseBackend() {
        if (backend != null) {
            backend.close();
        }
    }

    @BeforeEach
    void openRegistry() {
        backend = newBackend(dir);
        registry = open("alice");
    }

    @AfterEach
    void closeRegistry() {
        // Null when the backend is unavailable and the test was skipped before opening it.
        if (registry != null) {
            registry.close();
        }
        releaseBackend();
    }

    Registry open(String actor) {
        return Registry.open(config(actor).build());
    }

    RegistryConfig.Builder config(String actor) {
        return RegistryConfig.builder(backend.metadataLocation())
                .artifacts(dir.resolve("artifacts").toUri().toString())
                .cacheDir(dir.resolve("cache"))
                .actor(actor);
    }

    Path file(String name, byte[] content) throws IOException {
        Path file = dir.resolve("input").resolve(name);
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    static byte[] randomBytes(long seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    PushResult push(String name, long seed) throws IOException {
        return registry.push(file("model-" + seed + ".brine", randomBytes(seed, 4096)),
                PushRequest.builder(name).build());
    }

    // ---- versions -----------------------------------------------------------------------------------------------

    @Test
    void pushesGetConsecutiveVersionsStartingAtOne() throws IOException {
        assertEquals(1, push("iris", 1).version().version());
        assertEquals(2, push("iris", 2).version().version());
        assertEquals(3, push("iris", 3).version().version());
        assertEquals(1, push("other", 4).version().version());
    }

    @Test
    void versionRecordsDigestSizeFileNameAndWho() throws IOException {
        byte[] content = randomBytes(7, 5000);
        ModelVersion version = registry.push(file("clf.onnx", content), PushRequest.builder("clf")
                .description("first cut").build()).version();
        assertEquals(ArtifactDigest.ofFile(dir.resolve("input/clf.onnx")), version.digest());
        assertEquals(5000, version.sizeBytes());
        assertEquals("clf.onnx", version.fileName());
        assertEquals("onnx", version.format());
        assertEquals("alice", version.createdBy());
        assertEquals(Optional.of("first cut"), version.description());
        assertEquals(ScanVerdict.Safety.NOT_SCANNED, version.safety().safety());
        assertEquals(version, registry.resolve("models:/clf/1"));
    }

    @Test
    void identicalBytesReturnTheExistingVersionUnlessForcedNew() throws IOException {
        Path model = file("m.brine", randomBytes(1, 1000));
        PushResult first = registry.push(model, PushRequest.builder("m").build());
        PushResult again = registry.push(model, PushRequest.builder("m").build());
        assertTrue(first.created());
        assertFalse(again.created());
        assertEquals(1, again.version().version());
        assertTrue(again.summary().contains("models:/m/1"), again.summary());
        PushResult forced = registry.push(model, PushRequest.builder("m").forceNew(true).build());
        assertTrue(forced.created());
        assertEquals(2, forced.version().version());
        assertEquals(first.version().digest(), forced.version().digest());
    }

    @Test
    void identicalBytesInAnotherModelMakeANewVersionThere() throws IOException {
        Path model = file("m.brine", randomBytes(1, 1000));
        registry.push(model, PushRequest.builder("a").build());
        PushResult other = registry.push(model, PushRequest.builder("b").build());
        assertTrue(other.created());
        assertEquals("b", other.version().name());
    }

    @Test
    void pullDeliversTheExactBytesPushed() throws IOException {
        byte[] content = randomBytes(3, 70_000);
        registry.push(file("net.pt", content), PushRequest.builder("net").build());
        Path target = dir.resolve("out/net.pt");
        registry.pull(ModelUri.parse("models:/net/1"), target);
        assertArrayEquals(content, Files.readAllBytes(target));
        Path cached = registry.pull(ModelUri.parse("models:/net/latest"));
        assertTrue(cached.getFileName().toString().endsWith(".pt"), cached.toString());
        assertArrayEquals(content, Files.readAllBytes(cached));
    }

    @Test
    void aDamagedCachedCopyIsDownloadedAgainNotUsed() throws IOException {
        byte[] content = randomBytes(4, 10_000);
        registry.push(file("m.brine", content), PushRequest.builder("m").build());
        Path cached = registry.pull(ModelUri.parse("models:/m/1"));
        cached.toFile().setWritable(true);
        Files.write(cached, "tampered".getBytes(StandardCharsets.UTF_8));
        Path again = registry.pull(ModelUri.parse("models:/m/1"));
        assertArrayEquals(content, Files.readAllBytes(again));
    }

    @Test
    void aCorruptArtifactInTheStoreIsRefusedOnPull() throws IOException {
        ModelVersion version = registry.push(file("m.brine", randomBytes(5, 2000)), PushRequest.builder("m").build())
                .version();
        Path stored = dir.resolve("artifacts/sha256").resolve(version.digest().hex().substring(0, 2))
                .resolve(version.digest().hex());
        byte[] damaged = Files.readAllBytes(stored);
        damaged[100] ^= 1;
        Files.write(stored, damaged);
        CorruptModelException error = assertThrows(CorruptModelException.class,
                () -> registry.pull(ModelUri.parse("models:/m/1"), dir.resolve("out.brine")));
        assertTrue(error.getMessage().contains(version.digest().toString()), error.getMessage());
        assertFalse(Files.exists(dir.resolve("out.brine")));
    }

    /** A real .brine file of two tensors; {@code damaged} flips the last byte of tensor "b". */
    Path brine(String name, boolean damaged) throws IOException {
        Path target = dir.resolve("input").resolve(name);
        Files.createDirectories(target.getParent());
        Models.save(new StateDict(List.of(
                new NamedTensor("a", Tensor.of(new float[] {1, 2, 3}), TensorRole.PARAMETER),
                new NamedTensor("b", Tensor.of(new float[] {4, 5, 6}), TensorRole.PARAMETER))), target);
        if (damaged) {
            byte[] bytes = Files.readAllBytes(target);
            bytes[bytes.length - 1] ^= 0x40;   // "b" is the last tensor
            Files.write(target, bytes);
        }
        return target;
    }

    Path storedObject(ArtifactDigest digest) {
        return dir.resolve("artifacts/sha256").resolve(digest.hex().substring(0, 2)).resolve(digest.hex());
    }

    @Test
    void aTamperedBrineFileIsRefusedOnPushNamingTheTensorUnlessVerificationIsOff() throws IOException {
        Path tampered = brine("tampered.brine", true);
        CorruptModelException refused = assertThrows(CorruptModelException.class,
                () -> registry.push(tampered, PushRequest.builder("m").build()));
        assertTrue(refused.getMessage().contains(tampered.toString()), refused.getMessage());
        assertTrue(refused.getMessage().contains("b: expected sha256"), refused.getMessage());
        assertFalse(refused.getMessage().contains("a: expected"), refused.getMessage());
        assertThrows(ModelNotFoundException.class, () -> registry.model("m"));
        assertEquals(List.of(), registry.gc(new GcOptions(Duration.ZERO, true)).removed(), "nothing was stored");

        ModelVersion kept = registry.push(tampered, PushRequest.builder("m").verify(false).build()).version();
        assertEquals(ArtifactDigest.ofFile(tampered), kept.digest());
        assertEquals(1, registry.push(brine("intact.brine", false), PushRequest.builder("n").build())
                .version().version());
    }

    /**
     * Push reads the file once: the scanner and the inspector see the staged copy, and the bytes stored are the ones
     * they judged, although the file is replaced after it was staged and again after it was scanned.
     */
    @Test
    void aPushStoresTheBytesItScannedAndInspectedWhateverHappensToTheFileMeanwhile() throws IOException {
        byte[] original = randomBytes(11, 5000);
        Path model = file("swap.onnx", original);
        List<Path> judged = new ArrayList<>();
        List<byte[]> judgedBytes = new ArrayList<>();
        RegistryConfig.Builder swapping = config("alice")
                .scanner(path -> {
                    judged.add(path);
                    judgedBytes.add(Files.readAllBytes(path));
                    Files.write(model, randomBytes(12, 5000));   // swapped between staging and scanning
                    return ScanVerdict.safe();
                })
                .inspector(path -> {
                    judged.add(path);
                    judgedBytes.add(Files.readAllBytes(path));
                    Files.write(model, randomBytes(13, 5000));   // and again between scanning and committing
                    return new ArtifactDescription("onnx", Optional.empty(), Optional.empty(), Json.JsonObject.EMPTY);
                });
        try (Registry pushing = Registry.open(swapping.build())) {
            ModelVersion version = pushing.push(model, PushRequest.builder("swap").build()).version();
            assertEquals(ArtifactDigest.of(java.security.MessageDigest.getInstance("SHA-256").digest(original)),
                    version.digest());
            assertEquals(2, judged.size());
            for (int i = 0; i < 2; i++) {
                assertNotEquals(model, judged.get(i));
                assertEquals("swap.onnx", judged.get(i).getFileName().toString(), "the staged copy keeps the name");
                assertArrayEquals(original, judgedBytes.get(i));
            }
            Path pulled = dir.resolve("pulled.onnx");
            pushing.pull(version.uri(), pulled);
            assertArrayEquals(original, Files.readAllBytes(pulled));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aDamagedObjectIsQuarantinedOnPullNamingTheTensorAndAPushRestoresIt() throws IOException {
        Path original = brine("m.brine", false);
        ModelVersion version = registry.push(original, PushRequest.builder("m").build()).version();
        Path stored = storedObject(version.digest());
        byte[] damaged = Files.readAllBytes(stored);
        damaged[damaged.length - 1] ^= 0x40;
        Files.write(stored, damaged);

        CorruptModelException refused = assertThrows(CorruptModelException.class,
                () -> registry.pull(version.uri(), dir.resolve("out.brine")));
        assertEquals(4, refused.exitCode());
        assertTrue(refused.getMessage().contains("Damaged tensors: b."), refused.getMessage());
        assertTrue(refused.getMessage().contains("moved aside to " + dir.resolve("artifacts/quarantine")),
                refused.getMessage());
        assertFalse(Files.exists(dir.resolve("out.brine")));
        assertFalse(Files.exists(stored), "never served again");
        try (var quarantined = Files.list(dir.resolve("artifacts/quarantine"))) {
            List<Path> files = quarantined.sorted().toList();
            assertEquals(2, files.size(), files.toString());
            assertArrayEquals(damaged, Files.readAllBytes(files.get(0)));
            assertTrue(Files.readString(files.get(1)).contains("Damaged tensors: b."));
        }
        assertThrows(ModelNotFoundException.class, () -> registry.pull(version.uri()));

        registry.push(original, PushRequest.builder("m").build());
        assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(registry.pull(version.uri())));
    }

    @Test
    void pushingTheOriginalAgainRepairsAMissingArtifact() throws IOException {
        byte[] content = randomBytes(6, 3000);
        Path model = file("m.brine", content);
        ModelVersion version = registry.push(model, PushRequest.builder("m").build()).version();
        Files.delete(dir.resolve("artifacts/sha256").resolve(version.digest().hex().substring(0, 2))
                .resolve(version.digest().hex()));
        assertThrows(ModelNotFoundException.class, () -> registry.pull(version.uri(), dir.resolve("x")));
        assertEquals(List.of(version.digest() + " (expected at " + dir.resolve("artifacts/sha256")
                        .resolve(version.digest().hex().substring(0, 2)).resolve(version.digest().hex()) + ")"),
                registry.gc(new GcOptions(Duration.ZERO, true)).missing());
        PushResult repaired = registry.push(model, PushRequest.builder("m").build());
        assertFalse(repaired.created());
        registry.pull(version.uri(), dir.resolve("x"));
        assertArrayEquals(content, Files.readAllBytes(dir.resolve("x")));
    }

    // ---- what a version records ---------------------------------------------------------------------------------

    @Test
    void theInspectorsDescriptionIsRecorded() throws IOException {
        Json.JsonObject signature = Json.object().put("inputs", Json.arrayOfStrings(List.of("x"))).build();
        Json.JsonObject manifest = Json.object().put("tensors", 3).build();
        try (Registry inspecting = Registry.open(config("bob").inspector(file -> new ArtifactDescription("brine",
                Optional.of("logistic_regression"), Optional.of(signature), manifest)).build())) {
            ModelVersion version = inspecting.push(file("m.bin", randomBytes(1, 10)), PushRequest.builder("m")
                    .build()).version();
            assertEquals("brine", version.format());
            assertEquals(Optional.of("logistic_regression"), version.modelType());
            assertEquals(Optional.of(signature), version.signature());
            assertEquals(manifest, inspecting.resolve("models:/m/1").manifest());
        }
    }

    @Test
    void anUnsafeFileIsRefusedUnlessTheUserVouchesForIt() throws IOException {
        Path pickle = file("evil.pkl", randomBytes(9, 100));
        try (Registry scanning = Registry.open(config("bob").scanner(file -> ScanVerdict.unsafe(
                List.of("pickle names os.system"))).build())) {
            UnsafeModelException refused = assertThrows(UnsafeModelException.class,
                    () -> scanning.push(pickle, PushRequest.builder("m").build()));
            assertTrue(refused.getMessage().contains("os.system"), refused.getMessage());
            assertThrows(ModelNotFoundException.class, () -> scanning.model("m"));
            ModelVersion allowed = scanning.push(pickle, PushRequest.builder("m").allowUnsafe(true).build())
                    .version();
            assertEquals(ScanVerdict.Safety.UNSAFE, allowed.safety().safety());
            assertEquals(List.of("pickle names os.system"), allowed.safety().findings());
        }
    }

    @Test
    void invalidNamesAreRefusedWithTheRule() {
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> PushRequest.builder("my model").build());
        assertTrue(name.getMessage().contains("letters, digits"), name.getMessage());
        assertThrows(IllegalArgumentException.class, () -> registry.setAlias("m", "latest", 1));
        assertThrows(IllegalArgumentException.class, () -> registry.setAlias("m", "v2", 1));
        assertThrows(IllegalArgumentException.class, () -> registry.setAlias("m", "pro.d", 1));
    }

    // ---- not found ----------------------------------------------------------------------------------------------

    @Test
    void anUnknownModelListsTheModelsThatExist() throws IOException {
        ModelNotFoundException empty = assertThrows(ModelNotFoundException.class,
                () -> registry.resolve("models:/x/1"));
        assertTrue(empty.getMessage().contains("no models yet"), empty.getMessage());
        push("iris", 1);
        push("mnist", 2);
        ModelNotFoundException error = assertThrows(ModelNotFoundException.class,
                () -> registry.resolve("models:/irsi/1"));
        assertTrue(error.getMessage().contains("models: iris, mnist"), error.getMessage());
        assertEquals(7, error.exitCode());
    }

    @Test
    void anUnknownVersionListsTheVersionsThatExist() throws IOException {
        push("iris", 1);
        push("iris", 2);
        registry.delete(ModelUri.version("iris", 1));
        ModelNotFoundException error = assertThrows(ModelNotFoundException.class,
                () -> registry.resolve("models:/iris/9"));
        assertTrue(error.getMessage().contains("no version 9"), error.getMessage());
        assertTrue(error.getMessage().contains("live versions: 2 (deleted, restorable: 1)"), error.getMessage());
    }

    @Test
    void anUnknownAliasListsTheAliasesThatExist() throws IOException {
        push("iris", 1);
        ModelNotFoundException none = assertThrows(ModelNotFoundException.class,
                () -> registry.resolve("models:/iris@prod"));
        assertTrue(none.getMessage().contains("has no aliases"), none.getMessage());
        registry.setAlias("iris", "staging", 1);
        ModelNotFoundException error = assertThrows(ModelNotFoundException.class,
                () -> registry.resolve("models:/iris@prod"));
        assertTrue(error.getMessage().contains("aliases: staging → 1"), error.getMessage());
    }

    // ---- aliases ------------------------------------------------------------------------------------------------

    @Test
    void anAliasResolvesToTheVersionItPointsAt() throws IOException {
        push("iris", 1);
        push("iris", 2);
        registry.setAlias("iris", "prod", 1);
        assertEquals(1, registry.resolve("models:/iris@prod").version());
        assertEquals(2, registry.resolve("models:/iris/latest").version());
        assertEquals(List.of("prod"), registry.resolve("models:/iris/1").aliases());
        assertEquals(1L, registry.model("iris").aliases().get("prod"));
    }

    @Test
    void everyAliasMoveIsRecordedWithWhoWhenFromAndTo() throws IOException {
        push("iris", 1);
        push("iris", 2);
        registry.setAlias("iris", "prod", 1);
        try (Registry bob = open("bob")) {
            bob.setAlias("iris", "prod", 2);
        }
        registry.removeAlias("iris", "prod");
        List<AliasMove> history = registry.aliasHistory("iris", Optional.of("prod"));
        assertEquals(3, history.size());
        assertEquals(Optional.empty(), history.get(0).fromVersion());
        assertEquals(Optional.of(1L), history.get(0).toVersion());
        assertEquals("alice", history.get(0).movedBy());
        assertEquals(Optional.of(1L), history.get(1).fromVersion());
        assertEquals(Optional.of(2L), history.get(1).toVersion());
        assertEquals("bob", history.get(1).movedBy());
        assertEquals(AliasMove.Kind.REMOVE, history.get(2).kind());
        assertEquals(Optional.empty(), history.get(2).toVersion());
        assertFalse(history.get(1).movedAt().isBefore(history.get(0).movedAt()));
        assertThrows(ModelNotFoundException.class, () -> registry.resolve("models:/iris@prod"));
    }

    @Test
    void movingAnAliasWhereItAlreadyPointsRecordsNothing() throws IOException {
        push("iris", 1);
        AliasMove first = registry.setAlias("iris", "prod", 1);
        AliasMove again = registry.setAlias("iris", "prod", 1);
        assertEquals(first, again);
        assertEquals(1, registry.aliasHistory("iris", Optional.empty()).size());
    }

    @Test
    void rollbackUndoesMovesOneAtATime() throws IOException {
        for (int seed = 1; seed <= 3; seed++) {
            push("iris", seed);
        }
        registry.setAlias("iris", "prod", 1);
        registry.setAlias("iris", "prod", 2);
        registry.setAlias("iris", "prod", 3);
        AliasMove back = registry.rollback("iris", "prod");
        assertEquals(Optional.of(3L), back.fromVersion());
        assertEquals(Optional.of(2L), back.toVersion());
        assertEquals(AliasMove.Kind.ROLLBACK, back.kind());
        assertEquals(2, registry.resolve("models:/iris@prod").version());
        registry.rollback("iris", "prod");
        assertEquals(1, registry.resolve("models:/iris@prod").version());
        RegistryConflictException nothingLeft = assertThrows(RegistryConflictException.class,
                () -> registry.rollback("iris", "prod"));
        assertTrue(nothingLeft.getMessage().contains("created pointing at version 1"), nothingLeft.getMessage());
        registry.setAlias("iris", "prod", 3);
        registry.rollback("iris", "prod");
        assertEquals(1, registry.resolve("models:/iris@prod").version());
    }

    @Test
    void rollbackOfARemovalRestoresTheAlias() throws IOException {
        push("iris", 1);
        push("iris", 2);
        registry.setAlias("iris", "prod", 1);
        registry.setAlias("iris", "prod", 2);
        registry.removeAlias("iris", "prod");
        registry.rollback("iris", "prod");
        assertEquals(2, registry.resolve("models:/iris@prod").version());
    }

    @Test
    void anAliasNeverPointsAtADeletedVersion() throws IOException {
        push("iris", 1);
        push("iris", 2);
        registry.setAlias("iris", "prod", 1);
        RegistryConflictException refused = assertThrows(RegistryConflictException.class,
                () -> registry.delete(ModelUri.version("iris", 1)));
        assertTrue(refused.getMessage().contains("prod"), refused.getMessage());
        registry.setAlias("iris", "prod", 2);
        registry.delete(ModelUri.version("iris", 1));
        assertThrows(ModelNotFoundException.class, () -> registry.setAlias("iris", "staging", 1));
        RegistryConflictException noRollback = assertThrows(RegistryConflictException.class,
                () -> registry.rollback("iris", "prod"));
        assertTrue(noRollback.getMessage().contains("deleted"), noRollback.getMessage());
        assertEquals(2, registry.resolve("models:/iris@prod").version());
    }

    @Test
    void concurrentAliasMovesAndReadsNeverSeeATornState() throws Exception {
        for (int seed = 1; seed <= 4; seed++) {
            push("iris", seed);
        }
        registry.setAlias("iris", "prod", 1);
        int movesPerWriter = 25;
        AtomicBoolean writing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        List<Registry> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(open("client" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                Registry client = clients.get(w);
                int offset = w;
                writers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < movesPerWriter; i++) {
                        client.setAlias("iris", "prod", 1 + (i + offset) % 4);
                    }
                    return null;
                }));
            }
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 2; r < 4; r++) {
                Registry client = clients.get(r);
                readers.add(pool.submit(() -> {
                    start.await();
                    while (writing.get()) {
                        ModelVersion version = client.resolve("models:/iris@prod");
                        if (!version.aliases().contains("prod") || version.state() != VersionState.LIVE) {
                            problems.add("resolved " + version.uri() + " with aliases " + version.aliases());
                        }
                        RegisteredModel model = client.model("iris");
                        List<AliasMove> history = client.aliasHistory("iris", Optional.of("prod"));
                        if (history.getLast().toVersion().orElseThrow() < 1) {
                            problems.add("history ends in " + history.getLast());
                        }
                        if (model.aliases().get("prod") == null) {
                            problems.add("prod missing from " + model);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> writer : writers) {
                writer.get(2, TimeUnit.MINUTES);
            }
            writing.set(false);
            for (Future<?> reader : readers) {
                reader.get(1, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
            clients.forEach(Registry::close);
        }
        assertEquals(List.of(), List.copyOf(problems));
        List<AliasMove> history = registry.aliasHistory("iris", Optional.of("prod"));
        long current = registry.resolve("models:/iris@prod").version();
        assertEquals(Optional.of(current), history.getLast().toVersion());
        for (int i = 1; i < history.size(); i++) {
            assertEquals(history.get(i - 1).toVersion(), history.get(i).fromVersion(),
                    "each move starts where the previous one ended: " + history.get(i));
            assertNotEquals(history.get(i).fromVersion(), history.get(i).toVersion());
        }
    }

    // ---- deletion and gc ----------------------------------------------------------------------------------------

    @Test
    void aDeletedVersionNoLongerResolvesAndCanBeRestored() throws IOException {
        push("iris", 1);
        push("iris", 2);
        ModelVersion deleted = registry.delete(ModelUri.version("iris", 2));
        assertEquals(VersionState.DELETED, deleted.state());
        assertEquals(Optional.of("alice"), deleted.deletedBy());
        ModelNotFoundException error = assertThrows(ModelNotFoundException.class,
                () -> registry.resolve("models:/iris/2"));
        assertTrue(error.getMessage().contains("restored"), error.getMessage());
        assertEquals(1, registry.resolve("models:/iris/latest").version());
        assertEquals(List.of(1L), registry.versions("iris", false).stream().map(ModelVersion::version).toList());
        assertEquals(2, registry.versions("iris", true).size());
        registry.restore("iris", 2);
        assertEquals(2, registry.resolve("models:/iris/latest").version());
    }

    @Test
    void versionNumbersAreNeverReusedAfterADelete() throws IOException {
        push("iris", 1);
        push("iris", 2);
        registry.delete(ModelUri.version("iris", 2));
        registry.gc(new GcOptions(Duration.ZERO, false));
        assertEquals(3, push("iris", 3).version().version());
    }

    @Test
    void gcPurgesDeletedVersionsAndReportsTheBytesFreed() throws IOException {
        push("iris", 1);
        push("iris", 2);
        registry.delete(ModelUri.version("iris", 1));
        GcReport dryRun = registry.gc(new GcOptions(Duration.ZERO, true));
        assertEquals(4096, dryRun.bytesFreed());
        assertEquals(1, registry.versions("iris", true).size() - 1);
        GcReport report = registry.gc(new GcOptions(Duration.ZERO, false));
        assertEquals(List.of(ModelUri.version("iris", 1)), report.purgedVersions());
        assertEquals(4096, report.bytesFreed());
        assertEquals(GcReport.Kind.ARTIFACT, report.removed().getFirst().kind());
        assertEquals(VersionState.PURGED, registry.version("iris", 1).state());
        assertThrows(RegistryConflictException.class, () -> registry.restore("iris", 1));
        assertEquals(0, registry.gc(new GcOptions(Duration.ZERO, false)).bytesFreed());
        registry.pull(ModelUri.version("iris", 2), dir.resolve("still-there"));
    }

    @Test
    void gcKeepsAnArtifactThatALiveVersionStillShares() throws IOException {
        Path model = file("m.brine", randomBytes(1, 500));
        registry.push(model, PushRequest.builder("a").build());
        registry.push(model, PushRequest.builder("b").build());
        registry.delete(ModelUri.version("a", 1));
        assertEquals(0, registry.gc(new GcOptions(Duration.ZERO, false)).bytesFreed());
        registry.pull(ModelUri.version("b", 1), dir.resolve("b"));
        assertArrayEquals(Files.readAllBytes(model), Files.readAllBytes(dir.resolve("b")));
    }

    @Test
    void gcLeavesYoungOrphansToPushesInProgress() throws IOException {
        push("iris", 1);
        registry.delete(ModelUri.version("iris", 1));
        GcReport report = registry.gc(new GcOptions(Duration.ofHours(1), false));
        assertEquals(List.of(ModelUri.version("iris", 1)), report.purgedVersions());
        assertEquals(0, report.bytesFreed());
    }

    @Test
    void aPushAfterGcCollectedTheSameBytesUploadsThemAgain() throws IOException {
        Path model = file("m.brine", randomBytes(1, 800));
        registry.push(model, PushRequest.builder("m").build());
        registry.delete(ModelUri.version("m", 1));
        assertEquals(800, registry.gc(new GcOptions(Duration.ZERO, false)).bytesFreed());
        ModelVersion again = registry.push(model, PushRequest.builder("m").build()).version();
        assertEquals(2, again.version());
        registry.pull(again.uri(), dir.resolve("again"));
        assertArrayEquals(Files.readAllBytes(model), Files.readAllBytes(dir.resolve("again")));
    }

    // ---- tags, metrics, lineage, search -------------------------------------------------------------------------

    @Test
    void tagsAndDescriptionsCanBeSetAndRemoved() throws IOException {
        push("iris", 1);
        registry.setModelTag("iris", "team", "vision");
        registry.setModelDescription("iris", Optional.of("flower classifier"));
        registry.setVersionTag(ModelUri.version("iris", 1), "stage", "candidate");
        registry.setVersionTag(ModelUri.version("iris", 1), "stage", "approved");
        registry.setVersionDescription(ModelUri.version("iris", 1), Optional.of("baseline"));
        RegisteredModel model = registry.model("iris");
        assertEquals("vision", model.tags().get("team"));
        assertEquals(Optional.of("flower classifier"), model.description());
        ModelVersion version = registry.resolve("models:/iris/1");
        assertEquals("approved", version.tags().get("stage"));
        assertEquals(Optional.of("baseline"), version.description());
        registry.removeVersionTag(ModelUri.version("iris", 1), "stage");
        registry.removeModelTag("iris", "team");
        assertTrue(registry.resolve("models:/iris/1").tags().isEmpty());
        assertTrue(registry.model("iris").tags().isEmpty());
    }

    @Test
    void metricsKeepEveryStepAndSearchUsesTheFinalOne() throws IOException {
        registry.push(file("a.brine", randomBytes(1, 10)), PushRequest.builder("iris").metric("accuracy", 0.5)
                .tag("dataset", "v1").build());
        registry.push(file("b.brine", randomBytes(2, 10)), PushRequest.builder("iris").metric("accuracy", 0.7)
                .tag("dataset", "v2").build());
        registry.logMetric(ModelUri.version("iris", 1), "accuracy", 0.95, 10);
        registry.logMetric(ModelUri.version("iris", 1), "loss", 0.1, 10);
        List<MetricPoint> metrics = registry.metrics(ModelUri.version("iris", 1));
        assertEquals(List.of("accuracy/0/0.5", "accuracy/10/0.95", "loss/10/0.1"), metrics.stream()
                .map(point -> point.name() + "/" + point.step() + "/" + point.value()).toList());
        assertEquals(List.of(1L), versionsOf(SearchQuery.builder().metric("accuracy>=0.9").build()));
        assertEquals(List.of(1L, 2L), versionsOf(SearchQuery.builder().metric("accuracy>0.6").build()));
        assertEquals(List.of(2L), versionsOf(SearchQuery.builder().tag("dataset", "v2").build()));
        assertEquals(List.of(), versionsOf(SearchQuery.builder().tag("dataset", "v2").metric("loss<1").build()));
        registry.setModelTag("iris", "team", "vision");
        assertEquals(List.of(1L, 2L), versionsOf(SearchQuery.builder().tag("team", "vision").build()));
    }

    private List<Long> versionsOf(SearchQuery query) {
        return registry.search(query).stream().map(ModelVersion::version).toList();
    }

    @Test
    void lineageRecordsTheConcreteParentVersion() throws IOException {
        push("base", 1);
        registry.setAlias("base", "prod", 1);
        ModelVersion tuned = registry.push(file("t.brine", randomBytes(2, 10)), PushRequest.builder("tuned")
                .parent(ModelUri.parse("models:/base@prod"), LineageRelation.FINE_TUNED_FROM)
                .dataRef("s3://data/train.parquet").sourceRun("run-42").build()).version();
        assertEquals(Optional.of(ModelUri.version("base", 1)), tuned.lineage().parent());
        assertEquals(Optional.of(LineageRelation.FINE_TUNED_FROM), tuned.lineage().relation());
        assertEquals(Optional.of("s3://data/train.parquet"), tuned.lineage().dataRef());
        assertEquals(Optional.of("run-42"), tuned.lineage().sourceRun());
        ModelVersion resumed = registry.push(file("r.brine", randomBytes(3, 10)), PushRequest.builder("tuned")
                .parent(ModelUri.parse("models:/tuned/latest"), LineageRelation.RESUMED_FROM).build()).version();
        assertEquals(List.of("models:/tuned/1", "models:/base/1"), registry.lineage(resumed.uri()).stream()
                .map(version -> version.uri().toString()).toList());
        assertThrows(ModelNotFoundException.class, () -> registry.push(file("x.brine", randomBytes(4, 10)),
                PushRequest.builder("tuned").parent(ModelUri.version("base", 7)).build()));
        assertEquals(2, registry.versions("tuned", true).size());
    }

    @Test
    void pushWithAliasesTagsAndMetricsCommitsThemTogether() throws IOException {
        ModelVersion version = registry.push(file("m.brine", randomBytes(1, 10)), PushRequest.builder("m")
                .alias("staging").tag("k", "v").metric("f1", 0.8).build()).version();
        assertEquals(List.of("staging"), version.aliases());
        assertEquals("v", version.tags().get("k"));
        assertEquals(0.8, registry.metrics(version.uri()).getFirst().value());
        assertEquals(Set.of("staging"), registry.model("m").aliases().keySet());
    }
}
