package dev.brine.models.nn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** erf against CPython's math.erf (values printed by /usr/bin/python3), across the series / continued-fraction seam. */
class ErfTest {

    private static final double[][] PYTHON = {
            {-6.0, -1.0},
            {-3.5, -0.9999992569016276},
            {-3.0, -0.9999779095030014},
            {-2.9999, -0.9999778955735178},
            {-1.0, -0.8427007929497149},
            {-0.3, -0.3286267594591274},
            {0.0, 0.0},
            {1e-08, 1.1283791670955126e-08},
            {0.5, 0.5204998778130465},
            {1.0, 0.8427007929497149},
            {2.0, 0.9953222650189527},
            {2.5, 0.999593047982555},
            {2.9999, 0.9999778955735178},
            {3.0, 0.9999779095030014},
            {3.0001, 0.9999779234241298},
            {4.0, 0.9999999845827421},
            {5.5, 0.9999999999999927},
            {10.0, 1.0},
    };

    @Test
    void matchesPythonToNearDoublePrecision() {
        for (double[] pair : PYTHON) {
            assertEquals(pair[1], Erf.erf(pair[0]), 1e-14, "erf(" + pair[0] + ")");
        }
    }

    @Test
    void isOddAndPassesNaN() {
        assertEquals(-Erf.erf(1.7), Erf.erf(-1.7));
        assertEquals(Double.NaN, Erf.erf(Double.NaN));
    }
}
