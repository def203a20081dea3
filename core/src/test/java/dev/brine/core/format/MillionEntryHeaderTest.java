package dev.brine.core.format;

import dev.brine.core.Models;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A safetensors header of a million entries, within the header byte limit, opens in a small heap: the header is
 * read member by member into small records, never as one JSON tree. Run in a child JVM of 512 MB, as a user with a
 * small heap would.
 */
class MillionEntryHeaderTest {
    private static final int ENTRIES = 1_000_000;

    @TempDir
    Path directory;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aMillionEntriesFitAFiveHundredMegabyteHeap() throws Exception {
        Path file = directory.resolve("million.safetensors");
        writeMillionEntries(file);
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                Probe.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(2, TimeUnit.MINUTES), output);
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("tensors " + ENTRIES), output);
    }

    /** Zero-byte tensors all at offset 0: the smallest valid entries, about 55 bytes each. */
    private static void writeMillionEntries(Path file) throws IOException {
        StringBuilder header = new StringBuilder(ENTRIES * 56).append('{');
        for (int i = 0; i < ENTRIES; i++) {
            header.append(i == 0 ? "" : ",").append(String.format("\"t%07d\"", i))
                    .append(":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,0]}");
        }
        header.append('}');
        while ((header.length() + 8) % 8 != 0) {
            header.append(' ');
        }
        byte[] json = header.toString().getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
            out.write(json);
        }
    }

    /** The child: verifies the file (opens it, reads the whole header) and prints the tensor count. */
    public static final class Probe {
        public static void main(String[] args) {
            VerifyReport report = Models.verify(Path.of(args[0]));
            System.out.println("tensors " + report.tensorsChecked());
            System.out.println("heap used " + (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()));
        }
    }
}
