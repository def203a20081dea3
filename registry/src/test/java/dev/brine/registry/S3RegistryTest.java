package dev.brine.registry;

import dev.brine.core.CorruptModelException;
import dev.brine.core.ModelNotFoundException;
import dev.brine.registry.store.ArtifactDigest;
import dev.brine.registry.store.ArtifactStore;
import dev.brine.registry.store.ArtifactStores;
import dev.brine.registry.store.PartialUpload;
import dev.brine.registry.store.S3ProxyServer;
import dev.brine.registry.store.S3Settings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The registry with its artifacts in S3 (a real S3Proxy on loopback): pushes and pulls from other processes with
 * small heaps, and uploads interrupted by SIGKILL.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class S3RegistryTest {

    /** Large enough to go up in parts under the default 100 MB threshold; pushed and pulled once. */
    private static final int LARGE_ARTIFACT_BYTES = 110 << 20;
    /** Less than the large artifact: a child that held it in memory would fail. */
    private static final String SMALL_HEAP = "64m";
    private static final long SMALL_PART = 5L << 20;

    @TempDir
    static Path serverDir;
    @TempDir
    Path dir;
    private static S3ProxyServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start(serverDir);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private String artifacts(String bucket) {
        return "s3://" + bucket + "/models";
    }

    private Registry open(String bucket) {
        return Registry.open(RegistryConfig.builder(dir.resolve("registry.db").toString()).artifacts(artifacts(bucket))
                .cacheDir(dir.resolve("cache")).s3(server.settings()).build());
    }

    @Test
    void versionsPushedToS3ArePulledByteForByteAndCollected() throws IOException {
        try (Registry registry = open("collect")) {
            byte[] content = RegistryContract.randomBytes(1, 20_000);
            Path file = Files.write(dir.resolve("m.onnx"), content);
            registry.push(file, PushRequest.builder("m").alias("prod").build());
            registry.push(Files.write(dir.resolve("n.onnx"), RegistryContract.randomBytes(2, 30_000)),
                    PushRequest.builder("m").build());
            registry.pull(ModelUri.parse("models:/m@prod"), dir.resolve("pulled.onnx"));
            assertArrayEquals(content, Files.readAllBytes(dir.resolve("pulled.onnx")));
            registry.delete(ModelUri.version("m", 2));
            GcReport report = registry.gc(new GcOptions(Duration.ZERO, false));
            assertEquals(30_000, report.bytesFreed());
            assertTrue(report.removed().getFirst().location().startsWith("s3://collect/models/sha256/"),
                    report.removed().toString());
        }
    }

    @Test
    void aDamagedObjectInS3IsQuarantinedOnPullAndAPushRestoresIt() throws IOException {
        try (Registry registry = open("quarantine");
             S3Client raw = S3Client.builder().endpointOverride(server.endpoint()).forcePathStyle(true)
                     .region(Region.US_EAST_1).credentialsProvider(() -> AwsBasicCredentials.create(
                             S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)).build()) {
            byte[] content = RegistryContract.randomBytes(5, 20_000);
            Path file = Files.write(dir.resolve("m.onnx"), content);
            ModelVersion version = registry.push(file, PushRequest.builder("m").build()).version();
            byte[] damaged = content.clone();
            damaged[123] ^= 1;
            raw.putObject(r -> r.bucket("quarantine").key("models/sha256/" + version.digest().hex()),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(damaged));

            CorruptModelException refused = assertThrows(CorruptModelException.class,
                    () -> registry.pull(version.uri(), dir.resolve("out.onnx")));
            assertTrue(refused.getMessage().contains("moved aside to s3://quarantine/models/quarantine/"
                    + version.digest().hex()), refused.getMessage());
            assertThrows(ModelNotFoundException.class, () -> registry.pull(version.uri()));

            registry.push(file, PushRequest.builder("m").build());
            assertArrayEquals(content, Files.readAllBytes(registry.pull(version.uri())));
        }
    }

    @Test
    void aLargeArtifactGoesUpInPartsAndComesDownStreamingInSmallHeaps() throws Exception {
        Path large = dir.resolve("large.brine");
        writeRandom(large, LARGE_ARTIFACT_BYTES);
        ArtifactDigest digest = ArtifactDigest.ofFile(large);
        String metadata = dir.resolve("registry.db").toString();
        Map<String, String> environment = server.environment();
        try (ChildJvm pusher = ChildJvm.start(dir, SMALL_HEAP, environment, "push", metadata, artifacts("large"),
                "big", "false", large.toString())) {
            pusher.expect("ready");
            pusher.send("go");
            assertEquals("pushed 1 " + digest, pusher.expect("pushed "));
            assertEquals(0, pusher.waitFor(), pusher.errors());
        }
        Files.delete(large);
        try (ArtifactStore store = ArtifactStores.open(artifacts("large"), server.settings())) {
            assertEquals(Optional.of((long) LARGE_ARTIFACT_BYTES), store.sizeOf(digest));
        }
        Path pulled = dir.resolve("pulled/large.brine");
        try (ChildJvm puller = ChildJvm.start(dir, SMALL_HEAP, environment, "pull", metadata, artifacts("large"),
                "models:/big/1", pulled.toString())) {
            assertEquals("pulled " + digest, puller.expect("pulled "));
            assertEquals(0, puller.waitFor(), puller.errors());
        }
        assertEquals(digest, ArtifactDigest.ofFile(pulled));
    }

    private static void writeRandom(Path file, int size) throws IOException {
        Random random = new Random(42);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                out.write(block, 0, Math.min(block.length, size - written));
            }
        }
    }

    @Test
    void aMultipartUploadKilledMidwayLeavesNoArtifactAndGcAbortsIt() throws Exception {
        Path file = Files.write(dir.resolve("m.brine"), RegistryContract.randomBytes(3, (int) (2 * SMALL_PART)));
        ArtifactDigest digest = ArtifactDigest.ofFile(file);
        Map<String, String> environment = new java.util.HashMap<>(server.environment());
        environment.put(RegistryChild.MULTIPART_BYTES_VARIABLE, Long.toString(SMALL_PART));
        try (ChildJvm child = ChildJvm.start(dir, SMALL_HEAP, environment, "put-stalling", artifacts("killed"),
                file.toString(), Long.toString(SMALL_PART + SMALL_PART / 2))) {
            child.expect("stalled");
            child.kill();
        }
        S3Settings settings = server.settings();
        try (ArtifactStore store = ArtifactStores.open(artifacts("killed"), settings);
             Registry registry = open("killed")) {
            assertEquals(Optional.empty(), store.sizeOf(digest));
            assertEquals(List.of(), store.list());
            List<PartialUpload> partial = store.partialUploads();
            assertEquals(1, partial.size(), partial.toString());
            assertEquals(SMALL_PART, partial.getFirst().sizeBytes());
            GcReport report = registry.gc(new GcOptions(Duration.ZERO, false));
            assertEquals(List.of(GcReport.Kind.PARTIAL_UPLOAD), report.removed().stream().map(GcReport.Item::kind)
                    .toList());
            assertEquals(SMALL_PART, report.bytesFreed());
            assertEquals(List.of(), store.partialUploads());
        }
    }

    @Test
    void aFilesystemUploadKilledMidwayLeavesNoArtifactAndGcRemovesItsTemporaryFile() throws Exception {
        Path file = Files.write(dir.resolve("m.brine"), RegistryContract.randomBytes(4, 4 << 20));
        ArtifactDigest digest = ArtifactDigest.ofFile(file);
        String store = dir.resolve("artifacts").toUri().toString();
        try (ChildJvm child = ChildJvm.start(dir, SMALL_HEAP, Map.of(), "put-stalling", store, file.toString(),
                Integer.toString(3 << 20))) {
            child.expect("stalled");
            child.kill();
        }
        try (Registry registry = Registry.open(RegistryConfig.builder(dir.resolve("fs.db").toString())
                .artifacts(store).cacheDir(dir.resolve("cache")).build())) {
            Path objects = dir.resolve("artifacts/sha256");
            assertEquals(List.of(), Files.list(objects).toList());
            GcReport report = registry.gc(new GcOptions(Duration.ZERO, false));
            assertEquals(List.of(GcReport.Kind.PARTIAL_UPLOAD), report.removed().stream().map(GcReport.Item::kind)
                    .toList());
            assertEquals(3 << 20, report.bytesFreed());
            assertTrue(report.removed().getFirst().location().contains(digest.hex()), report.toString());
            assertEquals(List.of(), Files.list(dir.resolve("artifacts/tmp")).toList());
        }
    }
}
