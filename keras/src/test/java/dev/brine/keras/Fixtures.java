package dev.brine.keras;

import dev.brine.core.json.Json;
import dev.brine.core.json.JsonParser;
import dev.brine.core.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Fixtures of {@code src/test/resources/fixtures} and their reference values. */
final class Fixtures {

    private Fixtures() {
    }

    static Path path(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Json.JsonObject json(String name) {
        try {
            return (Json.JsonObject) JsonParser.parse(Files.readString(path(name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Json.JsonObject reference(String name) {
        return json("references.json").getObject(name);
    }

    static double[] doubles(Json.JsonObject reference, String key) {
        return reference.getArray(key).toDoubleArray();
    }

    static Tensor input(Json.JsonObject reference, String key, String shapeKey) {
        double[] values = doubles(reference, key);
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return Tensor.of(floats, reference.getArray(shapeKey).toLongArray());
    }

    /** Keras computes in float32: outputs agree to 1e-5, relative to the value's size when it is large. */
    static void assertMatches(double[] expected, Tensor actual) {
        double[] values = actual.toDoubleArray();
        assertEquals(expected.length, values.length, "element count");
        for (int i = 0; i < values.length; i++) {
            assertEquals(expected[i], values[i], 1e-5 * Math.max(1, Math.abs(expected[i])), "element " + i);
        }
    }
}
