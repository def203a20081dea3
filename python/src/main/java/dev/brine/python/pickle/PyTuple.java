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
    private final boolean hashable;
    private int hash;

    public PyTuple(List<PyValue> items) {
        this.items = List.copyOf(items);
        int deepest = 0;
        boolean allHashable = true;
        for (PyValue item : this.items) {
            deepest = Math.max(deepest, depthOf(item));
            allHashable &= hashable(item);
        }
        this.depth = deepest + 1;
        this.hashable = allHashable;
    }

    /**
     * Whether Python could hash the value: not a list, dict, set or bytearray, nor a tuple holding one. Known for
     * each tuple when it is made, so checking a key never walks a tuple whose items share deeper tuples.
     */
    static boolean hashable(PyValue value) {
        return switch (value) {
            case PyList list -> false;
            case PyDict dict -> false;
            case PySet set -> set.frozen();
            case PyBytes bytes -> !bytes.byteArray();
            case PyTuple tuple -> tuple.hashable;
            default -> true;
        };
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

    /** Compares each pair of shared sub-tuples once ({@link Equality}); cached hashes rule most pairs out. */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        return other instanceof PyTuple tuple && tuple.items.size() == items.size() && tuple.depth == depth
                && tuple.hashCode() == hashCode() && Equality.equal(this, tuple, () -> items.equals(tuple.items));
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
