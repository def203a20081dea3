package dev.brine.python.pickle;

/** A Python {@code float} (IEEE-754 double). */
public record PyFloat(double value) implements PyValue {

    @Override
    public String typeName() {
        return "float";
    }

    /** Keyed ({@link PyHash}): {@code Double.hashCode} is 0 for every {@code (x << 32) | x} bit pattern. */
    @Override
    public int hashCode() {
        return PyHash.ofLongs('f', Double.doubleToLongBits(value));
    }

    @Override
    public String toString() {
        return Double.toString(value);
    }
}
