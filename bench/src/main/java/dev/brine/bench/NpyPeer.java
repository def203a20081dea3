package dev.brine.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code .npy} peer: one little-endian float32 {@code .npy} file (format version 1.0, as {@code numpy.save}
 * writes it) per tensor in a directory, written and read from Java with the minimum the format needs. Only reads
 * files this benchmark wrote, so it accepts exactly that one header form.
 */
public final class NpyPeer {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    /** numpy pads magic + length + header to a multiple of 64 bytes so the data is aligned. */
    private static final int HEADER_ALIGNMENT = 64;
    /** numpy leaves room for the first dimension to grow to this many digits, so appends can rewrite the header. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final int PREAMBLE_BYTES = MAGIC.length + 2;
    private static final int MAX_HEADER_BYTES = 4096;
    private static final Pattern HEADER = Pattern.compile(
            "\\{'descr': '<f4', 'fortran_order': False, 'shape': \\(([0-9, ]*)\\), }\\s*");
    private static final ValueLayout.OfFloat LITTLE_ENDIAN_FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED
            .withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final int CHUNK_BYTES = 8 << 20;

    private NpyPeer() {
    }

    /** Writes every tensor to {@code directory} as {@code NNN-name.npy}, each file fsynced. */
    public static void write(List<HeapTensor> tensors, Path directory) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment chunk = arena.allocate(CHUNK_BYTES, 64);
            Files.createDirectories(directory);
            for (int i = 0; i < tensors.size(); i++) {
                HeapTensor tensor = tensors.get(i);
                writeOne(tensor, directory.resolve(String.format("%03d-%s.npy", i, tensor.name())), chunk);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write .npy files to " + directory, e);
        }
    }

    private static void writeOne(HeapTensor tensor, Path target, MemorySegment chunk) throws IOException {
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(channel, ByteBuffer.wrap(header(tensor.shape())));
            float[] values = tensor.values();
            int perChunk = CHUNK_BYTES / Float.BYTES;
            for (int start = 0; start < values.length; start += perChunk) {
                int count = Math.min(perChunk, values.length - start);
                MemorySegment.copy(values, start, chunk, LITTLE_ENDIAN_FLOAT, 0, count);
                writeFully(channel, chunk.asSlice(0, (long) count * Float.BYTES).asByteBuffer());
            }
            channel.force(true);
        }
    }

    /** The header exactly as numpy 1.24 writes it (same spare space and padding), so numpy reads our files. */
    static byte[] header(long[] shape) {
        String dims = shape.length == 1 ? shape[0] + ","
                : String.join(", ", Arrays.stream(shape).mapToObj(Long::toString).toList());
        String dictionary = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }"
                + (shape.length == 0 ? "" : " ".repeat(GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length()));
        int unpadded = PREAMBLE_BYTES + dictionary.length() + 1;
        int padded = (unpadded + HEADER_ALIGNMENT - 1) / HEADER_ALIGNMENT * HEADER_ALIGNMENT;
        String text = dictionary + " ".repeat(padded - unpadded) + "\n";
        ByteBuffer out = ByteBuffer.allocate(padded).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).putShort((short) text.length()).put(text.getBytes(StandardCharsets.US_ASCII));
        return out.array();
    }

    /** Reads back every {@code .npy} file of {@code directory}, in name order. */
    public static List<HeapTensor> read(Path directory) {
        try (Stream<Path> files = Files.list(directory); Arena arena = Arena.ofConfined()) {
            MemorySegment chunk = arena.allocate(CHUNK_BYTES, 64);
            List<HeapTensor> out = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".npy")).sorted().toList()) {
                out.add(readOne(file, chunk));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read .npy files from " + directory, e);
        }
    }

    private static HeapTensor readOne(Path file, MemorySegment chunk) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer preamble = readFully(channel, ByteBuffer.allocate(PREAMBLE_BYTES));
            byte[] magic = Arrays.copyOf(preamble.array(), MAGIC.length);
            int headerBytes = Short.toUnsignedInt(preamble.order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .getShort(MAGIC.length));
            if (!Arrays.equals(magic, MAGIC) || headerBytes > MAX_HEADER_BYTES) {
                throw new IllegalStateException(file + " is not a version 1.0 .npy file written by this benchmark");
            }
            String text = StandardCharsets.US_ASCII.decode(readFully(channel, ByteBuffer.allocate(headerBytes))
                    .flip()).toString();
            Matcher matcher = HEADER.matcher(text);
            if (!matcher.matches()) {
                throw new IllegalStateException(file + ": unexpected .npy header " + text.strip());
            }
            long[] shape = Arrays.stream(matcher.group(1).split(",")).map(String::strip).filter(s -> !s.isEmpty())
                    .mapToLong(Long::parseLong).toArray();
            long count = Arrays.stream(shape).reduce(1, Math::multiplyExact);
            long dataBytes = channel.size() - PREAMBLE_BYTES - headerBytes;
            if (count > Integer.MAX_VALUE - 8 || dataBytes != count * Float.BYTES) {
                throw new IllegalStateException(file + ": shape " + Arrays.toString(shape) + " does not match its "
                        + dataBytes + " data bytes");
            }
            float[] values = new float[(int) count];
            int perChunk = CHUNK_BYTES / Float.BYTES;
            for (int start = 0; start < values.length; start += perChunk) {
                int length = Math.min(perChunk, values.length - start);
                readFully(channel, chunk.asSlice(0, (long) length * Float.BYTES).asByteBuffer());
                MemorySegment.copy(chunk, LITTLE_ENDIAN_FLOAT, 0, values, start, length);
            }
            String name = file.getFileName().toString().replaceFirst("^[0-9]+-", "").replaceFirst("\\.npy$", "");
            return new HeapTensor(name, shape, values);
        }
    }

    private static ByteBuffer readFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException("unexpected end of file");
            }
        }
        return buffer;
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
