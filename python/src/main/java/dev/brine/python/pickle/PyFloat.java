package dev.brine.python.pickle;

/** A Python {@code float} (IEEE-754 double). */
public record PyFloat(double value) implements PyValue {

    @Override
    public String typeName() {
        return "float";
    }

    @Override
    public String toString() {
        return Double.toString(value);
    }
}
