package dev.brine.core.format;

import dev.brine.core.json.Json;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Compares what Brine reads with the report of the independent reader {@code tools/safetensors_read.py}: header
 * and data sizes, metadata, and each tensor's dtype, shape, offsets, SHA-256 and element values (floats as exact
 * hex text, integers as decimal).
 */
final class ReferenceReport {
    private ReferenceReport() {
    }

    static void assertMatches(Json.JsonObject report, SafetensorsFile file) {
        assertEquals(report.getLong("header_bytes"), file.header().headerBytes(), "header bytes");
        assertEquals(report.getLong("data_bytes"), file.header().dataBytes(), "data bytes");
        Map<String, String> metadata = new LinkedHashMap<>();
        report.getObject("metadata").members().forEach((key, value) ->
                metadata.put(key, ((Json.JsonString) value).value()));
        assertEquals(metadata, file.metadata());
        Json.JsonObject tensors = report.getObject("tensors");
        assertEquals(List.copyOf(tensors.members().keySet()), List.copyOf(file.entries().keySet()),
                "tensors in header order");
        tensors.members().forEach((name, value) -> assertTensor((Json.JsonObject) value, file, name));
    }

    private static void assertTensor(Json.JsonObject expected, SafetensorsFile file, String name) {
        TensorEntry entry = file.entries().get(name);
        Tensor tensor = file.tensor(name);
        assertEquals(DType.valueOf(expected.getString("dtype")), tensor.dtype(), name);
        assertArrayEquals(expected.getArray("shape").toLongArray(), tensor.shape().dims(), name);
        assertArrayEquals(expected.getArray("data_offsets").toLongArray(), new long[] {entry.begin(), entry.end()},
                name);
        assertEquals(expected.getString("sha256"), Integrity.sha256(tensor.data()), name);
        List<String> values = expected.getArray("values").toStringList();
        assertEquals(values.size(), tensor.numElements(), name);
        List<String> actual = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            actual.add(valueText(tensor, i, values.get(i)));
        }
        assertEquals(values, actual, name + " values");
    }

    /** The element as the report writes it, or the element's own text when it differs from {@code expected}. */
    private static String valueText(Tensor tensor, int index, String expected) {
        if (tensor.dtype().isFloatingPoint()) {
            double value = tensor.getDouble(index);
            return Double.compare(value, Double.parseDouble(expected)) == 0 ? expected : Double.toString(value);
        }
        long value = tensor.getLong(index);
        return tensor.dtype() == DType.U64 ? Long.toUnsignedString(value) : Long.toString(value);
    }
}
