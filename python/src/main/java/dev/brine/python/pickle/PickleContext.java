package dev.brine.python.pickle;

import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;
import dev.brine.core.UnsupportedModelException;

import java.lang.foreign.MemorySegment;

/** What a {@link GlobalHandler} or {@link Buildable} may ask of the unpickler running it. */
public interface PickleContext {

    /** Where the current opcode is, for messages: {@code "model.pkl offset 1841"}. */
    String where();

    Limits limits();

    /** True while scanning: handlers should avoid work whose only purpose is building values. */
    boolean scanning();

    /** Counts {@code bytes} about to be allocated against {@link Limits#maxInMemoryBytes()} for the whole file. */
    void charge(long bytes);

    /** The handler of an allow-listed global (copyreg's reconstructor delegates to the class it names). */
    GlobalHandler handlerFor(PyGlobal global);

    /**
     * Bytes that follow the current opcode in the underlying stream, outside the pickle program (joblib writes
     * array data there), as a slice of the input: nothing is copied.
     */
    MemorySegment readRawBytes(long length);

    /** A complete pickle that follows the current opcode in the stream (joblib's object arrays). */
    PyValue loadNestedPickle();

    default CorruptModelException corrupt(String problem) {
        return new CorruptModelException(where() + ": " + problem + ". The file is damaged or was not written by"
                + " Python's pickle.");
    }

    default UnsupportedModelException unsupported(String problem) {
        return new UnsupportedModelException(where() + ": " + problem + ".");
    }
}
