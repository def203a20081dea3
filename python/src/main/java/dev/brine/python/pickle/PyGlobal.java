package dev.brine.python.pickle;

/**
 * A reference to an allow-listed module attribute (a class or function) as it appears on the pickle stack, after
 * Python 2 names were mapped to Python 3 ones. Holding it does nothing; the unpickler asks the
 * {@link AllowList} for its {@link GlobalHandler} when the stream calls or instantiates it.
 */
public record PyGlobal(String module, String name) implements PyValue {

    public String qualifiedName() {
        return module + "." + name;
    }

    @Override
    public String typeName() {
        return "type";
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}
