package dev.brine.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FormatBenchOptionsTest {

    @Test
    void defaultsAreTheIssuesThreeSizesWarmAndCold() {
        FormatBench.Options options = FormatBench.Options.parse(new String[0]);
        assertEquals(List.of(1L << 20, 1L << 30, 4L << 30), options.sizes());
        assertEquals(Path.of("docs/benchmarks.md"), options.out());
        assertEquals(5, options.repetitions());
        assertTrue(options.cold());
    }

    @Test
    void sizesAreSortedSoTheSmallestIsTheOpenBaseline() {
        FormatBench.Options options = FormatBench.Options.parse(
                new String[] {"--sizes", "4G,1M", "--reps", "3", "--warm-only", "--out", "x.md"});
        assertEquals(List.of(1L << 20, 4L << 30), options.sizes());
        assertEquals(3, options.repetitions());
        assertEquals(false, options.cold());
        assertEquals(Path.of("x.md"), options.out());
    }

    @Test
    void refusesUnknownOptionsMissingValuesAndZeroRepetitions() {
        assertThrows(IllegalArgumentException.class, () -> FormatBench.Options.parse(new String[] {"--fast"}));
        assertThrows(IllegalArgumentException.class, () -> FormatBench.Options.parse(new String[] {"--sizes"}));
        assertThrows(IllegalArgumentException.class, () -> FormatBench.Options.parse(new String[] {"--reps", "0"}));
    }
}
