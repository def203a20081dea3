package dev.brine.cli.predict;

import dev.brine.core.io.AtomicFile;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where predictions go: a file, written atomically (a failed run leaves the previous file or none, never half an
 * output), or standard output ({@code -}).
 */
final class Destination implements AutoCloseable {
    private final String name;
    private final AtomicFile file;
    private final PrintWriter standardText;
    private OutputStream stream;

    private Destination(String name, AtomicFile file, PrintWriter standardText) {
        this.name = name;
        this.file = file;
        this.standardText = standardText;
    }

    /** {@code standardText}: the command's standard output, for text written to {@code -}. */
    static Destination of(String name, PrintWriter standardText) {
        if (name.equals("-")) {
            return new Destination(name, null, standardText);
        }
        try {
            return new Destination(name, AtomicFile.create(Path.of(name)), null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name, e);
        }
    }

    boolean isStandardOutput() {
        return file == null;
    }

    String name() {
        return isStandardOutput() ? "standard output" : name;
    }

    /** Bytes (arrays); to standard output they go to the process's own stream. */
    OutputStream bytes() {
        if (stream == null) {
            OutputStream target = file != null ? Channels.newOutputStream(file.channel())
                    : new FilterOutputStream(System.out) {
                        @Override
                        public void close() throws IOException {
                            flush();   // never close the process's standard output
                        }
                    };
            stream = new BufferedOutputStream(target, 1 << 16);
        }
        return stream;
    }

    /** Text (CSV, JSON Lines) in UTF-8. */
    Writer text() {
        if (file == null) {
            return standardText;
        }
        return new OutputStreamWriter(bytes(), StandardCharsets.UTF_8);
    }

    /** Puts a file in place once everything is written. */
    void commit() {
        try {
            if (stream != null) {
                stream.flush();
            }
            if (file != null) {
                file.commit();
            } else {
                standardText.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name, e);
        }
    }

    @Override
    public void close() {
        try {
            if (file != null) {
                file.close();   // deletes the temporary file unless committed
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + name, e);
        }
    }
}
