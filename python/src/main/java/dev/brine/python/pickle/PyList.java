package dev.brine.python.pickle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A Python {@code list}. Identity equality, as lists are unhashable and may contain themselves. */
public final class PyList implements PyValue {

    private final List<PyValue> items = new ArrayList<>();

    public PyList() {
    }

    public PyList(List<PyValue> initial) {
        items.addAll(initial);
    }

    /** A read-only view. */
    public List<PyValue> items() {
        return Collections.unmodifiableList(items);
    }

    public int size() {
        return items.size();
    }

    public PyValue get(int index) {
        return items.get(index);
    }

    void add(PyValue item) {
        items.add(item);
    }

    void addAll(List<PyValue> more) {
        items.addAll(more);
    }

    @Override
    public String typeName() {
        return "list";
    }

    @Override
    public String toString() {
        return PyRepr.of(this);
    }
}
