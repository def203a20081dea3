package dev.brine.core.format;

import dev.brine.core.BrineException;
import dev.brine.core.Limits;
import dev.brine.core.json.Json;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files written by an independent writer ({@code safetensors/generate.py}, the spec as the Rust library implements
 * it) are read the same way under every {@link ReadMode}; every malformed file is refused with the exception and
 * exit code of its rule, and a message that points at the tensor or byte offset at fault.
 */
class SafetensorsFixturesTest {
    private static final Json.JsonObject EXPECTED = Fixtures.json("expected.json");
    private static final Json.JsonObject MALFORMED = Fixtures.json("malformed.json");

    static Stream<Arguments> validFiles() {
        return EXPECTED.members().keySet().stream()
                .flatMap(file -> Stream.of(ReadMode.values()).map(mode -> Arguments.of(file, mode)));
    }

    static Stream<Arguments> malformedFiles() {
        return MALFORMED.members().keySet().stream()
                .flatMap(file -> Stream.of(ReadMode.values()).map(mode -> Arguments.of(file, mode)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("validFiles")
    void readsEveryTensorAsTheIndependentWriterWroteIt(String fileName, ReadMode mode) {
        Json.JsonObject expected = EXPECTED.getObject(fileName);
        try (Arena arena = Arena.ofConfined();
             SafetensorsFile file = mode.read(Fixtures.path("valid/" + fileName), Limits.DEFAULTS, arena)) {
            assertEquals(expected.getLong("header_bytes"), file.header().headerBytes());
            assertEquals(expected.getLong("data_bytes"), file.header().dataBytes());
            Map<String, String> metadata = new LinkedHashMap<>();
            expected.getObject("metadata").members().forEach((key, value) ->
                    metadata.put(key, ((Json.JsonString) value).value()));
            assertEquals(metadata, file.metadata());
            Json.JsonObject tensors = expected.getObject("tensors");
            assertEquals(List.copyOf(tensors.members().keySet()), List.copyOf(file.entries().keySet()),
                    "tensors in header order");
            tensors.members().forEach((name, value) -> checkTensor(file, name, (Json.JsonObject) value));
        }
    }

    private static void checkTensor(SafetensorsFile file, String name, Json.JsonObject expected) {
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

    /** The element as the fixture writes it, or the element's own text when it differs from {@code expected}. */
    private static String valueText(Tensor tensor, int index, String expected) {
        if (tensor.dtype().isFloatingPoint()) {
            double value = tensor.getDouble(index);
            return Double.compare(value, Double.parseDouble(expected)) == 0 ? expected : Double.toString(value);
        }
        long value = tensor.getLong(index);
        return tensor.dtype() == DType.U64 ? Long.toUnsignedString(value) : Long.toString(value);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("malformedFiles")
    void refusesEachMalformedFileNamingWhatIsWrong(String fileName, ReadMode mode) {
        Json.JsonObject rule = MALFORMED.getObject(fileName);
        Path path = Fixtures.path("malformed/" + fileName);
        BrineException error = assertThrows(BrineException.class, () -> {
            try (Arena arena = Arena.ofConfined()) {
                mode.read(path, Limits.DEFAULTS, arena).close();
            }
        }, rule.getString("rule"));
        assertEquals(rule.getString("exception"), error.getClass().getSimpleName(), error.getMessage());
        assertEquals(rule.getLong("exit_code"), error.exitCode());
        assertTrue(error.getMessage().contains(path.toString()), "names the file: " + error.getMessage());
        String afterFileName = error.getMessage().replace(path.toString(), "");
        for (String mention : rule.getArray("mentions").toStringList()) {
            assertTrue(afterFileName.contains(mention),
                    mode + " message should mention " + mention + ": " + error.getMessage());
        }
    }
}
