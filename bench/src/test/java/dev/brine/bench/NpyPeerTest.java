package dev.brine.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The bench's .npy writer and reader against files numpy 1.24 wrote (npy/make_fixtures.py). */
class NpyPeerTest {
    private static final HeapTensor MATRIX = new HeapTensor("matrix_2x3", new long[] {2, 3},
            new float[] {-1f, -0.5f, 0f, 0.5f, 1f, 1.5f});
    private static final HeapTensor VECTOR = new HeapTensor("vector_5", new long[] {5},
            new float[] {0.1f, -2.5f, 3e38f, -0.0f, 1e-40f});

    @Test
    void writesTheBytesNumpyWrites(@TempDir Path directory) throws IOException {
        NpyPeer.write(List.of(MATRIX, VECTOR), directory);
        assertArrayEquals(fixture("matrix_2x3.npy"), Files.readAllBytes(directory.resolve("000-matrix_2x3.npy")));
        assertArrayEquals(fixture("vector_5.npy"), Files.readAllBytes(directory.resolve("001-vector_5.npy")));
    }

    @Test
    void readsWhatNumpyWrote(@TempDir Path directory) throws IOException {
        Files.write(directory.resolve("000-matrix_2x3.npy"), fixture("matrix_2x3.npy"));
        Files.write(directory.resolve("001-vector_5.npy"), fixture("vector_5.npy"));
        List<HeapTensor> read = NpyPeer.read(directory);
        assertEquals(2, read.size());
        assertSame(MATRIX, read.get(0));
        assertSame(VECTOR, read.get(1));
    }

    private static void assertSame(HeapTensor expected, HeapTensor actual) {
        assertEquals(expected.name(), actual.name());
        assertArrayEquals(expected.shape(), actual.shape());
        assertArrayEquals(expected.values(), actual.values());
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = NpyPeerTest.class.getResourceAsStream("npy/" + name)) {
            return in.readAllBytes();
        }
    }
}
