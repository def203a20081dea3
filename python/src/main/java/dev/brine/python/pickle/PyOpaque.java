package dev.brine.python.pickle;

/**
 * Stands in, during a scan only, for a value the scanner did not evaluate: the result of calling a global that is
 * not allowed, or of a handler given such a value. A load never produces it.
 */
public record PyOpaque(String description) implements PyValue {

    @Override
    public String typeName() {
        return "opaque";
    }

    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
