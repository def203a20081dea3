package dev.brine.python.pickle;

/**
 * A value that accepts the pickle {@code BUILD} opcode (Python's {@code __setstate__} or {@code __dict__} update).
 * BUILD on anything else is refused.
 */
public interface Buildable {

    /**
     * Applies {@code state} and returns the value that replaces this one on the stack: normally {@code this} (the
     * memo keeps referring to it); joblib's array wrapper returns the array it read instead, as joblib does.
     */
    PyValue build(PyValue state, PickleContext context);
}
