package dev.brine.core.format;

import dev.brine.core.Limits;
import dev.brine.core.tensor.Shape;
import dev.brine.core.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A file over 2 GiB with one tensor over 2 GiB, and a tensor that starts beyond 2^31 bytes, is opened mapped and
 * read at elements on both sides of 2^31 bytes. The file is built sparse (header, a few values, the rest holes),
 * so it takes no time and almost no disk; it lives in {@code java.io.tmpdir} and is deleted afterwards. Skip with
 * {@code -Dbrine.skipLarge=true}.
 */
@Tag("large")
@DisabledIfSystemProperty(named = "brine.skipLarge", matches = "true")
class LargeFileTest {
    private static final long NEEDED_FREE_BYTES = 8L << 30;
    /** F32 elements of the large tensor: 2^31 + 4 MiB of bytes. */
    private static final long ELEMENTS = ((1L << 31) + (4 << 20)) / 4;
    /** Elements whose bytes lie below, across and above 2^31 bytes, and the last. */
    private static final long[] PROBES = {0, (1L << 29) - 1, 1L << 29, (1L << 29) + 12_345, ELEMENTS - 1};
    /** The large tensor follows an 8-byte one; the 16-byte one after it starts beyond 2^31. */
    private static final long LARGE_BEGIN = 8;
    private static final long AFTER_BEGIN = LARGE_BEGIN + ELEMENTS * 4;

    @Test
    void aTensorOver2GiBIsReadMappedOnBothSidesOf2To31Bytes() throws IOException {
        Path temporaryDirectory = Path.of(System.getProperty("java.io.tmpdir"));
        long free = Files.getFileStore(temporaryDirectory).getUsableSpace();
        assumeTrue(free >= NEEDED_FREE_BYTES, "skipped: the large-file test wants 8 GB free in "
                + temporaryDirectory + ", which has " + (free >> 20) + " MB");
        Path file = Files.createTempFile(temporaryDirectory, "brine-large-", ".safetensors");
        try {
            long dataStart = writeSparse(file);
            assertTrue(Files.size(file) > 1L << 31);
            try (SafetensorsFile read = SafetensorsFile.open(file, Limits.DEFAULTS)) {
                assertEquals(dataStart, read.header().dataStart());
                Tensor large = read.tensor("large");
                assertEquals(Shape.of(ELEMENTS), large.shape());
                assertTrue(large.byteSize() > Integer.MAX_VALUE);
                for (long index : PROBES) {
                    assertEquals(probeValue(index), large.getFloat(index), "element " + index);
                }
                assertEquals(0f, large.getFloat(ELEMENTS / 2 + 7), "a hole reads as zeros");
                assertEquals(AFTER_BEGIN, read.entries().get("after").begin());
                assertEquals(-1.5, read.tensor("after").getDouble(0));
                assertEquals(42.0, read.tensor("after").getDouble(1));
                assertEquals(7L, read.tensor("before").getLong(0));
            }
            VerifyReport structure = Verifier.verify(file, Limits.DEFAULTS);
            assertTrue(structure.intact(), structure.toString());
            assertEquals(AFTER_BEGIN + 16, structure.bytesChecked());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Writes the header and the non-zero values; every other data byte is a hole. Returns the data start. */
    private static long writeSparse(Path file) throws IOException {
        String json = "{\"before\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0," + LARGE_BEGIN + "]},"
                + "\"large\":{\"dtype\":\"F32\",\"shape\":[" + ELEMENTS + "],\"data_offsets\":[" + LARGE_BEGIN + ","
                + AFTER_BEGIN + "]},"
                + "\"after\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[" + AFTER_BEGIN + ","
                + (AFTER_BEGIN + 16) + "]}}";
        byte[] header = (json + " ".repeat((8 - json.length() % 8) % 8)).getBytes(StandardCharsets.US_ASCII);
        long dataStart = 8 + header.length;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.SPARSE)) {
            channel.write(littleEndian(8).putLong(header.length).flip(), 0);
            channel.write(ByteBuffer.wrap(header), 8);
            channel.write(littleEndian(8).putLong(7).flip(), dataStart);
            for (long index : PROBES) {
                channel.write(littleEndian(4).putFloat(probeValue(index)).flip(), dataStart + LARGE_BEGIN + index * 4);
            }
            channel.write(littleEndian(16).putDouble(-1.5).putDouble(42).flip(), dataStart + AFTER_BEGIN);
        }
        return dataStart;
    }

    private static ByteBuffer littleEndian(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static float probeValue(long index) {
        return index * 0.5f + 1;
    }
}
