package dev.brine.python.pickle;

import java.util.List;

/**
 * A Python {@code tuple}. Immutable, so it can be a dict key; {@link #depth()} is tracked at construction because
 * a hostile stream can nest tuples without any MARK (TUPLE1 repeated), and equality and hashing recurse.
 */
public final class PyTuple implements PyValue {

    public static final PyTuple EMPTY = new PyTuple(List.of());

    private final List<PyValue> items;
    private final int depth;
    private int hash;

    public PyTuple(List<PyValue> items) {
        this.items = List.copyOf(items);
        int deepest = 0;
        for (PyValue item : this.items) {
            deepest = Math.max(deepest, depthOf(item));
        }
        this.depth = deepest + 1;
    }

    public static PyTuple of(PyValue... items) {
        return new PyTuple(List.of(items));
    }

    static int depthOf(PyValue value) {
        return switch (value) {
            case PyTuple tuple -> tuple.depth;
            case PySet set -> set.frozenDepth();
            default -> 0;
        };
    }

    public List<PyValue> items() {
        return items;
    }

    public int size() {
        return items.size();
    }

    public PyValue get(int index) {
        return items.get(index);
    }

    /** Nesting depth of immutable containers (tuples and frozensets) in this tuple, itself counted. */
    public int depth() {
        return depth;
    }

    @Override
    public String typeName() {
        return "tuple";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PyTuple tuple && items.equals(tuple.items);
    }

    @Override
    public int hashCode() {
        if (hash == 0) {
            hash = items.hashCode() * 31 + 7;
        }
        return hash;
    }

    @Override
    public String toString() {
        return PyRepr.of(this);
    }
}
