package dev.brine.python.pickle;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * Python {@code bytes} or {@code bytearray}. The data is usually a slice of the mapped file (no copy); it must be
 * treated as read-only either way.
 *
 * @param data      the bytes
 * @param byteArray true for a {@code bytearray} (mutable in Python; the difference matters to nobody here but the
 *                  report of what the file contained)
 */
public record PyBytes(MemorySegment data, boolean byteArray) implements PyValue {

    public PyBytes {
        Objects.requireNonNull(data, "data");
    }

    public static PyBytes of(byte[] bytes) {
        return new PyBytes(MemorySegment.ofArray(bytes), false);
    }

    public long length() {
        return data.byteSize();
    }

    /** A copy as a Java array; only for small values (callers check the length first). */
    public byte[] toByteArray() {
        return data.toArray(ValueLayout.JAVA_BYTE);
    }

    @Override
    public String typeName() {
        return byteArray ? "bytearray" : "bytes";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PyBytes bytes && byteArray == bytes.byteArray && data.mismatch(bytes.data) < 0;
    }

    @Override
    public int hashCode() {
        return PyHash.ofBytes(data, byteArray);
    }

    @Override
    public String toString() {
        return typeName() + "[" + data.byteSize() + " bytes]";
    }
}
