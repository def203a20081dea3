package dev.brine.server;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes an inference response: JSON with row-major {@code data}, or, when any output asks for binary data, the
 * JSON header followed by those outputs' raw little-endian bytes ({@code parameters.binary_data_size} says how
 * many; the header's own length goes into {@code Inference-Header-Content-Length}).
 */
final class InferResponseWriter {

    /** The body, and the JSON header's length when binary data follows it (-1 otherwise). */
    record Encoded(byte[] body, int jsonHeaderLength) {
    }

    private InferResponseWriter() {
    }

    static Encoded write(InferResponse response) {
        ByteArrayOutputStream binary = new ByteArrayOutputStream();
        ByteArrayOutputStream json = new ByteArrayOutputStream(256);
        try (JsonGenerator out = RequestJson.FACTORY.createGenerator(json)) {
            out.writeStartObject();
            out.writeStringField("model_name", response.modelName());
            out.writeStringField("model_version", response.modelVersion());
            if (response.id().isPresent()) {
                out.writeStringField("id", response.id().get());
            }
            out.writeArrayFieldStart("outputs");
            for (InferResponse.Output output : response.outputs()) {
                writeOutput(out, output, binary);
            }
            out.writeEndArray();
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (response.outputs().stream().noneMatch(InferResponse.Output::binary)) {
            return new Encoded(json.toByteArray(), -1);
        }
        int headerLength = json.size();
        json.writeBytes(binary.toByteArray());
        return new Encoded(json.toByteArray(), headerLength);
    }

    private static void writeOutput(JsonGenerator out, InferResponse.Output output, ByteArrayOutputStream binary)
            throws IOException {
        out.writeStartObject();
        out.writeStringField("name", output.name());
        out.writeStringField("datatype", output.datatype().name());
        out.writeArrayFieldStart("shape");
        for (long dim : output.shape()) {
            out.writeNumber(dim);
        }
        out.writeEndArray();
        if (output.binary()) {
            byte[] bytes = binaryData(output);
            out.writeObjectFieldStart("parameters");
            out.writeNumberField("binary_data_size", bytes.length);
            out.writeEndObject();
            binary.write(bytes);
        } else {
            out.writeArrayFieldStart("data");
            if (output.datatype() == Datatype.BYTES) {
                for (String value : output.strings()) {
                    out.writeString(value);
                }
            } else {
                writeNumbers(out, output.tensor());
            }
            out.writeEndArray();
        }
        out.writeEndObject();
    }

    /** Shortest decimal that reads back to the same value, per dtype; non-finite floats as "NaN", "Infinity". */
    static void writeNumbers(JsonGenerator out, Tensor tensor) throws IOException {
        long count = tensor.numElements();
        DType dtype = tensor.dtype();
        for (long i = 0; i < count; i++) {
            switch (dtype.kind()) {
                case FLOAT -> {
                    if (dtype == DType.F64) {
                        out.writeNumber(tensor.getDouble(i));
                    } else {
                        out.writeNumber(tensor.getFloat(i));
                    }
                }
                case SIGNED -> out.writeNumber(tensor.getLong(i));
                case UNSIGNED -> {
                    long value = tensor.getLong(i);
                    if (value < 0) {
                        out.writeNumber(Long.toUnsignedString(value));
                    } else {
                        out.writeNumber(value);
                    }
                }
                case BOOL -> out.writeBoolean(tensor.getLong(i) != 0);
            }
        }
    }

    private static byte[] binaryData(InferResponse.Output output) {
        if (output.datatype() != Datatype.BYTES) {
            return output.tensor().data().toArray(ValueLayout.JAVA_BYTE);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String value : output.strings()) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            bytes.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(utf8.length).array());
            bytes.writeBytes(utf8);
        }
        return bytes.toByteArray();
    }
}
