package dev.brine.python.pickle;

import java.math.BigInteger;

/** A Python {@code int}, of any size. */
public record PyInt(BigInteger value) implements PyValue {

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    public static PyInt of(long value) {
        return new PyInt(BigInteger.valueOf(value));
    }

    public boolean fitsLong() {
        return value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0;
    }

    /** The value as a long; {@link ArithmeticException} when it does not fit (callers turn it into their error). */
    public long longValue() {
        return value.longValueExact();
    }

    @Override
    public String typeName() {
        return "int";
    }

    /** Keyed ({@link PyHash}): {@code BigInteger.hashCode} collisions are easy to compute. */
    @Override
    public int hashCode() {
        return fitsLong() ? PyHash.ofLongs('i', value.longValue()) : PyHash.ofBytes('I', value.toByteArray());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
