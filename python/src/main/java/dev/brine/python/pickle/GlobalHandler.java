package dev.brine.python.pickle;

/**
 * What an allow-listed global does when the pickle calls it (REDUCE, INST/OBJ with arguments) or creates an
 * instance of it (NEWOBJ, NEWOBJ_EX, INST/OBJ without arguments, copyreg's reconstructor). Implementations build
 * inert values only: they never load classes, reflect or run anything named by the file.
 */
public interface GlobalHandler {

    /** {@code global(*args)}. */
    PyValue call(PyGlobal global, PyTuple args, PickleContext context);

    /** {@code cls.__new__(cls, *args, **kwargs)}. Only classes support it. */
    default PyValue instantiate(PyGlobal cls, PyTuple args, PyDict kwargs, PickleContext context) {
        throw context.unsupported(cls.qualifiedName() + " is not a class that Brine instantiates");
    }

    /**
     * A plain data class (an estimator, a torch module, a loss object): calling or instantiating it gives a
     * {@link PyObject} that records the arguments and accepts a BUILD state.
     */
    static GlobalHandler plainClass() {
        return new GlobalHandler() {
            @Override
            public PyValue call(PyGlobal global, PyTuple args, PickleContext context) {
                return new PyObject(global, args, null);
            }

            @Override
            public PyValue instantiate(PyGlobal cls, PyTuple args, PyDict kwargs, PickleContext context) {
                return new PyObject(cls, args, kwargs);
            }
        };
    }

    /**
     * A global that may appear as a value (a class passed as an argument, a torch storage type or dtype) but is
     * never called.
     */
    static GlobalHandler valueOnly() {
        return (global, args, context) -> {
            throw context.unsupported(global.qualifiedName() + " is called with arguments " + args
                    + "; Brine reads it only as a value");
        };
    }
}
