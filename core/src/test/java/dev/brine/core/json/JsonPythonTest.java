package dev.brine.core.json;

import dev.brine.core.Limits;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Documents written by CPython's json module ({@code json/generate.py}): the escaped and the raw UTF-8 spelling of
 * each must parse to the same value, and Brine must write that value exactly as Python's compact writer did.
 */
class JsonPythonTest {

    @Test
    void readsAndWritesJsonLikePython() throws IOException {
        String[] lines;
        try (InputStream in = JsonPythonTest.class.getResourceAsStream("/json/python-documents.txt")) {
            assertNotNull(in, "json/python-documents.txt is missing; run json/generate.py");
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
        }
        assertTrue(lines.length >= 600, "expected 300 documents, each on two lines");
        for (int i = 0; i + 1 < lines.length; i += 2) {
            String escaped = lines[i];
            String raw = lines[i + 1];
            Json fromEscaped = JsonParser.parse(escaped);
            Json fromRaw = JsonParser.parse(raw.getBytes(StandardCharsets.UTF_8), "line " + (i + 2), 0,
                    Limits.DEFAULTS);
            assertEquals(fromRaw, fromEscaped, escaped);
            assertEquals(raw, fromEscaped.toString(), "line " + (i + 1));
        }
    }
}
