package dev.brine.python.pickle;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** A Python {@code set} or {@code frozenset}, in insertion order. Only frozensets are hashable. */
public final class PySet implements PyValue {

    private final Set<PyValue> items = new LinkedHashSet<>();
    private final boolean frozen;
    private int frozenDepth;
    private int hash;

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
        hash = 0;
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
        return other instanceof PySet set && set.frozen && set.items.size() == items.size()
                && set.hashCode() == hashCode() && Equality.equal(this, set, () -> items.equals(set.items));
    }

    /** A frozenset's hash is computed once (as CPython caches it): frozensets of shared frozensets stay linear. */
    @Override
    public int hashCode() {
        if (!frozen) {
            return System.identityHashCode(this);
        }
        if (hash == 0) {
            hash = items.hashCode() * 31 + 11;
        }
        return hash;
    }

    @Override
    public String toString() {
        return PyRepr.of(this);
    }
}
