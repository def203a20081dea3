package dev.brine.registry.store;

import dev.brine.core.CorruptModelException;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
     * source longer than announced cannot fill a disk. SHA-256 costs more CPU than the copy itself, so another
     * thread hashes each buffer while this one writes it and reads the next (two buffers in turn; the hashing
     * thread takes them in order).
     */
    static Copied copy(InputStream in, OutputStream out, long maxBytes) throws IOException {
        MessageDigest sha256 = ArtifactDigest.newSha256();
        byte[][] buffers = {new byte[BUFFER_BYTES], new byte[BUFFER_BYTES]};
        Future<?>[] hashing = new Future<?>[2];
        long total = 0;
        try (ExecutorService hasher = Executors.newSingleThreadExecutor(Thread.ofVirtual().factory())) {
            int turn = 0;
            for (int read; total <= maxBytes; turn ^= 1) {
                await(hashing[turn]);   // this buffer's previous bytes are hashed: it may be refilled
                byte[] buffer = buffers[turn];
                if ((read = in.read(buffer)) <= 0) {
                    break;
                }
                int length = read;
                hashing[turn] = hasher.submit(() -> sha256.update(buffer, 0, length));
                out.write(buffer, 0, length);
                total += length;
            }
            await(hashing[0]);
            await(hashing[1]);
        }
        return new Copied(total, ArtifactDigest.of(sha256.digest()));
    }

    private static void await(Future<?> task) throws IOException {
        if (task == null) {
            return;
        }
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing");
        } catch (ExecutionException e) {
            throw new IllegalStateException("hashing failed", e.getCause());
        }
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
                    + ", not " + expected + " as its address says. The stored copy is damaged: delete it from the "
                    + "store and push the original file again (the version keeps its number).");
        }
    }

    private static String describe(Copied copied) {
        return "hash to " + copied.digest() + " (" + copied.sizeBytes() + " bytes)";
    }
}
