package dev.brine.core.format;

import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Shape;
import dev.brine.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TensorHasherTest {

    @Test
    void digestsEveryTensorInOrderWhetherItsArenaIsSharedOrConfined() throws IOException {
        try (Arena confined = Arena.ofConfined(); Arena shared = Arena.ofShared()) {
            SequencedMap<String, Tensor> tensors = new LinkedHashMap<>();
            tensors.put("shared.large", filled(shared, (64 << 20) / 4 + 5, 1)); // two hashing stretches
            tensors.put("confined", filled(confined, 1000, 2));
            tensors.put("shared.empty", filled(shared, 0, 3));
            tensors.put("shared.small", filled(shared, 7, 4));
            boolean[] written = new boolean[1];

            Map<String, String> digests = TensorHasher.hashWhile(tensors, () -> written[0] = true);

            assertEquals(List.copyOf(tensors.keySet()), List.copyOf(digests.keySet()));
            tensors.forEach((name, tensor) -> assertEquals(reference(tensor), digests.get(name), name));
            assertEquals(true, written[0]);
        }
    }

    @Test
    void aFailedWriteStopsTheHasherBeforeItIsReported() {
        try (Arena shared = Arena.ofShared()) {
            SequencedMap<String, Tensor> tensors = new LinkedHashMap<>();
            tensors.put("large", filled(shared, 16 << 20, 1));
            IOException failure = new IOException("disk full");

            IOException thrown = assertThrows(IOException.class, () -> TensorHasher.hashWhile(tensors, () -> {
                throw failure;
            }));

            assertSame(failure, thrown);
            assertFalse(Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(thread -> thread.getName().startsWith("brine-sha256") && thread.isAlive()));
        }
    }

    private static Tensor filled(Arena arena, long floats, int seed) {
        Tensor tensor = Tensor.allocate(DType.F32, Shape.of(floats), arena);
        for (long i = 0; i < floats; i += 4099) {
            tensor.setDouble(i, seed * 0.5 + i);
        }
        return tensor;
    }

    /** SHA-256 through the JDK directly, over a heap copy of the bytes. */
    private static String reference(Tensor tensor) {
        try {
            byte[] bytes = tensor.data().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
