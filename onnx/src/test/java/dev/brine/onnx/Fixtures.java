package dev.brine.onnx;

import dev.brine.core.json.Json;
import dev.brine.core.json.JsonParser;
import dev.brine.core.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The fixtures written by {@code src/test/resources/fixtures/generate.py} and their numpy reference values. */
final class Fixtures {
    private static final Json.JsonObject REFERENCES = Json.JsonObject.class.cast(
            JsonParser.parse(read(path("references.json"))));

    private Fixtures() {
    }

    static Path path(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Json.JsonObject reference(String name) {
        return REFERENCES.getObject(name);
    }

    static double[] doubles(Json.JsonObject reference, String key) {
        return reference.getArray(key).toDoubleArray();
    }

    static Tensor floatTensor(Json.JsonObject reference, String key, String shapeKey) {
        double[] values = doubles(reference, key);
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return Tensor.of(floats, reference.getArray(shapeKey).toLongArray());
    }

    static void assertClose(double[] expected, Tensor actual, double tolerance) {
        double[] values = actual.toDoubleArray();
        assertEquals(expected.length, values.length, "element count");
        for (int i = 0; i < values.length; i++) {
            assertEquals(expected[i], values[i], tolerance, "element " + i);
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
