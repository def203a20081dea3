package dev.brine.python.joblib;

import dev.brine.core.Limits;
import dev.brine.python.PythonGlobals;
import dev.brine.python.io.Decompression;
import dev.brine.core.io.FileBytes;
import dev.brine.python.pickle.AllowList;
import dev.brine.python.pickle.PyValue;
import dev.brine.python.pickle.Unpickler;
import dev.brine.python.pickle.UnpicklerOptions;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/**
 * Reads {@code joblib.dump} files (joblib 0.10 and later; docs/python-formats.md): a pickle with numpy arrays written inline
 * after each array wrapper, optionally compressed with zlib, gzip, bz2, lzma, xz or lz4 (detected by magic). Plain
 * pickles read the same way. Uncompressed arrays are slices of the mapped file.
 */
public final class Joblib {

    private Joblib() {
    }

    public static PyValue read(Path file) {
        return read(file, PythonGlobals.defaults(), Limits.DEFAULTS);
    }

    public static PyValue read(Path file, AllowList allowList, Limits limits) {
        String source = file.getFileName().toString();
        return Unpickler.loader(stream(FileBytes.map(file), source, limits), 0, source, 0,
                UnpicklerOptions.of(allowList, limits)).load();
    }

    /** The pickle stream of a joblib file: the file itself, or its decompressed content. */
    public static MemorySegment stream(MemorySegment file, String source, Limits limits) {
        byte[] head = file.asSlice(0, Math.min(8, file.byteSize())).toArray(ValueLayout.JAVA_BYTE);
        if (Decompression.isLegacyJoblib(head)) {
            throw Decompression.legacyJoblib(source);
        }
        return Decompression.detect(head)
                .map(method -> Decompression.decompress(file, method, source, limits))
                .orElse(file);
    }
}
