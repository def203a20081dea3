package dev.brine.python.io;

import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;
import dev.brine.core.UnsupportedModelException;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.apache.commons.compress.compressors.lzma.LZMACompressorInputStream;
import org.tukaani.xz.XZInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * The compressions joblib writes, recognised by their magic bytes (docs/python-formats.md), and decompression into memory
 * bounded by {@link Limits#maxInMemoryBytes()}: a decompression bomb stops at the limit, not at the heap's end.
 */
public final class Decompression {

    /** A compression method and how to recognise it. */
    public enum Method {
        ZLIB, GZIP, BZIP2, LZMA, XZ, LZ4;

        InputStream open(InputStream in) throws IOException {
            return switch (this) {
                case ZLIB -> new InflaterInputStream(in);
                case GZIP -> new GZIPInputStream(in);
                case BZIP2 -> new BZip2CompressorInputStream(in, true);
                case LZMA -> new LZMACompressorInputStream(in);
                case XZ -> new XZInputStream(in);
                case LZ4 -> new FramedLZ4CompressorInputStream(in, true);
            };
        }
    }

    private static final int CHUNK = 1 << 20;

    private Decompression() {
    }

    /** The compression the bytes start with, if any. */
    public static Optional<Method> detect(byte[] head) {
        if (startsWith(head, 0x78) && head.length >= 2 && ((head[0] & 0xFF) * 256 + (head[1] & 0xFF)) % 31 == 0) {
            return Optional.of(Method.ZLIB);
        }
        if (startsWith(head, 0x1F, 0x8B)) return Optional.of(Method.GZIP);
        if (startsWith(head, 'B', 'Z', 'h')) return Optional.of(Method.BZIP2);
        if (startsWith(head, 0xFD, '7', 'z', 'X', 'Z', 0)) return Optional.of(Method.XZ);
        if (startsWith(head, 0x5D, 0, 0)) return Optional.of(Method.LZMA);
        if (startsWith(head, 0x04, 0x22, 0x4D, 0x18)) return Optional.of(Method.LZ4);
        return Optional.empty();
    }

    /** joblib 0.9 and earlier wrote "ZF" files with sidecar arrays; Brine does not read them. */
    public static boolean isLegacyJoblib(byte[] head) {
        return startsWith(head, 'Z', 'F');
    }

    private static boolean startsWith(byte[] head, int... prefix) {
        if (head.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) {
            if ((head[i] & 0xFF) != prefix[i]) return false;
        }
        return true;
    }

    /** The decompressed bytes, refusing more than {@code limits.maxInMemoryBytes()}. */
    public static MemorySegment decompress(MemorySegment compressed, Method method, String source, Limits limits) {
        List<byte[]> chunks = new ArrayList<>();
        long total = 0;
        try (InputStream in = method.open(new SegmentInputStream(compressed))) {
            while (true) {
                byte[] chunk = in.readNBytes(CHUNK);
                if (chunk.length == 0) {
                    break;
                }
                total += chunk.length;
                if (total > limits.maxInMemoryBytes()) {
                    throw new CorruptModelException(source + ": decompresses to more than " + limits.maxInMemoryBytes()
                            + " bytes (maxInMemoryBytes); refusing (possible decompression bomb). If the file is"
                            + " trusted, raise the limit.");
                }
                chunks.add(chunk);
                if (chunk.length < CHUNK) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Decoders report damaged input with IOExceptions, and some malformed inputs with runtime exceptions.
            if (e instanceof CorruptModelException corrupt) {
                throw corrupt;
            }
            throw new CorruptModelException(source + ": the " + method + " stream is damaged or truncated ("
                    + e.getMessage() + ").", e);
        }
        MemorySegment out = Arena.ofAuto().allocate(Math.max(1, total), 8).asSlice(0, total);
        long at = 0;
        for (byte[] chunk : chunks) {
            MemorySegment.copy(chunk, 0, out, ValueLayout.JAVA_BYTE, at, chunk.length);
            at += chunk.length;
        }
        return out;
    }

    /** Refuses the joblib 0.9 format with a message that says what to do. */
    public static UnsupportedModelException legacyJoblib(String source) {
        return new UnsupportedModelException(source + ": a joblib 0.9 (or earlier) \"ZF\" file with sidecar arrays;"
                + " Brine reads the single-file format of joblib 0.10 and later. Load and dump it again with a"
                + " current joblib.");
    }

    /** Reads a segment as a stream, for the decoders. */
    private static final class SegmentInputStream extends InputStream {
        private final MemorySegment data;
        private long position;

        SegmentInputStream(MemorySegment data) {
            this.data = data;
        }

        @Override
        public int read() {
            return position < data.byteSize() ? data.get(ValueLayout.JAVA_BYTE, position++) & 0xFF : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            long left = data.byteSize() - position;
            if (left <= 0) {
                return length == 0 ? 0 : -1;
            }
            int count = (int) Math.min(length, left);
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, position, buffer, offset, count);
            position += count;
            return count;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, data.byteSize() - position);
        }
    }
}
