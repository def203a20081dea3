package dev.brine.python.pickle;

import java.util.Objects;
import java.util.Optional;

/**
 * An instance of an allow-listed plain class (an estimator, a torch module…): the class, the arguments it was
 * created with and the state BUILD gave it. Nothing of the class runs; readers interpret the state.
 */
public final class PyObject implements PyValue, Buildable {

    private final PyGlobal type;
    private final PyTuple args;
    private final PyDict kwargs;
    private PyValue state;

    public PyObject(PyGlobal type, PyTuple args, PyDict kwargs) {
        this.type = Objects.requireNonNull(type, "type");
        this.args = Objects.requireNonNull(args, "args");
        this.kwargs = kwargs == null ? new PyDict() : kwargs;
    }

    public PyGlobal type() {
        return type;
    }

    public PyTuple args() {
        return args;
    }

    public PyDict kwargs() {
        return kwargs;
    }

    /** The BUILD state: normally the instance {@code __dict__}, or a {@code (dict, slots)} tuple. */
    public Optional<PyValue> state() {
        return Optional.ofNullable(state);
    }

    /**
     * An attribute from the state, looking in the {@code __dict__} part and then the slots part, as Python's
     * default {@code __setstate__} would have set them.
     */
    public Optional<PyValue> attribute(String name) {
        if (state instanceof PyDict dict) {
            return dict.get(name);
        }
        if (state instanceof PyTuple tuple && tuple.size() == 2) {
            for (PyValue part : tuple.items()) {
                if (part instanceof PyDict dict && dict.get(name).isPresent()) {
                    return dict.get(name);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public PyValue build(PyValue newState, PickleContext context) {
        if (state instanceof PyDict existing && existing.type().isEmpty() && newState instanceof PyDict more
                && more.type().isEmpty()) {
            more.entries().forEach(existing::put);
        } else {
            state = newState;
        }
        return this;
    }

    @Override
    public String typeName() {
        return type.qualifiedName();
    }

    @Override
    public String toString() {
        return PyRepr.of(this);
    }
}
