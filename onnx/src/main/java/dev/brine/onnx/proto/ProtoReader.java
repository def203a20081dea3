package dev.brine.onnx.proto;

import dev.brine.core.CorruptModelException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.LongConsumer;

/**
 * Walks one protobuf message in a {@link MemorySegment}: a tag, then the field's value, until the message ends.
 * Every length and varint is checked against the message's bounds, so a truncated or hostile file raises
 * {@link CorruptModelException} naming the byte offset in the file, never an out-of-bounds read. Length-delimited
 * values are returned as slices of the same segment: nothing is copied.
 *
 * <p>Groups (wire types 3 and 4) are refused: proto2 deprecated them and ONNX never uses them.
 */
public final class ProtoReader {
    public static final int VARINT = 0;
    public static final int FIXED64 = 1;
    public static final int LENGTH_DELIMITED = 2;
    public static final int FIXED32 = 5;

    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment data;
    private final long offsetInFile;
    private final String source;
    private long position;
    private long fieldStart;
    private int wireType = -1;
    private int fieldNumber;

    /** {@code offsetInFile} is where {@code data} starts in the file, for messages. */
    public ProtoReader(MemorySegment data, long offsetInFile, String source) {
        this.data = data;
        this.offsetInFile = offsetInFile;
        this.source = source;
    }

    public boolean hasMore() {
        return position < data.byteSize();
    }

    /** Reads the next tag and returns its field number; {@link #wireType()} tells how the value is encoded. */
    public int nextField() {
        fieldStart = position;
        long tag = varint();
        wireType = (int) (tag & 7);
        long field = tag >>> 3;
        if (field == 0 || field > 0x1FFF_FFFFL) {
            throw corrupt(fieldStart, "field number " + field + " is invalid");
        }
        if (wireType != VARINT && wireType != FIXED64 && wireType != LENGTH_DELIMITED && wireType != FIXED32) {
            throw corrupt(fieldStart, "wire type " + wireType + " of field " + field + " is not used by ONNX");
        }
        fieldNumber = (int) field;
        return fieldNumber;
    }

    public int wireType() {
        return wireType;
    }

    /** The number of the field just read by {@link #nextField()}. */
    public int fieldNumber() {
        return fieldNumber;
    }

    /** The bytes of the field just read, tag included: what a rewriter copies when it keeps a field unchanged. */
    public MemorySegment fieldBytes() {
        return data.asSlice(fieldStart, position - fieldStart);
    }

    /** Offset in the file of the current position. */
    public long offset() {
        return offsetInFile + position;
    }

    public String source() {
        return source;
    }

    public long varint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position >= data.byteSize()) {
                throw corrupt(position, "the message ends inside a varint");
            }
            byte b = data.get(ValueLayout.JAVA_BYTE, position++);
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw corrupt(position, "a varint is longer than 10 bytes");
    }

    public int fixed32() {
        require(4);
        int value = data.get(I32, position);
        position += 4;
        return value;
    }

    public long fixed64() {
        require(8);
        long value = data.get(I64, position);
        position += 8;
        return value;
    }

    /** A length-delimited value as a slice of the message. */
    public MemorySegment bytes() {
        long length = varint();
        if (length < 0 || length > data.byteSize() - position) {
            throw corrupt(position, "a length of " + length + " bytes runs past the end of its message ("
                    + (data.byteSize() - position) + " bytes left)");
        }
        MemorySegment slice = data.asSlice(position, length);
        position += length;
        return slice;
    }

    /** A length-delimited value read as an embedded message. */
    public ProtoReader message() {
        MemorySegment slice = bytes();
        return new ProtoReader(slice, offsetInFile + position - slice.byteSize(), source);
    }

    /** A UTF-8 string of at most {@code maxBytes}. */
    public String string(long maxBytes) {
        long at = offset();
        MemorySegment slice = bytes();
        if (slice.byteSize() > maxBytes) {
            throw new CorruptModelException(source + " offset " + at + ": a string of " + slice.byteSize()
                    + " bytes is over the limit maxStringBytes = " + maxBytes + ".");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(slice.asByteBuffer()).toString();
        } catch (CharacterCodingException e) {
            throw corrupt(at - offsetInFile, "a string is not valid UTF-8");
        }
    }

    /** Skips the value of the field just read. */
    public void skip() {
        switch (wireType) {
            case VARINT -> varint();
            case FIXED64 -> fixed64();
            case LENGTH_DELIMITED -> bytes();
            case FIXED32 -> fixed32();
            default -> throw new IllegalStateException("no field read yet");
        }
    }

    /**
     * Reads a repeated varint field whichever way it was written: one value (unpacked) or a packed run. ONNX writers
     * leave {@code dims} unpacked and pack the data fields, and proto2 parsers accept both.
     */
    public void varints(LongConsumer sink) {
        if (wireType == VARINT) {
            sink.accept(varint());
            return;
        }
        expect(LENGTH_DELIMITED);
        ProtoReader packed = message();
        while (packed.hasMore()) {
            sink.accept(packed.varint());
        }
    }

    /** Reads a repeated fixed-width field (4 or 8 bytes), packed or not, as raw little-endian bits. */
    public void fixed(int width, LongConsumer sink) {
        int single = width == 4 ? FIXED32 : FIXED64;
        if (wireType == single) {
            sink.accept(width == 4 ? fixed32() & 0xFFFF_FFFFL : fixed64());
            return;
        }
        expect(LENGTH_DELIMITED);
        ProtoReader packed = message();
        if (packed.data.byteSize() % width != 0) {
            throw corrupt(position, "a packed run of " + packed.data.byteSize() + " bytes is not a multiple of "
                    + width);
        }
        while (packed.hasMore()) {
            sink.accept(width == 4 ? packed.fixed32() & 0xFFFF_FFFFL : packed.fixed64());
        }
    }

    /** How many values a repeated field holds in this occurrence, without decoding them (for limit checks). */
    public long countAhead(int width) {
        if (wireType != LENGTH_DELIMITED) {
            return 1;
        }
        long save = position;
        MemorySegment packed = bytes();
        position = save;
        if (width > 0) {
            return packed.byteSize() / width;
        }
        long count = 0;
        for (long i = 0; i < packed.byteSize(); i++) {
            if (packed.get(ValueLayout.JAVA_BYTE, i) >= 0) {
                count++;
            }
        }
        return count;
    }

    public void expect(int expectedWireType) {
        if (wireType != expectedWireType) {
            throw corrupt(fieldStart, "wire type " + wireType + " where " + expectedWireType + " was expected");
        }
    }

    private void require(long bytes) {
        if (data.byteSize() - position < bytes) {
            throw corrupt(position, "the message ends inside a " + bytes + "-byte value");
        }
    }

    private CorruptModelException corrupt(long positionInMessage, String what) {
        return new CorruptModelException(source + " offset " + (offsetInFile + positionInMessage) + ": " + what
                + "; the file is not a valid ONNX protobuf or is truncated.");
    }
}
