package dev.brine.python.pickle;

/**
 * A Python value as the safe unpickler produces it: inert data, never a live object. Scalars and tuples are
 * immutable records; lists, dicts, sets and class instances are mutable only while the unpickler fills them (pickle
 * fills containers after memoising them), and expose read-only views.
 *
 * <p>Values made by handlers of other packages (numpy arrays, torch tensors) are {@link HostValue}s.
 */
public sealed interface PyValue
        permits PyNone, PyBool, PyInt, PyFloat, PyComplex, PyStr, PyBytes, PyTuple, PyList, PyDict, PySet,
                PyGlobal, PyObject, PyOpaque, HostValue {

    /** The Python type name, for messages: {@code int}, {@code dict}, {@code numpy.ndarray}. */
    String typeName();
}
