package dev.brine.cli;

import java.io.PrintWriter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Prints what Brine's libraries log as warnings (such as a model loaded with {@code --no-verify}) as one line on
 * the command's error stream, {@code brine: warning: …}, instead of the JDK's two-line log format.
 */
final class Warnings {
    /** Held here: the JDK keeps loggers only weakly, and a collected logger would lose its handler. */
    private static final Logger BRINE = Logger.getLogger("dev.brine");

    private Warnings() {
    }

    /** Sends warnings to {@code err} for the commands run from now on. */
    static synchronized void printTo(PrintWriter err) {
        for (Handler previous : BRINE.getHandlers()) {
            BRINE.removeHandler(previous);
        }
        BRINE.setUseParentHandlers(false);
        BRINE.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    err.println("brine: warning: " + record.getMessage());
                    err.flush();
                }
            }

            @Override
            public void flush() {
                err.flush();
            }

            @Override
            public void close() {
                // The stream belongs to the caller.
            }
        });
    }
}
