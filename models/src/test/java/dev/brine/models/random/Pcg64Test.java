package dev.brine.models.random;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.json.Json;
import dev.brine.models.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Pcg64Test {

    private static final Json.JsonArray CASES = Fixtures.json("rng/pcg64_numpy.json").getArray("cases");

    @Test
    void seedingMatchesNumpySeedSequence() {
        for (Json item : CASES.items()) {
            Json.JsonObject c = (Json.JsonObject) item;
            Pcg64 generator = Pcg64.seeded(seed(c));
            assertArrayEquals(words(c.getObject("seeded")), generator.state(), "seed " + c.getString("seed"));
        }
    }

    @Test
    void rawOutputsMatchNumpy() {
        for (Json item : CASES.items()) {
            Json.JsonObject c = (Json.JsonObject) item;
            Pcg64 generator = Pcg64.seeded(seed(c));
            for (Json raw : c.getArray("raw").items()) {
                assertEquals(Long.parseUnsignedLong(((Json.JsonString) raw).value(), 16), generator.nextLong(),
                        "seed " + c.getString("seed"));
            }
            assertArrayEquals(words(c.getObject("state_after_raw")), generator.state());
        }
    }

    @Test
    void doublesMatchNumpyGeneratorRandom() {
        for (Json item : CASES.items()) {
            Json.JsonObject c = (Json.JsonObject) item;
            Pcg64 generator = Pcg64.seeded(seed(c));
            for (Json expected : c.getArray("doubles").items()) {
                assertEquals(Double.parseDouble(((Json.JsonString) expected).value()), generator.nextDouble());
            }
        }
    }

    @Test
    void restoredStateContinuesTheSameStream() {
        Pcg64 original = Pcg64.seeded(7);
        for (int i = 0; i < 100; i++) original.nextLong();
        Pcg64 restored = Pcg64.fromTensor(original.stateTensor());
        for (int i = 0; i < 1000; i++) {
            assertEquals(original.nextLong(), restored.nextLong());
        }
    }

    @Test
    void refusesAStateWithAnEvenIncrement() {
        long[] state = Pcg64.seeded(1).state();
        state[3] &= ~1L;
        assertThrows(IncompatibleModelException.class, () -> Pcg64.fromState(state));
        assertThrows(IncompatibleModelException.class, () -> Pcg64.fromState(new long[3]));
    }

    @Test
    void boundedIntegersStayInRangeAndCoverIt() {
        Pcg64 generator = Pcg64.seeded(3);
        int[] counts = new int[7];
        for (int i = 0; i < 70_000; i++) {
            counts[generator.nextInt(7)]++;
        }
        for (int count : counts) {
            assertTrue(count > 9_000 && count < 11_000, Arrays.toString(counts));
        }
        assertThrows(IllegalArgumentException.class, () -> generator.nextInt(0));
    }

    @Test
    void permutationHoldsEveryIndexOnce() {
        int[] order = Pcg64.seeded(11).permutation(1000);
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) assertEquals(i, sorted[i]);
        assertTrue(Arrays.mismatch(order, sorted) >= 0, "a permutation of 1000 should not be the identity");
    }

    @Test
    void gaussianHasUnitMoments() {
        Pcg64 generator = Pcg64.seeded(5);
        double sum = 0;
        double sumSquares = 0;
        int count = 200_000;
        for (int i = 0; i < count; i++) {
            double value = generator.nextGaussian();
            sum += value;
            sumSquares += value * value;
        }
        assertEquals(0.0, sum / count, 0.01);
        assertEquals(1.0, sumSquares / count, 0.01);
    }

    @Test
    void splitStreamsDiffer() {
        Pcg64 parent = Pcg64.seeded(9);
        Pcg64 first = parent.split();
        Pcg64 second = parent.split();
        assertNotEquals(first.nextLong(), second.nextLong());
    }

    private static long seed(Json.JsonObject c) {
        return new BigInteger(c.getString("seed")).longValue();
    }

    private static long[] words(Json.JsonObject state) {
        BigInteger value = new BigInteger(state.getString("state"), 16);
        BigInteger increment = new BigInteger(state.getString("inc"), 16);
        return new long[] {value.shiftRight(64).longValue(), value.longValue(), increment.shiftRight(64).longValue(),
                increment.longValue()};
    }
}
