package dev.brine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.brine.cli.MainTest.brine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `brine demo` is the main job: every section must pass on embedded defaults. */
class DemoCommandTest {

    @Test
    void demoPassesEverySection(@TempDir Path dir) {
        MainTest.Result result = brine("demo", "--dir", dir.resolve("files").toString(),
                "--registry", dir.resolve("registry.db").toString());
        assertEquals(0, result.exitCode(), result.out() + result.err());
        assertTrue(result.out().contains("demo passed"), result.out());
        assertTrue(result.out().contains("failed requests: 0"), result.out());
        assertTrue(result.out().contains("load refused (exit 3)"), result.out());
    }
}
