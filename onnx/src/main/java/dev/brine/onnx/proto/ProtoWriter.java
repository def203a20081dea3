package dev.brine.onnx.proto;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds one protobuf message as a list of pieces: small fields are encoded into a buffer, large byte values (tensor
 * data, copied fields, embedded messages) are kept by reference. An embedded message is written as its tag, its
 * length and its pieces, so tensor bytes are copied once, when the whole message is finally laid out by
 * {@link #toSegment}.
 */
public final class ProtoWriter {
    private final List<MemorySegment> pieces = new ArrayList<>();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private long size;

    public long size() {
        return size + pending.size();
    }

    public ProtoWriter varint(int field, long value) {
        tag(field, ProtoReader.VARINT);
        rawVarint(value);
        return this;
    }

    public ProtoWriter fixed32(int field, int bits) {
        tag(field, ProtoReader.FIXED32);
        for (int i = 0; i < 4; i++) {
            pending.write(bits >>> (8 * i));
        }
        return this;
    }

    public ProtoWriter floatValue(int field, float value) {
        return fixed32(field, Float.floatToRawIntBits(value));
    }

    public ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    public ProtoWriter bytes(int field, byte[] value) {
        tag(field, ProtoReader.LENGTH_DELIMITED);
        rawVarint(value.length);
        pending.writeBytes(value);
        return this;
    }

    /** A length-delimited field whose bytes are kept by reference until {@link #toSegment}. */
    public ProtoWriter bytes(int field, MemorySegment value) {
        tag(field, ProtoReader.LENGTH_DELIMITED);
        rawVarint(value.byteSize());
        append(value);
        return this;
    }

    public ProtoWriter message(int field, ProtoWriter message) {
        tag(field, ProtoReader.LENGTH_DELIMITED);
        rawVarint(message.size());
        message.flush();
        for (MemorySegment piece : message.pieces) {
            append(piece);
        }
        return this;
    }

    /** Packed repeated int64 (or any varint) field. */
    public ProtoWriter packedVarints(int field, long[] values) {
        ProtoWriter packed = new ProtoWriter();
        for (long value : values) {
            packed.rawVarint(value);
        }
        return bytes(field, packed.toBytes());
    }

    /** Packed repeated float field. */
    public ProtoWriter packedFloats(int field, float[] values) {
        ProtoWriter packed = new ProtoWriter();
        for (float value : values) {
            int bits = Float.floatToRawIntBits(value);
            for (int i = 0; i < 4; i++) {
                packed.pending.write(bits >>> (8 * i));
            }
        }
        return bytes(field, packed.toBytes());
    }

    /** Appends bytes that are already an encoded field (tag included), e.g. a field copied from another message. */
    public ProtoWriter raw(MemorySegment encodedField) {
        append(encodedField);
        return this;
    }

    /** The message laid out in one segment of {@code arena}. */
    public MemorySegment toSegment(Arena arena) {
        flush();
        MemorySegment out = arena.allocate(Math.max(1, size)).asSlice(0, size);
        long at = 0;
        for (MemorySegment piece : pieces) {
            MemorySegment.copy(piece, 0, out, at, piece.byteSize());
            at += piece.byteSize();
        }
        return out;
    }

    public byte[] toBytes() {
        flush();
        byte[] out = new byte[Math.toIntExact(size)];
        int at = 0;
        for (MemorySegment piece : pieces) {
            MemorySegment.copy(piece, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, out, at, (int) piece.byteSize());
            at += (int) piece.byteSize();
        }
        return out;
    }

    private void tag(int field, int wireType) {
        rawVarint(((long) field << 3) | wireType);
    }

    private void rawVarint(long value) {
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            pending.write((int) ((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        pending.write((int) rest);
    }

    private void append(MemorySegment piece) {
        flush();
        pieces.add(piece);
        size += piece.byteSize();
    }

    private void flush() {
        if (pending.size() > 0) {
            pieces.add(MemorySegment.ofArray(pending.toByteArray()));
            size += pending.size();
            pending.reset();
        }
    }
}
