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
 * hashed in parallel, one per core, largest first, so one huge tensor and many small ones finish together.
 */
public final class Verifier {
    private Verifier() {
    }

    public static VerifyReport verify(Path path, Limits limits) {
        try (BrineFile file = BrineFile.open(path, limits)) {
            SafetensorsFile tensors = file.safetensors();
            if (file.manifest().isEmpty()) {
                long bytes = tensors.header().dataBytes();
                return new VerifyReport(path.toString(), false, tensors.entries().size(), bytes, List.of());
            }
            Manifest manifest = file.manifest().get();
            List<TensorEntry> bySize = new ArrayList<>(tensors.entries().values());
            bySize.sort(Comparator.comparingLong(TensorEntry::byteSize).reversed());
            int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), bySize.size()));
            List<VerifyReport.Mismatch> damaged = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
                List<Future<VerifyReport.Mismatch>> results = new ArrayList<>();
                for (TensorEntry entry : bySize) {
                    String expected = manifest.tensors().get(entry.name()).sha256();
                    results.add(pool.submit(() -> {
                        String actual = Integrity.sha256(tensors.tensor(entry).data());
                        return actual.equals(expected) ? null
                                : new VerifyReport.Mismatch(entry.name(), expected, actual);
                    }));
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
            damaged.sort(Comparator.comparing(VerifyReport.Mismatch::tensor));
            return new VerifyReport(path.toString(), true, bySize.size(), tensors.header().dataBytes(), damaged);
        }
    }
}
