package dev.brine.cli.predict;

import java.io.PrintWriter;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

/**
 * A progress bar on standard error for runs that take more than a second, drawn only when standard error is a
 * terminal (never into a log or a pipe), and the rate at the end.
 */
final class Progress {
    private static final long SHOW_AFTER_NANOS = 1_000_000_000L;
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    Progress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /** Whether this process's standard error is a terminal ({@code isatty(2)}; false where that cannot be asked). */
    static boolean standardErrorIsTerminal() {
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle isatty = linker.downcallHandle(linker.defaultLookup().find("isatty").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            return (int) isatty.invokeExact(2) == 1;
        } catch (Throwable e) {
            return false;
        }
    }

    /** After each batch: {@code fraction} of the input read (-1 when unknown). */
    void update(long rows, double fraction) {
        long now = System.nanoTime();
        if (!terminal || now - start < SHOW_AFTER_NANOS || now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        drawn = true;
        StringBuilder line = new StringBuilder("\r");
        if (fraction >= 0) {
            int filled = (int) Math.round(fraction * WIDTH);
            line.append('[').append("#".repeat(filled)).append(" ".repeat(WIDTH - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%3.0f%% ", fraction * 100));
        }
        line.append(String.format(Locale.ROOT, "%,d rows, %,.0f rows/s ", rows, rate(rows, now)));
        err.print(line);
        err.flush();
    }

    /** Clears the bar; returns {@code N rows in T s (R rows/s)}. */
    String finish(long rows) {
        long now = System.nanoTime();
        if (drawn) {
            err.print("\r" + " ".repeat(WIDTH + 50) + "\r");
            err.flush();
        }
        return String.format(Locale.ROOT, "%,d rows in %.2f s (%,.0f rows/s)", rows, (now - start) / 1e9,
                rate(rows, now));
    }

    private double rate(long rows, long now) {
        return rows / Math.max(1e-9, (now - start) / 1e9);
    }
}
