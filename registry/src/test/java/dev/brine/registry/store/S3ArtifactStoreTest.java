package dev.brine.registry.store;

import dev.brine.core.CorruptModelException;
import dev.brine.core.ModelNotFoundException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The S3 store against a real S3 server (S3Proxy) on loopback, with small parts to keep multipart tests fast. */
class S3ArtifactStoreTest {

    private static final long PART = 5L << 20;

    @TempDir
    static Path serverDir;
    @TempDir
    Path dir;

    private static S3ProxyServer server;
    private static S3Client raw;
    private String bucket;
    private S3ArtifactStore store;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start(serverDir);
        raw = S3Client.builder().endpointOverride(server.endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                        S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)).build();
    }

    @AfterAll
    static void stopServer() throws Exception {
        raw.close();
        server.close();
    }

    @BeforeEach
    void openStore() {
        bucket = "b" + UUID.randomUUID().toString().substring(0, 8);
        store = S3ArtifactStore.open(bucket, "team/registry", server.settings().withMultipart(PART, PART));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private static byte[] randomBytes(long seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static ArtifactDigest digestOf(byte[] bytes) throws Exception {
        return ArtifactDigest.of(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private void put(byte[] content) throws Exception {
        store.put(digestOf(content), content.length, () -> new ByteArrayInputStream(content));
    }

    private byte[] download(ArtifactDigest digest) throws Exception {
        Path target = dir.resolve("download-" + UUID.randomUUID());
        store.download(digest, target);
        return Files.readAllBytes(target);
    }

    @Test
    void opensACreatedBucketAndStoresUnderThePrefix() throws Exception {
        byte[] content = randomBytes(1, 1000);
        put(content);
        ArtifactDigest digest = digestOf(content);
        assertEquals("s3://" + bucket + "/team/registry/sha256/" + digest.hex(), store.locationOf(digest));
        assertEquals(1000, raw.headObject(r -> r.bucket(bucket).key("team/registry/sha256/" + digest.hex()))
                .contentLength());
    }

    @Test
    void aSmallArtifactRoundTrips() throws Exception {
        byte[] content = randomBytes(2, 70_000);
        put(content);
        assertEquals(Optional.of(70_000L), store.sizeOf(digestOf(content)));
        assertArrayEquals(content, download(digestOf(content)));
        assertEquals(List.of(digestOf(content)), store.list().stream().map(StoredArtifact::digest).toList());
    }

    @Test
    void anArtifactAboveTheThresholdGoesUpInPartsAndRoundTrips() throws Exception {
        byte[] content = randomBytes(3, (int) (2 * PART + 12345));
        put(content);
        assertArrayEquals(content, download(digestOf(content)));
        assertEquals(List.of(), store.partialUploads());
        // S3 marks an object assembled from parts by a "-<parts>" suffix on its ETag.
        String key = "team/registry/sha256/" + digestOf(content).hex();
        String eTag = raw.headObject(r -> r.bucket(bucket).key(key)).eTag();
        assertTrue(eTag.replace("\"", "").endsWith("-3"), eTag);
    }

    @Test
    void theServerRefusesBytesThatAreNotTheAnnouncedArtifact() throws Exception {
        byte[] announced = randomBytes(4, 5000);
        byte[] sent = randomBytes(5, 5000);
        ArtifactDigest digest = digestOf(announced);
        Exception refused = assertThrows(Exception.class,
                () -> store.put(digest, sent.length, () -> new ByteArrayInputStream(sent)));
        assertTrue(refused instanceof CorruptModelException, refused.toString());
        assertEquals(Optional.empty(), store.sizeOf(digest));
    }

    @Test
    void aMultipartUploadOfTheWrongBytesIsAbortedBeforeItBecomesVisible() throws Exception {
        byte[] announced = randomBytes(6, (int) (PART + 100));
        byte[] sent = randomBytes(7, (int) (PART + 100));
        ArtifactDigest digest = digestOf(announced);
        assertThrows(CorruptModelException.class,
                () -> store.put(digest, sent.length, () -> new ByteArrayInputStream(sent)));
        assertEquals(Optional.empty(), store.sizeOf(digest));
        assertEquals(List.of(), store.partialUploads());
    }

    @Test
    void aDownloadOfADamagedObjectIsRefused() throws Exception {
        byte[] content = randomBytes(8, 3000);
        put(content);
        ArtifactDigest digest = digestOf(content);
        byte[] damaged = content.clone();
        damaged[10] ^= 1;
        raw.putObject(r -> r.bucket(bucket).key("team/registry/sha256/" + digest.hex()),
                RequestBody.fromBytes(damaged));
        CorruptModelException error = assertThrows(CorruptModelException.class, () -> download(digest));
        assertTrue(error.getMessage().contains(store.locationOf(digest)), error.getMessage());
    }

    @Test
    void stagedBytesWaitInTheScratchDirectoryAndGoUpOnCommit() throws Exception {
        byte[] content = randomBytes(11, 4000);
        Path scratch = dir.resolve("scratch");
        try (StagedArtifact staged = store.stage(() -> new ByteArrayInputStream(content), content.length, "m.pkl",
                scratch)) {
            assertEquals(digestOf(content), staged.digest());
            assertEquals("m.pkl", staged.file().getFileName().toString());
            assertTrue(staged.file().startsWith(scratch), staged.file().toString());
            assertArrayEquals(content, Files.readAllBytes(staged.file()));
            assertEquals(Optional.empty(), store.sizeOf(staged.digest()));
            staged.commit();
        }
        assertArrayEquals(content, download(digestOf(content)));
        try (var left = Files.list(scratch)) {
            assertEquals(List.of(), left.toList(), "closing the stage removes the local copy");
        }
    }

    @Test
    void aQuarantinedObjectMovesUnderTheQuarantinePrefixWithANote() throws Exception {
        byte[] content = randomBytes(12, 3000);
        put(content);
        ArtifactDigest digest = digestOf(content);
        String moved = store.quarantine(digest, "bytes hash to something else").orElseThrow();
        String key = moved.substring(("s3://" + bucket + "/").length());
        assertTrue(key.startsWith("team/registry/quarantine/" + digest.hex() + "."), key);
        assertArrayEquals(content, raw.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray());
        String note = raw.getObjectAsBytes(r -> r.bucket(bucket).key(key + ".json")).asUtf8String();
        assertTrue(note.contains("bytes hash to something else") && note.contains(digest.toString()), note);
        assertEquals(Optional.empty(), store.sizeOf(digest));
        assertEquals(List.of(), store.list());
        assertEquals(Optional.empty(), store.quarantine(digest, "again"));
    }

    @Test
    void aMissingArtifactIsNotFound() throws Exception {
        ArtifactDigest digest = digestOf(new byte[]{1});
        assertEquals(Optional.empty(), store.sizeOf(digest));
        assertThrows(ModelNotFoundException.class, () -> download(digest));
    }

    @Test
    void unfinishedMultipartUploadsAreListedAndDiscarded() throws Exception {
        String key = "team/registry/sha256/" + digestOf(new byte[]{2}).hex();
        String uploadId = raw.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
        raw.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(1),
                RequestBody.fromBytes(randomBytes(9, (int) PART)));
        List<PartialUpload> partial = store.partialUploads();
        assertEquals(1, partial.size());
        assertEquals(PART, partial.getFirst().sizeBytes());
        assertTrue(partial.getFirst().location().contains(key), partial.getFirst().location());
        store.discard(partial.getFirst());
        assertEquals(List.of(), store.partialUploads());
        assertEquals(List.of(), store.list());
    }

    @Test
    void deleteRemovesAnArtifact() throws Exception {
        byte[] content = randomBytes(10, 100);
        put(content);
        store.delete(digestOf(content));
        assertEquals(Optional.empty(), store.sizeOf(digestOf(content)));
        assertEquals(List.of(), store.list());
    }
}
