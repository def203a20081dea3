package dev.brine.models.testing;

import dev.brine.core.json.Json;
import dev.brine.core.json.JsonParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads test fixtures from the classpath (src/test/resources), written once by the Python scripts beside them. */
public final class Fixtures {

    private Fixtures() {
    }

    public static Json.JsonObject json(String resource) {
        return (Json.JsonObject) JsonParser.parse(bytes(resource), resource, 0, dev.brine.core.Limits.DEFAULTS);
    }

    public static byte[] bytes(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + resource + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static double[] doubles(Json.JsonArray array) {
        return array.toDoubleArray();
    }

    public static double[][] matrix(Json.JsonArray rows) {
        double[][] out = new double[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = doubles((Json.JsonArray) rows.get(i));
        }
        return out;
    }
}
