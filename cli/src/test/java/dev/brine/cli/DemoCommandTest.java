package dev.brine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.brine.cli.MainTest.brine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `brine demo` is the main job: every section must pass on embedded defaults. */
class DemoCommandTest {

    @Test
    void demoPassesEverySectionOnAThrowawayRegistry(@TempDir Path dir) {
        MainTest.Result result = brine("demo", "--dir", dir.resolve("files").toString());
        assertEquals(0, result.exitCode(), result.out() + result.err());
        assertTrue(result.out().contains("demo passed"), result.out());
        assertTrue(result.out().contains("failed requests: 0"), result.out());
        assertTrue(result.out().contains("load refused (exit 3)"), result.out());
        Matcher registry = Pattern.compile("registry: (\\S+) \\(throwaway").matcher(result.out());
        assertTrue(registry.find(), result.out());
        assertFalse(Files.exists(Path.of(registry.group(1)).getParent()), "the throwaway registry is deleted");
    }
}
