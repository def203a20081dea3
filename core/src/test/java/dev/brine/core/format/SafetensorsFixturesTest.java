package dev.brine.core.format;

import dev.brine.core.BrineException;
import dev.brine.core.Limits;
import dev.brine.core.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.stream.Stream;

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
        try (Arena arena = Arena.ofConfined();
             SafetensorsFile file = mode.read(Fixtures.path("valid/" + fileName), Limits.DEFAULTS, arena)) {
            ReferenceReport.assertMatches(EXPECTED.getObject(fileName), file);
        }
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
