package dev.brine.core.format;

import dev.brine.core.json.Json;
import dev.brine.core.json.JsonParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the committed fixtures in {@code src/test/resources/safetensors} (see its README). */
final class Fixtures {
    private Fixtures() {
    }

    static Path path(String relative) {
        try {
            var url = Fixtures.class.getResource("/safetensors/" + relative);
            if (url == null) {
                throw new IllegalStateException("missing fixture safetensors/" + relative);
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Json.JsonObject json(String relative) {
        try {
            return (Json.JsonObject) JsonParser.parse(Files.readString(path(relative), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
