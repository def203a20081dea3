package dev.brine.python.io;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A read-only channel over a memory segment (a mapped file), for libraries that read archives through a
 * {@link SeekableByteChannel} (commons-compress's {@code TarFile}) without copying the file onto the heap.
 */
public final class SegmentChannel implements SeekableByteChannel {

    private final MemorySegment data;
    private long position;
    private boolean open = true;

    public SegmentChannel(MemorySegment data) {
        this.data = data;
    }

    @Override
    public int read(ByteBuffer target) {
        if (position >= data.byteSize()) {
            return -1;
        }
        int count = (int) Math.min(target.remaining(), data.byteSize() - position);
        MemorySegment.copy(data, position, MemorySegment.ofBuffer(target), 0, count);
        target.position(target.position() + count);
        position += count;
        return count;
    }

    @Override
    public int write(ByteBuffer source) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) {
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() {
        return data.byteSize();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
