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

    @Override
    public String toString() {
        return "'" + value + "'";
    }
}
