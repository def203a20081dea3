package dev.brine.core.format;

import java.io.IOException;
import java.io.InputStream;

/**
 * A stream that hands out one byte per call, whatever the caller asks for: the slowest legal {@link InputStream},
 * the way a network socket may behave. Readers must not assume a {@code read(byte[])} fills the buffer.
 */
final class TricklingInputStream extends InputStream {
    private final InputStream in;

    TricklingInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        return in.read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int next = in.read();
        if (next < 0) {
            return -1;
        }
        buffer[offset] = (byte) next;
        return 1;
    }

    @Override
    public int available() {
        return 0;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
