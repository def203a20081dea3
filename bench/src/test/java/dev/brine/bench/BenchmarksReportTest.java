package dev.brine.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchmarksReportTest {
    private static final String SECTION = BenchmarksReport.SECTION_TITLE + "\n\nnew table\n";

    @Test
    void writingTwiceLeavesOneSection(@TempDir Path directory) throws IOException {
        Path document = directory.resolve("benchmarks.md");
        BenchmarksReport.writeSection(document, SECTION);
        BenchmarksReport.writeSection(document, SECTION);
        String text = Files.readString(document);
        assertTrue(text.startsWith("# Brine benchmarks\n"));
        assertEquals(text.indexOf(BenchmarksReport.SECTION_TITLE), text.lastIndexOf(BenchmarksReport.SECTION_TITLE));
    }

    @Test
    void throughputRatioIsReferenceOverBrineAndGrowthRatioBrineOverReference() {
        Comparison save = new Comparison("save", "1 GB", "—", "save", samples(200, 250, 300), "dd",
                samples(100, 125, 150), 0, Comparison.Goal.atLeast(0.8));
        assertEquals(0.5, save.medianRatio(), 1e-9);
        assertEquals(0.5, save.bestRatio(), 1e-9);
        assertEquals(false, save.met().orElseThrow());
        Comparison open = new Comparison("open", "4 GB", "warm", "open", samples(150), "open 1 MB", samples(100), 0,
                Comparison.Goal.atMost(2));
        assertEquals(1.5, open.medianRatio(), 1e-9);
        assertEquals(true, open.met().orElseThrow());
        assertTrue(Comparison.Goal.atLeast(0.9).reportOnly().target().isEmpty());
    }

    @Test
    void tableMarksMissedGoals() {
        Comparison missed = new Comparison("save", "1 GB", "—", "save", samples(2_000_000_000L), "dd",
                samples(1_000_000_000L), 1L << 30, Comparison.Goal.atLeast(0.8));
        BenchmarksReport.Run run = new BenchmarksReport.Run("today", "commit abc",
                new Machine(2, "cpu", "1 GiB", "k", "jdk", "fs"), "cmd", "0", "0", 5, false, 1_000_000, false,
                List.of("noise"));
        String text = BenchmarksReport.render(run, List.of(missed));
        assertTrue(text.contains("| 0.50× (0.50×) | ≥ 0.8× | **no** |"), text);
        assertTrue(text.contains("2.00 s (2.00 s) · 0.50 GB/s"), text);
        assertTrue(text.contains("cold: not permitted"), text);
    }

    @Test
    void showsCpuTimeOnlyWhenEveryRunMeasuredIt() {
        Samples measured = new Samples();
        measured.add(3_000_000_000L, 1_500_000_000L);
        Samples partly = new Samples();
        partly.add(3_000_000_000L, 1_500_000_000L);
        partly.add(3_000_000_000L, -1);
        Comparison row = new Comparison("verify", "1 GB", "warm", "verify", measured, "sha256sum", partly, 0,
                Comparison.Goal.report());
        BenchmarksReport.Run run = new BenchmarksReport.Run("today", "commit abc",
                new Machine(2, "cpu", "1 GiB", "k", "jdk", "fs"), "cmd", "0", "0", 5, true, 1_000_000, true,
                List.of());
        String text = BenchmarksReport.render(run, List.of(row));
        assertTrue(text.contains("| 3.00 s (3.00 s) · CPU 1.50 s | sha256sum | 3.00 s (3.00 s) |"), text);
    }

    private static Samples samples(long... nanos) {
        Samples samples = new Samples();
        for (long value : nanos) {
            samples.add(value);
        }
        return samples;
    }
}
