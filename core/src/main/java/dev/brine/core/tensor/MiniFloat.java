package dev.brine.core.tensor;

/**
 * Binary floating-point formats narrower than float32 (F16, BF16, FP8), encoded from a double with
 * round-to-nearest-even and decoded exactly to float. NaN stays NaN (sign kept, payload not), infinities and signed
 * zeros are kept, subnormals are produced and read. "FN" formats (E4M3FN) have no infinity: their all-ones pattern
 * is NaN, and anything that overflows becomes NaN, as torch and ml_dtypes do.
 */
record MiniFloat(int exponentBits, int mantissaBits, boolean finiteOnly) {

    static final MiniFloat F16 = new MiniFloat(5, 10, false);
    static final MiniFloat BF16 = new MiniFloat(8, 7, false);
    static final MiniFloat F8_E5M2 = new MiniFloat(5, 2, false);
    static final MiniFloat F8_E4M3FN = new MiniFloat(4, 3, true);

    private int bias() {
        return (1 << (exponentBits - 1)) - 1;
    }

    private int maxBiasedExponent() {
        return (1 << exponentBits) - 1;
    }

    private int signBit() {
        return 1 << (exponentBits + mantissaBits);
    }

    private int nanBits() {
        return finiteOnly
                ? (maxBiasedExponent() << mantissaBits) | ((1 << mantissaBits) - 1)
                : (maxBiasedExponent() << mantissaBits) | (1 << (mantissaBits - 1));
    }

    int encode(double value) {
        int sign = (Double.doubleToRawLongBits(value) < 0) ? signBit() : 0;
        if (Double.isNaN(value)) {
            return sign | nanBits();
        }
        double magnitude = Math.abs(value);
        if (Double.isInfinite(magnitude)) {
            return sign | (finiteOnly ? nanBits() : maxBiasedExponent() << mantissaBits);
        }
        if (magnitude == 0) {
            return sign;
        }
        int minNormalExponent = 1 - bias();
        int exponent = Math.getExponent(magnitude);
        if (exponent < minNormalExponent) {
            // Subnormal: count in units of the smallest subnormal. Scaling by a power of two is exact, rint is
            // round-half-even; a result of 2^mantissaBits is exactly the smallest normal's encoding.
            long units = (long) Math.rint(Math.scalb(magnitude, mantissaBits - minNormalExponent));
            return sign | (int) units;
        }
        long significand = (long) Math.rint(Math.scalb(magnitude, mantissaBits - exponent));
        if (significand == 1L << (mantissaBits + 1)) {
            significand >>= 1;
            exponent++;
        }
        int biased = exponent + bias();
        int mantissa = (int) (significand - (1L << mantissaBits));
        int encoded = (biased << mantissaBits) | mantissa;
        boolean overflow = finiteOnly
                ? biased > maxBiasedExponent() || encoded == nanBits()
                : biased >= maxBiasedExponent();
        if (overflow) {
            return sign | (finiteOnly ? nanBits() : maxBiasedExponent() << mantissaBits);
        }
        return sign | encoded;
    }

    float decode(int bits) {
        boolean negative = (bits & signBit()) != 0;
        int biased = (bits >>> mantissaBits) & maxBiasedExponent();
        int mantissa = bits & ((1 << mantissaBits) - 1);
        float magnitude;
        if (finiteOnly ? (biased == maxBiasedExponent() && mantissa == (1 << mantissaBits) - 1)
                : biased == maxBiasedExponent()) {
            magnitude = (!finiteOnly && mantissa == 0) ? Float.POSITIVE_INFINITY : Float.NaN;
        } else if (biased == 0) {
            magnitude = Math.scalb((float) mantissa, 1 - bias() - mantissaBits);
        } else {
            magnitude = Math.scalb((float) (mantissa | (1 << mantissaBits)), biased - bias() - mantissaBits);
        }
        return negative ? -magnitude : magnitude;
    }
}
