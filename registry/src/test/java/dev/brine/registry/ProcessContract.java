package dev.brine.registry;

import dev.brine.registry.store.ArtifactDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.TreeMap;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guarantees that only separate OS processes can test (issue 7 §3), run against each metadata database:
 * concurrent pushes from several processes, and a push killed with SIGKILL between upload and commit.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
abstract class ProcessContract {

    private static final int PROCESSES = 8;
    private static final int PUSHES_PER_PROCESS = 3;

    @TempDir
    Path dir;

    /** A new, empty database (a new file, a new PostgreSQL database). */
    abstract Backend newBackend(Path directory);

    /** Takes the lock a push needs to commit a version of {@code model}, until closed. */
    abstract AutoCloseable holdCommitLock(Backend backend, String model) throws Exception;

    String artifacts() {
        return dir.resolve("artifacts").toUri().toString();
    }

    Path file(String name, byte[] content) throws IOException {
        Files.createDirectories(dir.resolve("files"));
        return Files.write(dir.resolve("files").resolve(name), content);
    }

    @Test
    void processesPushingToOneModelAtOnceGetDistinctConsecutiveVersions() throws Exception {
        try (Backend backend = newBackend(dir)) {
            Map<ArtifactDigest, byte[]> contentByDigest = new HashMap<>();
            List<ChildJvm> children = new ArrayList<>();
            try {
                for (int p = 0; p < PROCESSES; p++) {
                    List<String> arguments = new ArrayList<>(List.of("push", backend.metadataLocation(), artifacts(),
                            "shared", "false"));
                    for (int i = 0; i < PUSHES_PER_PROCESS; i++) {
                        byte[] content = RegistryContract.randomBytes(p * 100L + i, 2048 + p * 10 + i);
                        Path file = file("p" + p + "-" + i + ".brine", content);
                        contentByDigest.put(ArtifactDigest.ofFile(file), content);
                        arguments.add(file.toString());
                    }
                    // Every child opens the new registry at the same moment: initialisation races too.
                    children.add(ChildJvm.start(dir, "96m", Map.of(), arguments.toArray(String[]::new)));
                }
                for (ChildJvm child : children) {
                    child.expect("ready");
                }
                for (ChildJvm child : children) {
                    child.send("go");
                }
                TreeMap<Long, ArtifactDigest> pushed = new TreeMap<>();
                for (ChildJvm child : children) {
                    for (int i = 0; i < PUSHES_PER_PROCESS; i++) {
                        String[] line = child.expect("pushed ").split(" ");
                        ArtifactDigest previous = pushed.put(Long.parseLong(line[1]), ArtifactDigest.parse(line[2]));
                        assertEquals(null, previous, "version " + line[1] + " was handed out twice");
                    }
                    assertEquals(0, child.waitFor(), child.errors());
                }
                int total = PROCESSES * PUSHES_PER_PROCESS;
                assertEquals(LongStream.rangeClosed(1, total).boxed().toList(), List.copyOf(pushed.keySet()));
                assertEquals(contentByDigest.keySet(), java.util.Set.copyOf(pushed.values()));
                try (Registry registry = Registry.open(RegistryConfig.builder(backend.metadataLocation())
                        .artifacts(artifacts()).cacheDir(dir.resolve("cache")).build())) {
                    assertEquals(total, registry.versions("shared", false).size());
                    for (Map.Entry<Long, ArtifactDigest> version : pushed.entrySet()) {
                        Path copy = dir.resolve("pulled-" + version.getKey());
                        ModelVersion pulled = registry.pull(ModelUri.version("shared", version.getKey()), copy);
                        assertEquals(version.getValue(), pulled.digest());
                        assertArrayEquals(contentByDigest.get(version.getValue()), Files.readAllBytes(copy));
                    }
                }
            } finally {
                children.forEach(ChildJvm::close);
            }
        }
    }


    @Test
    void aPushKilledBetweenUploadAndCommitLeavesNoVersionAndGcFindsItsBytes() throws Exception {
        try (Backend backend = newBackend(dir);
             Registry registry = Registry.open(RegistryConfig.builder(backend.metadataLocation())
                     .artifacts(artifacts()).cacheDir(dir.resolve("cache")).build())) {
            registry.push(file("first.brine", RegistryContract.randomBytes(1, 1000)), PushRequest.builder("m").build());
            byte[] content = RegistryContract.randomBytes(2, 50_000);
            Path second = file("second.brine", content);
            ArtifactDigest digest = ArtifactDigest.ofFile(second);
            Path stored = dir.resolve("artifacts/sha256").resolve(digest.hex().substring(0, 2)).resolve(digest.hex());
            try (AutoCloseable lock = holdCommitLock(backend, "m");
                 ChildJvm child = ChildJvm.start(dir, "96m", Map.of(), "push", backend.metadataLocation(),
                         artifacts(), "m", "true", second.toString())) {
                child.expect("ready");
                child.send("go");
                // The upload completes; the commit then waits for the lock we hold. Kill it there.
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
                while (!Files.exists(stored)) {
                    assertTrue(child.isAlive(), () -> "the push ended before its upload: " + child.errors());
                    assertTrue(System.nanoTime() < deadline, "the push never uploaded its artifact");
                    Thread.sleep(5);
                }
                assertTrue(child.isAlive(), "the push must be waiting to commit");
                child.kill();
            }
            assertEquals(List.of(1L), registry.versions("m", true).stream().map(ModelVersion::version).toList());
            assertEquals(1, registry.resolve("models:/m/latest").version());
            GcReport report = registry.gc(new GcOptions(Duration.ZERO, false));
            assertEquals(content.length, report.bytesFreed());
            assertEquals(List.of(stored.toString()), report.removed().stream().map(GcReport.Item::location).toList());
            assertFalse(Files.exists(stored));
            assertEquals(List.of(), report.missing());
            // The model's counter was not advanced by the dead push: the next version is 2.
            assertEquals(2, registry.push(second, PushRequest.builder("m").build()).version().version());
            assertEquals(Optional.of(2L), registry.model("m").latestVersion());
        }
    }
}
