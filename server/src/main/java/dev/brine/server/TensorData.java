package dev.brine.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Shape;
import dev.brine.core.tensor.Tensor;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a tensor's {@code data} (a flat or nested JSON array, row-major, or its bytes from the binary tensor
 * extension) straight into tensor memory. The element count is checked against what the body can hold before
 * anything is allocated, and every value against its datatype's range.
 */
final class TensorData {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 =
            ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private TensorData() {
    }

    /**
     * Reads the JSON value starting at the parser's next token. {@code bodyBytes} bounds the element count: every
     * JSON value takes at least one byte, so a shape that declares more is refused before allocating.
     */
    static InferRequest.Payload fromJson(JsonParser parser, String input, Datatype datatype, long[] shape,
                                         long bodyBytes) {
        long count = elementCount(input, shape);
        if (count > bodyBytes) {
            throw HttpError.badRequest("input '" + input + "': shape " + java.util.Arrays.toString(shape)
                    + " declares " + count + " values, more than the " + bodyBytes + "-byte body can hold");
        }
        Sink sink = datatype == Datatype.BYTES ? new StringSink((int) count)
                : new NumberSink(Tensor.zeros(datatype.dtype().orElseThrow(), shape), datatype);
        JsonToken first = RequestJson.next(parser);
        long filled;
        try {
            filled = first == JsonToken.START_ARRAY ? readArray(parser, input, sink, count) : readOne(parser, first,
                    input, sink, 0, count);
        } catch (IOException e) {
            throw RequestJson.malformed(e);
        }
        if (filled != count) {
            throw HttpError.badRequest("input '" + input + "': data has " + filled + " values, shape "
                    + java.util.Arrays.toString(shape) + " needs " + count);
        }
        return sink.payload();
    }

    private static long readArray(JsonParser parser, String input, Sink sink, long count) throws IOException {
        long index = 0;
        int depth = 1;
        while (depth > 0) {
            JsonToken token = RequestJson.next(parser);
            switch (token) {
                case START_ARRAY -> depth++;
                case END_ARRAY -> depth--;
                default -> index = readOne(parser, token, input, sink, index, count);
            }
        }
        return index;
    }

    private static long readOne(JsonParser parser, JsonToken token, String input, Sink sink, long index, long count)
            throws IOException {
        if (index >= count) {
            throw HttpError.badRequest("input '" + input + "': data has more than the " + count
                    + " values its shape needs" + RequestJson.at(parser));
        }
        sink.accept(parser, token, input, index);
        return index + 1;
    }

    /** Takes a tensor's bytes from the binary section: raw little-endian elements, or length-prefixed strings. */
    static InferRequest.Payload fromBinary(byte[] body, int offset, int size, String input, Datatype datatype,
                                           long[] shape) {
        long count = elementCount(input, shape);
        MemorySegment source = MemorySegment.ofArray(body).asSlice(offset, size);
        if (datatype == Datatype.BYTES) {
            return binaryStrings(source, input, count);
        }
        DType dtype = datatype.dtype().orElseThrow();
        long expected = count > size ? -1 : count * dtype.byteSize();
        if (expected != size) {
            throw HttpError.badRequest("input '" + input + "': binary_data_size is " + size + " bytes, a " + datatype
                    + " tensor of shape " + java.util.Arrays.toString(shape) + " takes "
                    + (expected < 0 ? "more" : expected));
        }
        Tensor tensor = Tensor.zeros(dtype, shape);
        MemorySegment.copy(source, 0, tensor.data(), 0, size);
        return new InferRequest.Numbers(tensor);
    }

    private static InferRequest.Payload binaryStrings(MemorySegment source, String input, long count) {
        List<byte[]> values = new ArrayList<>();
        long position = 0;
        while (position < source.byteSize()) {
            if (position + 4 > source.byteSize()) {
                throw HttpError.badRequest("input '" + input + "': BYTES element " + values.size()
                        + " is cut off in its 4-byte length");
            }
            int length = source.get(I32, position);
            position += 4;
            if (length < 0 || length > source.byteSize() - position) {
                throw HttpError.badRequest("input '" + input + "': BYTES element " + values.size() + " declares "
                        + Integer.toUnsignedString(length) + " bytes, only " + (source.byteSize() - position)
                        + " remain");
            }
            values.add(source.asSlice(position, length).toArray(ValueLayout.JAVA_BYTE));
            position += length;
        }
        if (values.size() != count) {
            throw HttpError.badRequest("input '" + input + "': binary data holds " + values.size()
                    + " BYTES elements, the shape needs " + count);
        }
        return new InferRequest.Strings(values);
    }

    static long elementCount(String input, long[] shape) {
        try {
            return Shape.of(shape).numElements();
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw HttpError.badRequest("input '" + input + "': shape " + java.util.Arrays.toString(shape)
                    + " is not a valid shape (dimensions are non-negative, their product fits in 64 bits)");
        }
    }

    private sealed interface Sink permits NumberSink, StringSink {
        void accept(JsonParser parser, JsonToken token, String input, long index) throws IOException;

        InferRequest.Payload payload();
    }

    private record NumberSink(Tensor tensor, Datatype datatype) implements Sink {
        @Override
        public void accept(JsonParser parser, JsonToken token, String input, long index) throws IOException {
            MemorySegment data = tensor.data();
            switch (datatype) {
                case FP32 -> {
                    float value = (float) finite(parser, token, input, index);
                    if (Float.isInfinite(value)) {
                        throw outOfRange(parser, input, index, parser.getText());
                    }
                    data.setAtIndex(F32, index, value);
                }
                case FP64 -> data.setAtIndex(F64, index, finite(parser, token, input, index));
                case FP16, BF16 -> {
                    tensor.setDouble(index, finite(parser, token, input, index));
                    if (Double.isInfinite(tensor.getDouble(index))) {
                        throw outOfRange(parser, input, index, parser.getText());
                    }
                }
                case BOOL -> {
                    if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
                        throw wrongValue(parser, token, input, index, "true or false");
                    }
                    tensor.setLong(index, token == JsonToken.VALUE_TRUE ? 1 : 0);
                }
                case BYTES -> throw new IllegalStateException("BYTES go to a StringSink");
                default -> tensor.setLong(index, integer(parser, token, input, index));
            }
        }

        /**
         * The value of a floating-point datatype, refused when it is beyond the datatype's largest finite value
         * ({@code 1e999} for any of them, {@code 1e39} for FP32, {@code 70000} for FP16): JSON has no infinities,
         * so a number that would round to one is out of range, not a way to send one.
         */
        private double finite(JsonParser parser, JsonToken token, String input, long index) throws IOException {
            if (token != JsonToken.VALUE_NUMBER_FLOAT && token != JsonToken.VALUE_NUMBER_INT) {
                throw wrongValue(parser, token, input, index, "a number");
            }
            double value = parser.getDoubleValue();
            if (Double.isInfinite(value)) {
                throw outOfRange(parser, input, index, parser.getText());
            }
            return value;
        }

        /** The value of an integer datatype, checked against its range (UINT64 up to 2^64 - 1). */
        private long integer(JsonParser parser, JsonToken token, String input, long index) throws IOException {
            if (token == JsonToken.VALUE_NUMBER_FLOAT && parser.getText().matches("-?[0-9]+[eE]\\+?[0-9]+")) {
                // 1e999 is an integer in JSON's eyes, and far out of every integer datatype's range.
                throw outOfRange(parser, input, index, parser.getText());
            }
            if (token != JsonToken.VALUE_NUMBER_INT) {
                throw wrongValue(parser, token, input, index, "an integer");
            }
            DType dtype = tensor.dtype();
            if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                BigInteger value = parser.getBigIntegerValue();
                if (dtype == DType.U64 && value.signum() >= 0 && value.compareTo(U64_MAX) <= 0) {
                    return value.longValue();
                }
                throw outOfRange(parser, input, index, value.toString());
            }
            long value = parser.getLongValue();
            int bits = dtype.byteSize() * 8;
            boolean inRange = dtype.kind() == DType.Kind.UNSIGNED
                    ? value >= 0 && (bits == 64 || value < (1L << bits))
                    : bits == 64 || (value >= -(1L << (bits - 1)) && value < (1L << (bits - 1)));
            if (!inRange) {
                throw outOfRange(parser, input, index, Long.toString(value));
            }
            return value;
        }

        private HttpError outOfRange(JsonParser parser, String input, long index, String value) {
            return HttpError.badRequest("input '" + input + "': value " + value + " at index " + index
                    + " is out of range for " + datatype + RequestJson.at(parser));
        }

        private HttpError wrongValue(JsonParser parser, JsonToken token, String input, long index, String expected) {
            return HttpError.badRequest("input '" + input + "': " + datatype + " data must hold " + expected
                    + ", found " + RequestJson.describe(token) + " at index " + index + RequestJson.at(parser));
        }

        @Override
        public InferRequest.Payload payload() {
            return new InferRequest.Numbers(tensor);
        }
    }

    private record StringSink(List<byte[]> values) implements Sink {
        StringSink(int count) {
            this(new ArrayList<>(Math.min(count, 1024)));
        }

        @Override
        public void accept(JsonParser parser, JsonToken token, String input, long index) throws IOException {
            if (token != JsonToken.VALUE_STRING) {
                throw HttpError.badRequest("input '" + input + "': BYTES data must hold strings, found "
                        + RequestJson.describe(token) + " at index " + index + RequestJson.at(parser));
            }
            values.add(parser.getText().getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public InferRequest.Payload payload() {
            return new InferRequest.Strings(values);
        }
    }
}
