package dev.brine.python.pickle;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** A Python {@code set} or {@code frozenset}, in insertion order. Only frozensets are hashable. */
public final class PySet implements PyValue {

    private final Set<PyValue> items = new LinkedHashSet<>();
    private final boolean frozen;
    private int frozenDepth;

    PySet(boolean frozen) {
        this.frozen = frozen;
    }

    public Set<PyValue> items() {
        return Collections.unmodifiableSet(items);
    }

    public boolean frozen() {
        return frozen;
    }

    public int size() {
        return items.size();
    }

    void add(PyValue item) {
        items.add(item);
        if (frozen) {
            frozenDepth = Math.max(frozenDepth, PyTuple.depthOf(item) + 1);
        }
    }

    int frozenDepth() {
        return frozen ? Math.max(1, frozenDepth) : 0;
    }

    @Override
    public String typeName() {
        return frozen ? "frozenset" : "set";
    }

    @Override
    public boolean equals(Object other) {
        if (!frozen) {
            return this == other;
        }
        return other instanceof PySet set && set.frozen && items.equals(set.items);
    }

    @Override
    public int hashCode() {
        return frozen ? items.hashCode() : System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return PyRepr.of(this);
    }
}
