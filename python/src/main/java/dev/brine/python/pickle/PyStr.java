package dev.brine.python.pickle;

/**
 * A Python {@code str}. Python 2 byte strings ({@code STRING}, {@code BINSTRING}) are decoded as latin-1, so every
 * byte value maps to one character and handlers that need the bytes back (numpy's Python 2 arrays) lose nothing.
 */
public record PyStr(String value) implements PyValue {

    @Override
    public String typeName() {
        return "str";
    }

    /** Keyed, so that a file cannot choose colliding dict keys ({@link PyHash}); equality stays the string's. */
    @Override
    public int hashCode() {
        return PyHash.ofString(value);
    }

    @Override
    public String toString() {
        return "'" + value + "'";
    }
}
