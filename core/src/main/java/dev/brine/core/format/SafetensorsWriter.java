package dev.brine.core.format;

import dev.brine.core.io.AtomicFile;
import dev.brine.core.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.function.Function;

/**
 * Writes safetensors files atomically and streaming: tensors go to a temporary file one at a time, straight from
 * their segments (no copy of the model on the heap), then the file is fsynced and renamed over the target.
 *
 * <p>The header comes first but holds the SHA-256 of every tensor, which is known only after the tensors are
 * written. Digests have a fixed length, so the header is written with placeholders, the tensors are hashed while
 * they are written (on another thread, see {@link TensorHasher}), and the header is rewritten in place with the
 * real digests: one pass over the data.
 */
public final class SafetensorsWriter {
    /** A digest that cannot be mistaken for a real one; same length as a SHA-256 in hex. */
    static final String PLACEHOLDER_DIGEST = "0".repeat(64);
    private static final int WRITE_CHUNK = 8 << 20;

    private SafetensorsWriter() {
    }

    /**
     * Writes {@code tensors} in the given order to {@code target}. {@code metadata} builds the {@code __metadata__}
     * map from the tensors' SHA-256 digests (name → hex); it is called twice, first with placeholders, and must
     * produce text of the same length both times. Returns the digests.
     */
    public static Map<String, String> write(Path target, SequencedMap<String, Tensor> tensors,
                                            Function<Map<String, String>, Map<String, String>> metadata) {
        List<TensorEntry> entries = layout(tensors);
        Map<String, String> placeholders = new LinkedHashMap<>();
        tensors.keySet().forEach(name -> placeholders.put(name, PLACEHOLDER_DIGEST));
        byte[] provisional = SafetensorsHeader.encode(entries, metadata.apply(placeholders));
        try (AtomicFile file = AtomicFile.create(target)) {
            FileChannel channel = file.channel();
            writeFully(channel, lengthPrefix(provisional.length), 0);
            writeFully(channel, ByteBuffer.wrap(provisional), 8);
            long dataStart = 8 + provisional.length;
            Map<String, String> digests = TensorHasher.hashWhile(tensors, () -> writeData(channel, tensors, dataStart));
            byte[] header = SafetensorsHeader.encode(entries, metadata.apply(digests));
            if (header.length != provisional.length) {
                throw new IllegalStateException("metadata changed length between placeholder and real digests ("
                        + provisional.length + " → " + header.length + " bytes)");
            }
            writeFully(channel, ByteBuffer.wrap(header), 8);
            file.commit();
            return digests;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static void writeData(FileChannel channel, SequencedMap<String, Tensor> tensors, long dataStart)
            throws IOException {
        long position = dataStart;
        for (Tensor tensor : tensors.values()) {
            MemorySegment bytes = tensor.data();
            for (long offset = 0; offset < bytes.byteSize(); offset += WRITE_CHUNK) {
                ByteBuffer chunk = bytes.asSlice(offset, Math.min(WRITE_CHUNK, bytes.byteSize() - offset))
                        .asByteBuffer();
                position += writeFully(channel, chunk, position);
            }
        }
    }

    /** Writes a plain safetensors file (no manifest) with the given metadata. */
    public static Map<String, String> write(Path target, SequencedMap<String, Tensor> tensors,
                                            Map<String, String> metadata) {
        return write(target, tensors, digests -> metadata);
    }

    private static List<TensorEntry> layout(SequencedMap<String, Tensor> tensors) {
        List<TensorEntry> entries = new ArrayList<>(tensors.size());
        long offset = 0;
        for (Map.Entry<String, Tensor> tensor : tensors.entrySet()) {
            if (tensor.getKey().equals(SafetensorsHeader.METADATA_KEY)) {
                throw new IllegalArgumentException("\"__metadata__\" is reserved and cannot name a tensor");
            }
            Tensor value = tensor.getValue();
            long end = offset + value.byteSize();
            entries.add(new TensorEntry(tensor.getKey(), value.dtype(), value.shape(), offset, end));
            offset = end;
        }
        return entries;
    }

    private static ByteBuffer lengthPrefix(long headerLength) {
        return ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0, headerLength);
    }

    private static int writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        int written = 0;
        while (buffer.hasRemaining()) {
            written += channel.write(buffer, position + written);
        }
        return written;
    }
}
