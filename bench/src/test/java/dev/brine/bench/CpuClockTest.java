package dev.brine.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.security.MessageDigest;

import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuClockTest {

    @Test
    void childCpuClockCountsTheToolsWork() {
        long before = CpuClock.CHILDREN.now();
        SystemTools.sha256sum(Path.of("/proc/self/exe")); // sha256sum hashing its own binary
        assertTrue(CpuClock.CHILDREN.since(before) > 0);
    }

    @Test
    void processCpuClockSeesAFewMillisecondsOfWork() throws Exception {
        long before = CpuClock.PROCESS.now();
        MessageDigest.getInstance("SHA-256").digest(new byte[8 << 20]); // a few ms of one core
        assertTrue(CpuClock.PROCESS.since(before) > 0, "CPU clock must resolve below the 10 ms tick");
    }
}
