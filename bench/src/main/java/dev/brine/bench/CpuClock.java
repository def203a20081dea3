package dev.brine.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * CPU time, next to wall time: on a machine shared with other work, wall time says how long an operation took and
 * CPU time how much work it was, which tells a CPU-bound operation (hashing) from an I/O-bound one ({@code dd}).
 */
public enum CpuClock {
    /** This JVM's CPU time, all threads, user + system, via {@code getrusage(RUSAGE_SELF)} (microseconds). */
    PROCESS {
        @Override
        long now() {
            return Usage.cpuNanos(Usage.RUSAGE_SELF);
        }
    },
    /** CPU time of the child processes this JVM has waited for (the tools), via {@code getrusage(RUSAGE_CHILDREN)}. */
    CHILDREN {
        @Override
        long now() {
            return Usage.cpuNanos(Usage.RUSAGE_CHILDREN);
        }
    },
    /** Not measured (the numpy peer, whose process also spends CPU on starting Python). */
    NONE {
        @Override
        long now() {
            return -1;
        }
    };

    /** Nanoseconds of CPU time so far, or -1 if this clock is not available. */
    abstract long now();

    /** The CPU time a body took, or -1. */
    long since(long start) {
        long end = now();
        return start < 0 || end < 0 ? -1 : end - start;
    }

    /**
     * {@code getrusage} through FFM; Linux 64-bit layout ({@code struct timeval} of two longs). The JVM's own
     * {@code getProcessCpuTime} counts in 10 ms clock ticks, too coarse for a 1 ms open.
     */
    private static final class Usage {
        static final int RUSAGE_SELF = 0;
        static final int RUSAGE_CHILDREN = -1;
        /** {@code struct rusage} is 144 bytes on 64-bit Linux; the user and system times are its first 32. */
        private static final long RUSAGE_BYTES = 144;
        private static final Optional<MethodHandle> GETRUSAGE = System.getProperty("os.name", "").equals("Linux")
                ? Linker.nativeLinker().defaultLookup().find("getrusage").map(address -> Linker.nativeLinker()
                        .downcallHandle(address, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                                ValueLayout.ADDRESS)))
                : Optional.empty();

        static long cpuNanos(int who) {
            if (GETRUSAGE.isEmpty()) {
                return -1;
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment usage = arena.allocate(RUSAGE_BYTES, Long.BYTES);
                int result = (int) GETRUSAGE.get().invokeExact(who, usage);
                if (result != 0) {
                    return -1;
                }
                long userSeconds = usage.get(ValueLayout.JAVA_LONG, 0);
                long userMicros = usage.get(ValueLayout.JAVA_LONG, 8);
                long systemSeconds = usage.get(ValueLayout.JAVA_LONG, 16);
                long systemMicros = usage.get(ValueLayout.JAVA_LONG, 24);
                return (userSeconds + systemSeconds) * 1_000_000_000L + (userMicros + systemMicros) * 1_000L;
            } catch (Throwable e) {
                return -1;
            }
        }
    }
}
