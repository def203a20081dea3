package dev.brine.core.format;

import dev.brine.core.tensor.Tensor;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Computes the SHA-256 of every tensor on threads of their own (one per core, tensors shared out largest first)
 * while the caller writes them, so that saving costs the slower of writing and hashing instead of their sum
 * (docs/benchmarks.md, "save" against {@code dd}: hashing in line with the writes added the whole hashing time,
 * about 0.6 s per GB on one core, to every save, and one core hashes more slowly than the disk writes).
 *
 * <p>Whatever the hashing threads did not finish, the caller hashes itself after writing: tensors whose memory only
 * the calling thread may touch (a confined {@link java.lang.foreign.Arena}), and everything after a failure (which
 * then recurs, and is reported, on the caller's thread).
 */
final class TensorHasher {
    /** Bytes hashed between checks for abandonment: a failed save stops hashing within a few tens of ms. */
    private static final long STRETCH_BYTES = 64L << 20;

    private TensorHasher() {
    }

    /** An action that writes the tensors. */
    interface Writing {
        void run() throws IOException;
    }

    /**
     * Runs {@code writing} while other threads hash {@code tensors}; returns their digests (name → hex) in
     * {@code tensors}' order. The hashing threads have stopped when this returns or throws, so the caller may free
     * the tensors at once.
     */
    static Map<String, String> hashWhile(SequencedMap<String, Tensor> tensors, Writing writing) throws IOException {
        Map<String, String> hashedAside = new ConcurrentHashMap<>();
        List<Map.Entry<String, Tensor>> handedOver = new ArrayList<>();
        AbandonableHashing hashing = new AbandonableHashing(handedOver, hashedAside);
        int threadCount = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), tensors.size()));
        List<Thread> hashers = new ArrayList<>(threadCount);
        for (int i = 0; i < threadCount; i++) {
            hashers.add(Thread.ofPlatform().name("brine-sha256-" + i).daemon().unstarted(hashing));
        }
        for (Map.Entry<String, Tensor> tensor : tensors.entrySet()) {
            if (tensor.getValue().data().isAccessibleBy(hashers.getFirst())) {
                handedOver.add(tensor);
            }
        }
        // Largest first, so that one huge tensor and many small ones finish together (as Verifier does).
        handedOver.sort(Comparator.comparingLong((Map.Entry<String, Tensor> tensor) -> tensor.getValue().byteSize())
                .reversed());
        hashers.forEach(Thread::start);
        try {
            writing.run();
        } catch (IOException | RuntimeException | Error e) {
            hashing.abandon();
            throw e;
        } finally {
            hashers.forEach(TensorHasher::joinUninterruptibly);
        }
        Map<String, String> digests = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> {
            String digest = hashedAside.get(name);
            digests.put(name, digest != null ? digest : Integrity.sha256(tensor.data()));
        });
        return digests;
    }

    /**
     * Hashes the handed-over tensors, each thread taking the next tensor not yet taken, a stretch at a time, until
     * all are done, one failed, or the write was abandoned.
     */
    private static final class AbandonableHashing implements Runnable {
        private final List<Map.Entry<String, Tensor>> tensors;
        private final Map<String, String> digests;
        private final AtomicInteger next = new AtomicInteger();
        private volatile boolean abandoned;

        AbandonableHashing(List<Map.Entry<String, Tensor>> tensors, Map<String, String> digests) {
            this.tensors = tensors;
            this.digests = digests;
        }

        void abandon() {
            abandoned = true;
        }

        @Override
        public void run() {
            try {
                for (int index = next.getAndIncrement(); index < tensors.size(); index = next.getAndIncrement()) {
                    Map.Entry<String, Tensor> tensor = tensors.get(index);
                    MessageDigest digest = Integrity.newDigest();
                    MemorySegment bytes = tensor.getValue().data();
                    for (long position = 0; position < bytes.byteSize(); position += STRETCH_BYTES) {
                        if (abandoned) {
                            return;
                        }
                        Integrity.update(digest, bytes.asSlice(position,
                                Math.min(STRETCH_BYTES, bytes.byteSize() - position)));
                    }
                    digests.put(tensor.getKey(), Integrity.hex(digest.digest()));
                }
            } catch (RuntimeException e) {
                // Left to the caller, which hashes what is missing and meets the same failure on its own thread.
            }
        }
    }

    /** Waits for a hasher even if interrupted (it must not outlive the tensors), then restores the interrupt. */
    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
