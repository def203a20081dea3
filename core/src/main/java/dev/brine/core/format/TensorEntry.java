package dev.brine.core.format;

import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Shape;

/**
 * One tensor as a safetensors header describes it: its bytes are {@code [begin, end)} relative to the start of the
 * data buffer.
 */
public record TensorEntry(String name, DType dtype, Shape shape, long begin, long end) {

    public long byteSize() {
        return end - begin;
    }
}
