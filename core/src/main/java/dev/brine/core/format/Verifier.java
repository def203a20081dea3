package dev.brine.core.format;

import dev.brine.core.Limits;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Recomputes the SHA-256 of every tensor of a {@code .brine} file and compares it with the manifest. Tensors are
 * hashed in parallel, one per core, largest first, so one huge tensor and many small ones finish together; a small
 * file is hashed on the calling thread, where starting threads would cost more than the hashing.
 */
public final class Verifier {
    /** Below this many bytes of tensors, one thread hashes them (about a millisecond of work). */
    private static final long PARALLEL_FROM_BYTES = 4L << 20;

    private Verifier() {
    }

    public static VerifyReport verify(Path path, Limits limits) {
        try (BrineFile file = BrineFile.open(path, limits)) {
            return verify(file);
        }
    }

    /** Verifies a file already open (and mapped), such as the one a load is about to restore a model from. */
    public static VerifyReport verify(BrineFile file) {
        SafetensorsFile tensors = file.safetensors();
        String path = tensors.source();
        long dataBytes = tensors.header().dataBytes();
        if (file.manifest().isEmpty()) {
            return new VerifyReport(path, false, tensors.entries().size(), dataBytes, List.of());
        }
        Manifest manifest = file.manifest().get();
        List<TensorEntry> bySize = new ArrayList<>(tensors.entries().values());
        bySize.sort(Comparator.comparingLong(TensorEntry::byteSize).reversed());
        int threads = dataBytes < PARALLEL_FROM_BYTES ? 1
                : Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), bySize.size()));
        List<VerifyReport.Mismatch> damaged = new ArrayList<>();
        if (threads == 1) {
            for (TensorEntry entry : bySize) {
                VerifyReport.Mismatch mismatch = check(tensors, manifest, entry);
                if (mismatch != null) {
                    damaged.add(mismatch);
                }
            }
        } else {
            try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
                List<Future<VerifyReport.Mismatch>> results = new ArrayList<>();
                for (TensorEntry entry : bySize) {
                    results.add(pool.submit(() -> check(tensors, manifest, entry)));
                }
                for (Future<VerifyReport.Mismatch> result : results) {
                    VerifyReport.Mismatch mismatch = result.get();
                    if (mismatch != null) {
                        damaged.add(mismatch);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("verification of " + path + " was interrupted", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime
                        : new IllegalStateException(e.getCause());
            }
        }
        damaged.sort(Comparator.comparing(VerifyReport.Mismatch::tensor));
        return new VerifyReport(path, true, bySize.size(), dataBytes, damaged);
    }

    /** The tensor's mismatch, or null when its bytes hash to the digest the manifest records. */
    private static VerifyReport.Mismatch check(SafetensorsFile tensors, Manifest manifest, TensorEntry entry) {
        String expected = manifest.tensors().get(entry.name()).sha256();
        String actual = Integrity.sha256(tensors.tensor(entry).data());
        return actual.equals(expected) ? null : new VerifyReport.Mismatch(entry.name(), expected, actual);
    }
}
