package dev.brine.python.sklearn;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The adjusted threshold sends every double where scikit-learn's float32 comparison sends it. */
class Float32ThresholdsTest {

    @Test
    void comparingTheDoubleToTheAdjustedThresholdEqualsComparingItsFloat32() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 20_000; i++) {
            float a = (float) (random.nextDouble(-1, 1) * Math.pow(10, random.nextInt(-30, 30)));
            double threshold = i % 2 == 0 ? ((double) a + Math.nextUp(a)) / 2 : a + random.nextDouble(-1, 1) * Math.ulp(a);
            double adjusted = Float32Thresholds.forDoubleInputs(threshold);
            for (double x : new double[] {threshold, Math.nextUp(threshold), Math.nextDown(threshold), a,
                    Math.nextUp((double) a), Math.nextDown((double) a), adjusted, Math.nextUp(adjusted)}) {
                assertEquals((double) (float) x <= threshold, x <= adjusted, "x=" + x + " threshold=" + threshold);
            }
        }
    }

    @Test
    void keepsNonFiniteThresholdsAndHandlesTheFloatRangeEnds() {
        assertEquals(Double.POSITIVE_INFINITY, Float32Thresholds.forDoubleInputs(Double.POSITIVE_INFINITY));
        double huge = Float32Thresholds.forDoubleInputs(1e39);
        for (double x : new double[] {Float.MAX_VALUE, 0x1p128 - 0x1p103, Math.nextDown(0x1p128 - 0x1p103), 1e39}) {
            assertEquals((double) (float) x <= 1e39, x <= huge, "x=" + x);
        }
        assertEquals((double) (float) 0.0 <= 0.0, Float32Thresholds.forDoubleInputs(0.0) >= 0.0);
    }
}
