package dev.brine.python.pickle;

import dev.brine.core.Limits;
import dev.brine.core.io.FileBytes;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/** Loads and scans plain pickle files. Readers of other formats use {@link Unpickler} directly. */
public final class Pickles {

    private Pickles() {
    }

    /** The value a pickle file holds, resolving globals only through {@code allowList}. */
    public static PyValue load(Path file, AllowList allowList, Limits limits) {
        return load(FileBytes.map(file), file.getFileName().toString(), UnpicklerOptions.of(allowList, limits));
    }

    public static PyValue load(byte[] pickle, AllowList allowList, Limits limits) {
        return load(MemorySegment.ofArray(pickle), "pickle", UnpicklerOptions.of(allowList, limits));
    }

    /** @param source the name messages give the data (a file name, an archive entry) */
    public static PyValue load(MemorySegment pickle, String source, UnpicklerOptions options) {
        return Unpickler.loader(pickle, 0, source, 0, options).load();
    }
}
