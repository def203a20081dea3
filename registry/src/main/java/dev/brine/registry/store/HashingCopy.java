package dev.brine.registry.store;

import dev.brine.core.CorruptModelException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;

/** Copies a stream while hashing it, so that every byte a store writes or delivers is checked once, in passing. */
final class HashingCopy {

    static final int BUFFER_BYTES = 1 << 20;

    /** What went through: its length and SHA-256. */
    record Copied(long sizeBytes, ArtifactDigest digest) {
    }

    private HashingCopy() {
    }

    /**
     * Copies until the end of {@code in}, but stops reading once more than {@code maxBytes} came through, so that a
     * source longer than announced cannot fill a disk.
     */
    static Copied copy(InputStream in, OutputStream out, long maxBytes) throws IOException {
        MessageDigest sha256 = ArtifactDigest.newSha256();
        byte[] buffer = new byte[BUFFER_BYTES];
        long total = 0;
        for (int read; total <= maxBytes && (read = in.read(buffer)) > 0; ) {
            sha256.update(buffer, 0, read);
            out.write(buffer, 0, read);
            total += read;
        }
        return new Copied(total, ArtifactDigest.of(sha256.digest()));
    }

    /** Refuses an upload whose bytes are not the ones announced. */
    static void requireUploadMatches(ArtifactDigest expected, long expectedSize, Copied actual, String location) {
        if (actual.sizeBytes() != expectedSize || !actual.digest().equals(expected)) {
            throw new CorruptModelException("upload to " + location + " refused: the bytes read "
                    + describe(actual) + ", not " + expected + " (" + expectedSize + " bytes) as computed when the "
                    + "push began; the file changed while it was being pushed. Push it again once it is stable.");
        }
    }

    /** Refuses to deliver a stored artifact whose bytes are not the ones its address names. */
    static void requireDownloadMatches(ArtifactDigest expected, Copied actual, String location) {
        if (!actual.digest().equals(expected)) {
            throw new CorruptModelException("artifact at " + location + " is corrupt: its bytes " + describe(actual)
                    + ", not " + expected + " as its address says: the stored copy is damaged.");
        }
    }

    private static String describe(Copied copied) {
        return "hash to " + copied.digest() + " (" + copied.sizeBytes() + " bytes)";
    }
}
