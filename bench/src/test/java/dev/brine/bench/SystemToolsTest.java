package dev.brine.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The baselines must do the work the report says they do. */
class SystemToolsTest {

    @Test
    void ddWritesExactlyTheRequestedBytes(@TempDir Path directory) throws IOException {
        Path target = directory.resolve("dd.bin");
        long bytes = (9L << 20) + 3; // one full 8 MiB block and a partial one
        assertTrue(SystemTools.dd(target, bytes) > 0);
        assertEquals(bytes, Files.size(target));
    }

    @Test
    void ddCopyWritesTheSourcesBytes(@TempDir Path directory) throws IOException {
        Path source = directory.resolve("source");
        byte[] bytes = new byte[(8 << 20) + 5];
        new java.util.Random(7).nextBytes(bytes);
        Files.write(source, bytes);
        Path target = directory.resolve("copy");
        SystemTools.ddCopy(source, target);
        org.junit.jupiter.api.Assertions.assertArrayEquals(bytes, Files.readAllBytes(target));
    }

    @Test
    void aFailingToolStopsTheBenchmark(@TempDir Path directory) {
        assertThrows(IllegalStateException.class, () -> SystemTools.cat(directory.resolve("missing")));
    }

    @Test
    void channelReadCountsEveryByte(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("data");
        Files.write(file, new byte[(1 << 20) * 3 + 17]);
        assertEquals(Files.size(file), ChannelRead.readAll(file));
    }
}
