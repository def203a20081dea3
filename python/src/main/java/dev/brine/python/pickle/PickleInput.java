package dev.brine.python.pickle;

import dev.brine.core.CorruptModelException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A read position in a segment holding a pickle stream (a mapped file, or decompressed bytes). Every read checks
 * the remaining length first, so a truncated stream is a {@link CorruptModelException} with the offset, never an
 * {@code IndexOutOfBoundsException}. Offsets in messages are file offsets: {@code baseOffset} is where the segment
 * starts in the file.
 */
final class PickleInput {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64_BE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final MemorySegment data;
    private final String source;
    private final long baseOffset;
    private long position;
    private boolean failed;

    PickleInput(MemorySegment data, String source, long baseOffset, long position) {
        this.data = data;
        this.source = source;
        this.baseOffset = baseOffset;
        this.position = position;
    }

    String source() {
        return source;
    }

    long position() {
        return position;
    }

    void seek(long newPosition) {
        position = newPosition;
    }

    long remaining() {
        return data.byteSize() - position;
    }

    /** The offset of {@code position} in the file, for messages. */
    long fileOffset(long at) {
        return baseOffset + at;
    }

    /** True once a read ran past the end: later errors are consequences, not findings. */
    boolean failed() {
        return failed;
    }

    private void require(long count, String what) {
        if (count < 0 || count > remaining()) {
            failed = true;
            throw new CorruptModelException(source + " offset " + fileOffset(position) + ": the stream ends inside "
                    + what + " (needs " + count + " bytes, " + remaining() + " left). The file is truncated.");
        }
    }

    int u1(String what) {
        require(1, what);
        return data.get(ValueLayout.JAVA_BYTE, position++) & 0xFF;
    }

    int u2(String what) {
        require(2, what);
        int value = data.get(U16, position) & 0xFFFF;
        position += 2;
        return value;
    }

    int i4(String what) {
        require(4, what);
        int value = data.get(I32, position);
        position += 4;
        return value;
    }

    long u4(String what) {
        return i4(what) & 0xFFFF_FFFFL;
    }

    /** An unsigned 8-byte length; values above 2^63 come back negative and fail every later size check. */
    long u8(String what) {
        require(8, what);
        long value = data.get(I64, position);
        position += 8;
        return value;
    }

    double f8BigEndian(String what) {
        require(8, what);
        double value = data.get(F64_BE, position);
        position += 8;
        return value;
    }

    /** {@code count} bytes as a slice of the input (no copy). */
    MemorySegment slice(long count, String what) {
        require(count, what);
        MemorySegment slice = data.asSlice(position, count);
        position += count;
        return slice;
    }

    /** {@code count} bytes copied to a Java array; callers have checked {@code count} against the limits. */
    byte[] bytes(long count, String what) {
        require(count, what);
        byte[] copy = data.asSlice(position, count).toArray(ValueLayout.JAVA_BYTE);
        position += count;
        return copy;
    }

    /** The bytes up to the next newline (consumed, not returned), looking at most {@code maxLength} bytes ahead. */
    byte[] line(long maxLength, String what) {
        long limit = Math.min(remaining(), maxLength + 1);
        for (long i = 0; i < limit; i++) {
            if (data.get(ValueLayout.JAVA_BYTE, position + i) == '\n') {
                byte[] line = data.asSlice(position, i).toArray(ValueLayout.JAVA_BYTE);
                position += i + 1;
                return line;
            }
        }
        failed = limit == remaining();
        throw new CorruptModelException(source + " offset " + fileOffset(position) + ": " + what
                + (failed ? " has no terminating newline before the end of the stream. The file is truncated."
                          : " is longer than " + maxLength + " bytes (maxStringBytes)."));
    }
}
