package dev.brine.cli.fuzz;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Every input the fuzzer ever found ({@code src/test/resources/fuzz/regressions/}: the first byte selects the reader,
 * see {@link ReadersFuzzTarget.Reader}) replayed in every build, without Jazzer: each must be refused with an
 * exception of Brine's hierarchy, or read, within 10 seconds.
 */
class FuzzRegressionTest {
    @TestFactory
    Stream<DynamicTest> everyEarlierFindingIsRefusedCleanly() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/fuzz/regressions"))) {
            return files.filter(file -> !file.getFileName().toString().endsWith(".md")).sorted().toList().stream()
                    .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
                        byte[] input = Files.readAllBytes(file);
                        assertTimeoutPreemptively(Duration.ofSeconds(10),
                                () -> ReadersFuzzTarget.fuzzerTestOneInput(input));
                    }));
        }
    }
}
