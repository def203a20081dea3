package dev.brine.python.numpy;

import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;
import dev.brine.core.UnsafeModelException;
import dev.brine.core.tensor.Tensor;
import dev.brine.python.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NumpyFilesTest {

    @Test
    void readsEveryDtypeByteOrderAndMemoryOrderAsNumpyDoes() {
        Map<String, String> expected = Fixtures.namedLines("npy/arrays.expected");
        assertTrue(expected.size() > 40);
        expected.forEach((file, description) -> {
            Tensor tensor = NumpyFiles.read(Fixtures.path(file));
            assertEquals(description, Fixtures.describe(tensor, Fixtures.numpyKind(tensor)), file);
        });
    }

    @Test
    void littleEndianCOrderDataIsASliceOfTheFile() {
        Tensor tensor = NumpyFiles.read(Fixtures.path("npy/le_f8_C.npy"));
        assertTrue(tensor.data().isMapped(), "no copy for native layout");
        assertTrue(!NumpyFiles.read(Fixtures.path("npy/be_f8_C.npy")).data().isMapped());
    }

    @Test
    void readsStoredAndCompressedNpz() {
        Map<String, String> expected = Fixtures.namedLines("npy/npz.expected");
        for (String file : new String[] {"npy/stored.npz", "npy/compressed.npz"}) {
            Map<String, Tensor> arrays = NumpyFiles.readNpz(Fixtures.path(file));
            assertEquals(expected.keySet(), arrays.keySet());
            arrays.forEach((name, tensor) -> assertEquals(expected.get(name),
                    Fixtures.describe(tensor, Fixtures.numpyKind(tensor)), file + " " + name));
        }
        assertEquals(java.util.List.of("arr_0", "arr_1"),
                java.util.List.copyOf(NumpyFiles.readNpz(Fixtures.path("npy/positional.npz")).keySet()));
    }

    @Test
    void refusesObjectArraysAsUnsafe() {
        UnsafeModelException error = assertThrows(UnsafeModelException.class,
                () -> NumpyFiles.read(Fixtures.path("malicious/object_array.npy")));
        assertTrue(error.getMessage().contains("object array"), error.getMessage());
    }

    @Test
    void refusesTruncatedDataAndHugeHeaders() {
        assertThrows(CorruptModelException.class, () -> NumpyFiles.read(Fixtures.path("malformed/truncated.npy")));
        Limits tinyHeader = Limits.builder().maxHeaderBytes(16).build();
        assertThrows(CorruptModelException.class,
                () -> NumpyFiles.read(Fixtures.path("npy/le_f8_C.npy"), tinyHeader));
    }

    @Test
    void stopsZipBombsAtTheLimits() {
        Limits small = Limits.builder().maxInMemoryBytes(1 << 20).maxTensorBytes(1 << 20).build();
        assertThrows(CorruptModelException.class,
                () -> NumpyFiles.readNpz(Fixtures.path("malicious/zip_bomb.npz"), small));
        CorruptModelException lying = assertThrows(CorruptModelException.class,
                () -> NumpyFiles.readNpz(Fixtures.path("malicious/zip_lying_size.npz")));
        assertTrue(lying.getMessage().contains("declared"), lying.getMessage());
    }
}
