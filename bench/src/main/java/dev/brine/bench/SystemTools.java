package dev.brine.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine's own limits, measured with the tools everyone trusts: {@code cat} for sequential reading,
 * {@code dd … conv=fdatasync} for durable writing, {@code sha256sum} for hashing. Each call returns the wall time in
 * nanoseconds from process start to exit, so it includes starting the process ({@link #spawnOverhead()}), which
 * matters only for small files.
 */
public final class SystemTools {
    private SystemTools() {
    }

    /** {@code cat FILE > /dev/null}. */
    public static long cat(Path file) {
        return run(List.of("cat", file.toString()));
    }

    /**
     * {@code dd if=/dev/zero of=TARGET bs=8M count=BYTES iflag=count_bytes conv=fdatasync}: exactly {@code bytes}
     * bytes in 8 MiB blocks, flushed to the device before dd exits.
     */
    public static long dd(Path target, long bytes) {
        return run(ddCommand(target, bytes));
    }

    static List<String> ddCommand(Path target, long bytes) {
        return List.of("dd", "if=/dev/zero", "of=" + target, "bs=8M", "count=" + bytes, "iflag=count_bytes",
                "conv=fdatasync", "status=none");
    }

    /**
     * {@code dd if=SOURCE of=TARGET bs=8M conv=fdatasync}: the same durable write, of the source's own bytes. Some
     * storage writes zeros faster than other data (a virtual disk that detects zero blocks, a compressing file
     * system); with the source in the page cache this is the limit for writing incompressible bytes.
     */
    public static long ddCopy(Path source, Path target) {
        return run(List.of("dd", "if=" + source, "of=" + target, "bs=8M", "conv=fdatasync", "status=none"));
    }

    /** {@code sha256sum FILE > /dev/null}. */
    public static long sha256sum(Path file) {
        return run(List.of("sha256sum", file.toString()));
    }

    /** Starting and reaping a process that does nothing ({@code true}): the floor of every tool measurement. */
    public static long spawnOverhead() {
        return run(List.of("true"));
    }

    /** Writes back dirty pages ({@code sync}) so one measurement's write-back does not land in the next. */
    public static void sync() {
        run(List.of("sync"));
    }

    private static long run(List<String> command) {
        try {
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            int exit = process.waitFor();
            long elapsed = System.nanoTime() - start;
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + exit);
            }
            return elapsed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.getFirst(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.getFirst(), e);
        }
    }
}
