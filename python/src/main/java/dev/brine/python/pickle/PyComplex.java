package dev.brine.python.pickle;

/** A Python {@code complex}, made by the allow-listed {@code builtins.complex}. */
public record PyComplex(double real, double imag) implements PyValue {

    @Override
    public String typeName() {
        return "complex";
    }

    /** Keyed ({@link PyHash}), as {@link PyFloat}. */
    @Override
    public int hashCode() {
        return PyHash.ofLongs('c', Double.doubleToLongBits(real), Double.doubleToLongBits(imag));
    }
}
