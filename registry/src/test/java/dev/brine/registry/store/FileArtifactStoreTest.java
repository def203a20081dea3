package dev.brine.registry.store;

import dev.brine.core.CorruptModelException;
import dev.brine.core.ModelNotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileArtifactStoreTest {

    @TempDir
    Path dir;

    private static byte[] randomBytes(long seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static ArtifactDigest digestOf(byte[] bytes) throws Exception {
        return ArtifactDigest.of(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void anArtifactIsStoredUnderItsDigestAndRoundTrips() throws Exception {
        FileArtifactStore store = FileArtifactStore.open(dir.resolve("store"));
        byte[] content = randomBytes(1, 3_000_000);
        ArtifactDigest digest = digestOf(content);
        store.put(digest, content.length, () -> new ByteArrayInputStream(content));
        assertEquals(dir.resolve("store/sha256").resolve(digest.hex().substring(0, 2)).resolve(digest.hex()),
                store.pathOf(digest));
        assertEquals(Optional.of(3_000_000L), store.sizeOf(digest));
        store.download(digest, dir.resolve("copy"));
        assertArrayEquals(content, Files.readAllBytes(dir.resolve("copy")));
        assertEquals(List.of(digest), store.list().stream().map(StoredArtifact::digest).toList());
        assertEquals(List.of(), store.partialUploads());
    }

    /** Staging reads once and names the bytes; only a commit makes them visible, and closing leaves no partial. */
    @Test
    void stagedBytesAppearOnlyWhenCommittedAndNeverLinger() throws Exception {
        FileArtifactStore store = FileArtifactStore.open(dir.resolve("store"));
        byte[] kept = randomBytes(5, 2_500_000);
        byte[] dropped = randomBytes(6, 1000);
        try (StagedArtifact staged = store.stage(() -> new ByteArrayInputStream(dropped), dropped.length,
                "dropped.pkl", dir.resolve("unused"))) {
            assertEquals(digestOf(dropped), staged.digest());
            assertEquals("dropped.pkl", staged.file().getFileName().toString());
            assertArrayEquals(dropped, Files.readAllBytes(staged.file()));
            assertEquals(List.of(1000L), store.partialUploads().stream().map(PartialUpload::sizeBytes).toList());
        }
        assertEquals(Optional.empty(), store.sizeOf(digestOf(dropped)));
        try (StagedArtifact staged = store.stage(() -> new ByteArrayInputStream(kept), kept.length, "kept.brine",
                dir.resolve("unused"))) {
            assertEquals(digestOf(kept), staged.digest());
            assertEquals(kept.length, staged.sizeBytes());
            assertEquals(Optional.empty(), store.sizeOf(staged.digest()));
            staged.commit();
        }
        store.download(digestOf(kept), dir.resolve("copy"));
        assertArrayEquals(kept, Files.readAllBytes(dir.resolve("copy")));
        assertEquals(List.of(), store.partialUploads());
    }

    @Test
    void bytesThatAreNotTheAnnouncedArtifactLeaveNothingBehind() throws Exception {
        FileArtifactStore store = FileArtifactStore.open(dir.resolve("store"));
        byte[] announced = randomBytes(2, 1000);
        byte[] longer = randomBytes(3, 5000);
        assertThrows(CorruptModelException.class, () -> store.put(digestOf(announced), announced.length,
                () -> new ByteArrayInputStream(randomBytes(4, 1000))));
        assertThrows(CorruptModelException.class, () -> store.put(digestOf(announced), announced.length,
                () -> new ByteArrayInputStream(longer)));
        assertEquals(Optional.empty(), store.sizeOf(digestOf(announced)));
        assertEquals(List.of(), store.list());
        assertEquals(List.of(), store.partialUploads());
    }

    @Test
    void aDamagedObjectIsRefusedOnDownload() throws Exception {
        FileArtifactStore store = FileArtifactStore.open(dir.resolve("store"));
        byte[] content = randomBytes(5, 1000);
        ArtifactDigest digest = digestOf(content);
        store.put(digest, content.length, () -> new ByteArrayInputStream(content));
        content[0] ^= 1;
        Files.write(store.pathOf(digest), content);
        CorruptModelException error = assertThrows(CorruptModelException.class,
                () -> store.download(digest, dir.resolve("copy")));
        assertTrue(error.getMessage().contains(store.pathOf(digest).toString()), error.getMessage());
        assertThrows(ModelNotFoundException.class, () -> store.download(digestOf(new byte[1]), dir.resolve("x")));
    }

    @Test
    void aQuarantinedObjectLeavesItsAddressWithANote() throws Exception {
        FileArtifactStore store = FileArtifactStore.open(dir.resolve("store"));
        byte[] content = randomBytes(7, 1000);
        ArtifactDigest digest = digestOf(content);
        store.put(digest, content.length, () -> new ByteArrayInputStream(content));
        Path moved = Path.of(store.quarantine(digest, "bytes hash to something else").orElseThrow());
        assertEquals(dir.resolve("store/quarantine"), moved.getParent());
        assertArrayEquals(content, Files.readAllBytes(moved));
        String note = Files.readString(Path.of(moved + ".json"));
        assertTrue(note.contains(digest.toString()) && note.contains("bytes hash to something else"), note);
        assertEquals(Optional.empty(), store.sizeOf(digest));
        assertEquals(List.of(), store.list());
        assertEquals(Optional.empty(), store.quarantine(digest, "again"), "nothing left to move");
    }

    @Test
    void anInterruptedStageIsAPartialUploadThatDiscardRemoves() throws Exception {
        FileArtifactStore store = FileArtifactStore.open(dir.resolve("store"));
        Path leftOver = Files.createDirectories(dir.resolve("store/tmp/staged.dead.partial"));
        Files.write(leftOver.resolve("m.brine"), new byte[123]);
        PartialUpload partial = store.partialUploads().getFirst();
        assertEquals(123, partial.sizeBytes());
        store.discard(partial);
        assertTrue(Files.notExists(leftOver));
    }

    @Test
    void discardOnlyTouchesPartialUploadsOfThisStore() throws Exception {
        FileArtifactStore store = FileArtifactStore.open(dir.resolve("store"));
        Files.writeString(dir.resolve("victim"), "keep me");
        assertThrows(IllegalArgumentException.class, () -> store.discard(new PartialUpload("../../victim",
                "", 0, java.time.Instant.EPOCH)));
        assertTrue(Files.exists(dir.resolve("victim")));
    }
}
