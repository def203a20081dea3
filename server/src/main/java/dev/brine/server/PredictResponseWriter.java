package dev.brine.server;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.brine.core.tensor.Tensor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * The convenience response: {@code {"model_name", "model_version", "predictions": […]}}, plus {@code classes} and
 * {@code probabilities} (one row per instance, columns in {@code classes} order) when asked. A classifier's
 * predictions are its class labels, written as numbers when every label is an integer (as scikit-learn returns
 * them for integer targets) and as strings otherwise.
 */
final class PredictResponseWriter {
    private PredictResponseWriter() {
    }

    static byte[] write(LiveVersion live, Tensor predictions, Optional<Tensor> probabilities) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator out = RequestJson.FACTORY.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeStringField("model_name", live.modelName());
            out.writeStringField("model_version", live.version());
            out.writeFieldName("predictions");
            if (live.classifier().isPresent()) {
                List<String> classes = live.classifier().get().classLabels();
                boolean numeric = classes.stream().allMatch(PredictResponseWriter::isInteger);
                out.writeStartArray();
                for (String label : Inference.labels(live.classifier().get(), predictions)) {
                    writeLabel(out, label, numeric);
                }
                out.writeEndArray();
                if (probabilities.isPresent()) {
                    out.writeArrayFieldStart("classes");
                    for (String label : classes) {
                        writeLabel(out, label, numeric);
                    }
                    out.writeEndArray();
                    out.writeFieldName("probabilities");
                    writeNested(out, probabilities.get());
                }
            } else {
                writeNested(out, predictions);
            }
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeLabel(JsonGenerator out, String label, boolean numeric) throws IOException {
        if (numeric) {
            out.writeNumber(label);
        } else {
            out.writeString(label);
        }
    }

    private static boolean isInteger(String label) {
        return label.matches("-?(0|[1-9][0-9]{0,17})");
    }

    /** A tensor as nested lists, one level per dimension: (n,) → [a, b], (n, k) → [[…], …]. */
    private static void writeNested(JsonGenerator out, Tensor tensor) throws IOException {
        long[] dims = tensor.shape().dims();
        if (dims.length <= 1) {
            out.writeStartArray();
            InferResponseWriter.writeNumbers(out, tensor);
            out.writeEndArray();
            return;
        }
        long rowElements = tensor.numElements() / Math.max(1, dims[0]);
        long[] rowDims = java.util.Arrays.copyOfRange(dims, 1, dims.length);
        long rowBytes = rowElements * tensor.dtype().byteSize();
        out.writeStartArray();
        for (long row = 0; row < dims[0]; row++) {
            writeNested(out, new Tensor(tensor.dtype(), dev.brine.core.tensor.Shape.of(rowDims),
                    tensor.data().asSlice(row * rowBytes, rowBytes)));
        }
        out.writeEndArray();
    }
}
