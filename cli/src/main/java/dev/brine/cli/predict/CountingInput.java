package dev.brine.cli.predict;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** An input stream that counts the bytes read, so progress can be shown as a fraction of the file. */
final class CountingInput extends FilterInputStream {
    private final long total;
    private volatile long read;

    /** {@code total}: the file's size, or -1 when unknown (standard input). */
    CountingInput(InputStream in, long total) {
        super(in);
        this.total = total;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) read++;
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) read += n;
        return n;
    }

    /** The fraction read, or -1 when the size is unknown. */
    double fraction() {
        return total <= 0 ? -1 : Math.min(1.0, (double) read / total);
    }
}
