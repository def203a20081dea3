package dev.brine.python.pickle;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A Python {@code dict} in insertion order, or an instance of an allow-listed dict subclass such as
 * {@code collections.OrderedDict} ({@link #type()} names it). A subclass instance can receive a BUILD state
 * (torch state dicts carry {@code _metadata} that way); a plain dict cannot, as in Python.
 */
public final class PyDict implements PyValue, Buildable {

    private final Map<PyValue, PyValue> entries = new LinkedHashMap<>();
    private final PyGlobal type;
    private PyValue state;

    public PyDict() {
        this(null);
    }

    /** An instance of the dict subclass {@code type}, or a plain dict when {@code type} is null. */
    public PyDict(PyGlobal type) {
        this.type = type;
    }

    public Map<PyValue, PyValue> entries() {
        return Collections.unmodifiableMap(entries);
    }

    public int size() {
        return entries.size();
    }

    public Optional<PyValue> get(String key) {
        return Optional.ofNullable(entries.get(new PyStr(key)));
    }

    /** The dict subclass, empty for a plain dict. */
    public Optional<PyGlobal> type() {
        return Optional.ofNullable(type);
    }

    /** The state a BUILD gave a dict subclass instance (for example torch's {@code {'_metadata': …}}). */
    public Optional<PyValue> state() {
        return Optional.ofNullable(state);
    }

    void put(PyValue key, PyValue value) {
        entries.put(key, value);
    }

    @Override
    public PyValue build(PyValue newState, PickleContext context) {
        if (type == null) {
            throw context.corrupt("BUILD on a plain dict, which has no attributes to set");
        }
        state = newState;
        return this;
    }

    @Override
    public String typeName() {
        return type == null ? "dict" : type.qualifiedName();
    }

    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return PyRepr.of(this);
    }
}
