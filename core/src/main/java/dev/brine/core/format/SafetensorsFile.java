package dev.brine.core.format;

import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;
import dev.brine.core.LoadBudget;
import dev.brine.core.ModelNotFoundException;
import dev.brine.core.tensor.Tensor;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An open safetensors (or {@code .brine}) file: the validated header and the data buffer as one
 * {@link MemorySegment}. Opening a file maps it and reads only the header, so it costs the same for 1 MB and 100 GB;
 * each {@link #tensor} is a slice of the mapping. Reading a stream copies the data into memory once (bounded by
 * {@link Limits#maxInMemoryBytes()}).
 *
 * <p>Closing releases the mapping if this object owns its arena; tensors must not be used afterwards.
 */
public final class SafetensorsFile implements AutoCloseable {
    private final String source;
    private final Limits limits;
    private final SafetensorsHeader header;
    private final MemorySegment data;
    private final Arena ownedArena;
    private final Map<String, TensorEntry> entries = new LinkedHashMap<>();

    private SafetensorsFile(String source, Limits limits, SafetensorsHeader header, MemorySegment data,
                            Arena ownedArena) {
        this.source = source;
        this.limits = limits;
        this.header = header;
        this.data = data;
        this.ownedArena = ownedArena;
        for (TensorEntry entry : header.tensors()) {
            entries.put(entry.name(), entry);
        }
    }

    /** Maps {@code path} in a shared arena that {@link #close()} releases. */
    public static SafetensorsFile open(Path path, Limits limits) {
        Arena arena = Arena.ofShared();
        try {
            return open(path, limits, arena, arena);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    public static SafetensorsFile open(Path path) {
        return open(path, Limits.DEFAULTS);
    }

    /**
     * Maps {@code path} into {@code arena}, which the caller owns (use {@link Arena#ofAuto()} to let the mapping live
     * as long as any tensor of it is reachable).
     */
    public static SafetensorsFile open(Path path, Limits limits, Arena arena) {
        return open(path, limits, arena, null);
    }

    private static SafetensorsFile open(Path path, Limits limits, Arena arena, Arena owned) {
        String source = path.toString();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long fileBytes = channel.size();
            byte[] prefix = readFully(channel, 0, (int) Math.min(8, fileBytes));
            long headerBytes = SafetensorsHeader.readHeaderLength(prefix, fileBytes, limits, source);
            byte[] json = readFully(channel, 8, (int) headerBytes);
            SafetensorsHeader header = SafetensorsHeader.parse(json, fileBytes, limits, source);
            MemorySegment data = header.dataBytes() == 0
                    ? MemorySegment.ofArray(new byte[0])
                    : channel.map(FileChannel.MapMode.READ_ONLY, header.dataStart(), header.dataBytes(), arena);
            return new SafetensorsFile(source, limits, header, data, owned);
        } catch (NoSuchFileException e) {
            throw new ModelNotFoundException(source + ": no such file.");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
    }

    /**
     * Reads a safetensors file from a stream that cannot seek (an object store download), with the same validation:
     * exactly the declared bytes must follow the header. {@code arena} receives the data buffer.
     */
    public static SafetensorsFile read(InputStream in, String source, Limits limits, Arena arena) {
        try {
            byte[] prefix = in.readNBytes(8);
            long headerBytes = SafetensorsHeader.readHeaderLength(prefix, -1, limits, source);
            byte[] json = in.readNBytes((int) headerBytes);
            if (json.length != headerBytes) {
                throw new CorruptModelException(source + " offset 0: header length " + headerBytes + " runs past"
                        + " the end of the stream, which ends at offset " + (8 + json.length) + ": it is"
                        + " truncated.");
            }
            SafetensorsHeader header = SafetensorsHeader.parse(json, -1, limits, source);
            Limits.check(source + ": data buffer", header.dataBytes(), limits.maxInMemoryBytes(), "maxInMemoryBytes");
            LoadBudget.charge(header.dataBytes(), () -> "the data buffer read from the stream");
            MemorySegment data = arena.allocate(header.dataBytes(), 64);
            copyFully(in, data, source, header);
            if (in.read() >= 0) {
                throw new CorruptModelException(source + ": trailing bytes follow the last tensor, which ends at"
                        + " data offset " + header.dataBytes() + " (file offset " + (header.dataStart()
                        + header.dataBytes()) + "); safetensors files end with their last tensor.");
            }
            return new SafetensorsFile(source, limits, header, data, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
    }

    private static void copyFully(InputStream in, MemorySegment data, String source, SafetensorsHeader header)
            throws IOException {
        byte[] chunk = new byte[1 << 16];
        long position = 0;
        while (position < data.byteSize()) {
            int wanted = (int) Math.min(chunk.length, data.byteSize() - position);
            int read = in.read(chunk, 0, wanted);
            if (read < 0) {
                throw new CorruptModelException(source + ": the stream ends at data offset " + position + " of "
                        + header.dataBytes() + ": it is truncated.");
            }
            MemorySegment.copy(chunk, 0, data, ValueLayout.JAVA_BYTE, position, read);
            position += read;
        }
    }

    private static byte[] readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException("unexpected end of file at offset " + (position + buffer.position()));
            }
        }
        return buffer.array();
    }

    public String source() {
        return source;
    }

    /** The limits it was read with, which whatever reads on from it (the manifest, the model) keeps to. */
    public Limits limits() {
        return limits;
    }

    public SafetensorsHeader header() {
        return header;
    }

    public Map<String, String> metadata() {
        return header.metadata();
    }

    public Map<String, TensorEntry> entries() {
        return java.util.Collections.unmodifiableMap(entries);
    }

    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** The tensor called {@code name}: a slice of the mapping, not a copy. */
    public Tensor tensor(String name) {
        TensorEntry entry = entries.get(name);
        if (entry == null) {
            throw new dev.brine.core.IncompatibleModelException(source + ": no tensor \"" + name + "\"; the file has "
                    + entries.keySet() + ".");
        }
        return tensor(entry);
    }

    public Tensor tensor(TensorEntry entry) {
        return new Tensor(entry.dtype(), entry.shape(), data.asSlice(entry.begin(), entry.byteSize()));
    }

    /** All tensors in header order, as slices. */
    public Map<String, Tensor> tensors() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (TensorEntry entry : entries.values()) {
            out.put(entry.name(), tensor(entry));
        }
        return out;
    }

    /** Whether {@code path} begins like a safetensors file: a plausible header length followed by '{'. */
    public static boolean looksLikeSafetensors(byte[] head, long fileBytes) {
        if (head.length < 10) {
            return false;
        }
        long length = ByteBuffer.wrap(head, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        return length >= 2 && (fileBytes < 0 || length <= fileBytes - 8) && head[8] == '{';
    }

    @Override
    public void close() {
        if (ownedArena != null) {
            ownedArena.close();
        }
    }
}
