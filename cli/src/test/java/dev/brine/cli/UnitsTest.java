package dev.brine.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Human units on the command line: durations and byte sizes, and what is refused. */
class UnitsTest {

    @Test
    void durationsInEveryUnitAndPlainSeconds() {
        assertEquals(Duration.ofSeconds(2), Units.duration("2s"));
        assertEquals(Duration.ofMillis(500), Units.duration("500ms"));
        assertEquals(Duration.ofSeconds(90), Units.duration("1.5m"));
        assertEquals(Duration.ofMinutes(30), Units.duration("30min"));
        assertEquals(Duration.ofHours(1), Units.duration("1h"));
        assertEquals(Duration.ofDays(2), Units.duration("2d"));
        assertEquals(Duration.ofNanos(1500), Units.duration("1.5us"));
        assertEquals(Duration.ofSeconds(3), Units.duration("3"));
        assertEquals(Duration.ofMillis(2), Units.duration("PT0.002S"));
        assertEquals(Duration.ZERO, Units.duration("0s"));
    }

    @Test
    void sizesDecimalAndBinary() {
        assertEquals(16L << 20, Units.bytes("16MiB"));
        assertEquals(16_000_000L, Units.bytes("16MB"));
        assertEquals(1536, Units.bytes("1.5KiB"));
        assertEquals(1_500_000_000L, Units.bytes("1.5 GB"));
        assertEquals(1L << 40, Units.bytes("1tib"));
        assertEquals(4096, Units.bytes("4096"));
        assertEquals(7, Units.bytes("7B"));
    }

    @Test
    void whatIsNotAnAmountIsRefusedWithExamples() {
        for (String bad : new String[] {"fast", "-2s", "2 parsecs", "1e3", "", "PT", "0.5ns", "1.5B", "9EiB",
                "99999999999TiB"}) {
            RuntimeException error = assertThrows(RuntimeException.class, () -> {
                Units.duration(bad);
                Units.bytes(bad);
            }, bad);
            assertTrue(error instanceof CommandLine.TypeConversionException, bad + ": " + error);
        }
    }

    @Test
    void sizesRoundTripThroughTheirText() {
        Random random = new Random(5);
        String[] units = {"B", "KiB", "MiB", "GiB"};
        for (int i = 0; i < 1000; i++) {
            int unit = random.nextInt(units.length);
            long amount = random.nextInt(1 << 20);
            assertEquals(amount << (10 * unit), Units.bytes(amount + units[unit]));
            assertEquals(Duration.ofMillis(amount), Units.duration(amount + "ms"));
        }
    }

    @Test
    void aBadValueNamesTheFlag() {
        MainTest.Result result = MainTest.brine("serve", "--model", "m=x.brine", "--poll", "soon");
        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("--poll") && result.err().contains("'soon' is not a duration"),
                result.err());
        MainTest.Result size = MainTest.brine("serve", "--model", "m=x.brine", "--max-body-bytes", "lots");
        assertEquals(2, size.exitCode());
        assertTrue(size.err().contains("--max-body-bytes") && size.err().contains("16MiB"), size.err());
    }
}
