package dev.brine.python.joblib;

import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;
import dev.brine.python.Fixtures;
import dev.brine.python.PythonGlobals;
import dev.brine.python.numpy.NdArray;
import dev.brine.python.pickle.PyDict;
import dev.brine.python.pickle.PyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JoblibTest {

    @ParameterizedTest
    @ValueSource(strings = {"plain", "plain_p2", "unaligned", "zlib", "gzip", "bz2", "lzma", "xz", "lz4"})
    void readsEveryCompressionAndLayoutAsJoblibWroteIt(String name) {
        PyValue value = Joblib.read(Fixtures.path("joblib/" + name + ".joblib"));
        assertEquals(Fixtures.text("joblib/value.expected"), Fixtures.describe(value), name);
    }

    @Test
    void uncompressedArraysAreSlicesOfTheFile() {
        PyDict dict = (PyDict) Joblib.read(Fixtures.path("joblib/plain.joblib"));
        assertTrue(((NdArray) dict.get("weights").orElseThrow()).toTensor().data().isMapped());
    }

    @Test
    void stopsDecompressionBombsAtTheLimit() {
        Limits small = Limits.builder().maxInMemoryBytes(64).build();
        CorruptModelException error = assertThrows(CorruptModelException.class,
                () -> Joblib.read(Fixtures.path("joblib/gzip.joblib"), PythonGlobals.defaults(), small));
        assertTrue(error.getMessage().contains("maxInMemoryBytes"), error.getMessage());
    }

    @Test
    void refusesTruncatedFiles() {
        assertThrows(CorruptModelException.class, () -> Joblib.read(Fixtures.path("malformed/truncated.joblib")));
        assertThrows(CorruptModelException.class,
                () -> Joblib.read(Fixtures.path("malformed/truncated_zlib.joblib")));
    }
}
