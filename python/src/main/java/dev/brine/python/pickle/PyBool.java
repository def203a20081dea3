package dev.brine.python.pickle;

/** {@code True} or {@code False}. */
public enum PyBool implements PyValue {
    FALSE, TRUE;

    public static PyBool of(boolean value) {
        return value ? TRUE : FALSE;
    }

    public boolean value() {
        return this == TRUE;
    }

    @Override
    public String typeName() {
        return "bool";
    }

    @Override
    public String toString() {
        return value() ? "True" : "False";
    }
}
