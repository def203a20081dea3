package dev.brine.core;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Limits set by name with human units (the CLI's --limit and BRINE_LIMITS_*), and the messages that name them. */
class LimitsByNameTest {

    @Test
    void everySpellingOfANameAndEveryUnitSetsTheSameLimit() {
        Limits base = Limits.DEFAULTS;
        assertEquals(512L << 20, base.with("maxInMemoryBytes", "512MiB").maxInMemoryBytes());
        assertEquals(512L << 20, base.with("max-in-memory-bytes", "512 MiB").maxInMemoryBytes());
        assertEquals(512L << 20, base.with("MAX_IN_MEMORY_BYTES", "536870912").maxInMemoryBytes());
        assertEquals(2_000_000_000L, base.with("maxTensorBytes", "2GB").maxTensorBytes());
        assertEquals(3L << 40, base.with("maxTensorBytes", "3TiB").maxTensorBytes());
        assertEquals(64L << 10, base.with("maxStringBytes", "64KiB").maxStringBytes());
        assertEquals(2_000_000, base.with("maxTensors", "2_000_000").maxTensors());
        assertEquals(2_000_000, base.with("maxTensors", "2M").maxTensors());
        assertEquals(500_000L, base.with("maxElements", "500k").maxElements());
        assertEquals(30_000L, base.with("maxRunMillis", "30s").maxRunMillis());
        assertEquals(250L, base.with("maxRunMillis", "250ms").maxRunMillis());
        assertEquals(120_000L, base.with("maxRunMillis", "2min").maxRunMillis());
        assertEquals(3_600_000L, base.with("maxRunMillis", "1h").maxRunMillis());
        Limits changed = base.with("maxRank", "12");
        assertEquals(12, changed.maxRank());
        assertEquals(base.maxTensors(), changed.maxTensors(), "the other limits stay");
    }

    @Test
    void nonsenseIsRefusedNamingWhatIsAccepted() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Limits.DEFAULTS.with("maxBananas", "3"));
        assertTrue(unknown.getMessage().contains("maxInMemoryBytes"), unknown.getMessage());
        for (String value : new String[] {"", "-1", "0", "12XiB", "1.5GiB", "MiB", "99999999999999999999"}) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> Limits.DEFAULTS.with("maxInMemoryBytes", value), value);
            assertTrue(error.getMessage().contains("MiB"), error.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Limits.DEFAULTS.with("maxRank", "3G"));
        assertThrows(IllegalArgumentException.class, () -> Limits.DEFAULTS.with("maxTensorBytes", "9000000TiB"));
    }

    @Test
    void theEnvironmentOverridesOnlyItsOwnVariables() {
        Limits limits = Limits.fromEnvironment(Limits.DEFAULTS, Map.of(
                "BRINE_LIMITS_MAX_IN_MEMORY_BYTES", "1GiB",
                "BRINE_LIMITS_MAX_RUN_MILLIS", "5s",
                "BRINE_REGISTRY", "sqlite:x.db",
                "PATH", "/bin"));
        assertEquals(1L << 30, limits.maxInMemoryBytes());
        assertEquals(5000L, limits.maxRunMillis());
        assertEquals(Limits.DEFAULTS.maxTensors(), limits.maxTensors());
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Limits.fromEnvironment(
                Limits.DEFAULTS, Map.of("BRINE_LIMITS_MAX_RANK", "lots")));
        assertTrue(error.getMessage().contains("BRINE_LIMITS_MAX_RANK"), error.getMessage());
    }

    @Test
    void anExhaustedLimitSaysItsValueAndHowToRaiseIt() {
        CorruptModelException error = assertThrows(CorruptModelException.class,
                () -> Limits.check("f.pkl offset 9: bytes length", 1L << 30, 256L << 20, "maxInMemoryBytes"));
        String message = error.getMessage();
        assertTrue(message.contains("f.pkl offset 9"), message);
        assertTrue(message.contains("maxInMemoryBytes = 268435456 (256MiB)"), message);
        assertTrue(message.contains("--limit maxInMemoryBytes=512MiB"), message);
        assertTrue(message.contains("BRINE_LIMITS_MAX_IN_MEMORY_BYTES=512MiB"), message);
        // The suggestion is itself accepted.
        assertEquals(512L << 20, Limits.DEFAULTS.with("maxInMemoryBytes", "512MiB").maxInMemoryBytes());
    }

    @Test
    void theHeapBoundDefaultsFollowTheHeap() {
        Limits small = Limits.forHeap(256L << 20);
        assertEquals(128L << 20, small.maxInMemoryBytes());
        assertEquals(64L << 20, small.maxHeaderBytes());
        Limits large = Limits.forHeap(64L << 30);
        assertEquals(4L << 30, large.maxInMemoryBytes());
        assertEquals(100_000_000L, large.maxHeaderBytes());
        assertEquals(large.maxTensors(), small.maxTensors());
        long heap = Runtime.getRuntime().maxMemory();
        assertTrue(Limits.DEFAULTS.maxInMemoryBytes() <= heap / 2, "a load cannot be granted more than half the heap");
    }
}
