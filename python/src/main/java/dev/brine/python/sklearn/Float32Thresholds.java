package dev.brine.python.sklearn;

/**
 * scikit-learn's decision trees compare {@code (float) x <= threshold}: inputs are cast to float32 first, thresholds
 * are float64. Brine's trees compare the double input directly, so each threshold {@code t} is replaced by the
 * largest double {@code t'} with {@code x <= t'} exactly when {@code (double) (float) x <= t}, for every double
 * {@code x}: float rounding is monotonic, so that set of {@code x} is everything below the midpoint between the
 * largest float {@code f <= t} and the next float, the midpoint itself included when it rounds to {@code f} (ties go
 * to the float with an even last bit). Midpoints of adjacent floats are exact doubles.
 */
final class Float32Thresholds {

    private Float32Thresholds() {
    }

    static double forDoubleInputs(double threshold) {
        if (!Double.isFinite(threshold)) {
            return threshold;
        }
        float below = (float) threshold;
        if (below > threshold) {
            below = Math.nextDown(below);
        }
        if (below == Float.NEGATIVE_INFINITY) {
            return threshold;
        }
        double above = below == Float.MAX_VALUE ? 0x1p128 : Math.nextUp(below);
        double midpoint = ((double) below + above) / 2;
        boolean evenBelow = (Float.floatToRawIntBits(below) & 1) == 0;
        return evenBelow ? midpoint : Math.nextDown(midpoint);
    }
}
