package dev.brine.core.tensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.MemorySegment;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Properties of the formats narrower than float32, over every bit pattern and over many seeded random inputs:
 * decoding agrees with the JDK's own float16 code, encoding after decoding gives the pattern back, rounding is
 * monotonic, to nearest and ties to even, and overflow follows each format's rule.
 */
class NarrowFloatPropertiesTest {

    private static final int RANDOM_INPUTS = 50_000;

    /** Largest finite value and the magnitude from which a value overflows (the tie between them included). */
    enum Narrow {
        F16(DType.F16, 65504, 65520, true),
        BF16(DType.BF16, 0x1.FEp127, 0x1.FFp127, true),
        F8_E4M3(DType.F8_E4M3, 448, 464, false), // the tie at 464 goes to 448 (even); E4M3FN overflows to NaN
        F8_E5M2(DType.F8_E5M2, 57344, 61440, true);

        final DType dtype;
        final double max;
        final double overflowFrom;
        final boolean tieOverflows;

        Narrow(DType dtype, double max, double overflowFrom, boolean tieOverflows) {
            this.dtype = dtype;
            this.max = max;
            this.overflowFrom = overflowFrom;
            this.tieOverflows = tieOverflows;
        }

        int patterns() {
            return 1 << (8 * dtype.byteSize());
        }

        int signBit() {
            return patterns() >>> 1;
        }

        boolean overflows(double magnitude) {
            return tieOverflows ? magnitude >= overflowFrom : magnitude > overflowFrom;
        }
    }

    @Test
    void everyF16PatternDecodesLikeTheJdk() {
        Tensor all = everyPattern(DType.F16);
        float[] decoded = all.toFloatArray();
        for (int pattern = 0; pattern < 65536; pattern++) {
            float jdk = Float.float16ToFloat((short) pattern);
            assertSameFloat(jdk, decoded[pattern], "F16 pattern 0x" + Integer.toHexString(pattern));
        }
    }

    @Test
    void f32ToF16RoundsLikeTheJdk() {
        SplittableRandom random = new SplittableRandom(16);
        float[] inputs = new float[1_000_000];
        for (int i = 0; i < inputs.length; i++) {
            // Half random bit patterns (every magnitude), half within float16's range where rounding happens.
            inputs[i] = i % 2 == 0 ? Float.intBitsToFloat(random.nextInt())
                    : (float) random.nextDouble(-70000, 70000) * (float) Math.scalb(1.0, -random.nextInt(30));
        }
        Tensor halves = Tensor.of(inputs).to(DType.F16);
        for (int i = 0; i < inputs.length; i++) {
            short jdk = Float.floatToFloat16(inputs[i]);
            short brine = halves.data().getAtIndex(Elements.I16, i);
            boolean bothNaN = Float.isNaN(Float.float16ToFloat(jdk)) && Float.isNaN(Float.float16ToFloat(brine));
            if (!bothNaN && jdk != brine) {
                fail("F32 " + inputs[i] + ": JDK gives 0x" + Integer.toHexString(jdk & 0xFFFF) + ", Brine 0x"
                        + Integer.toHexString(brine & 0xFFFF));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Narrow.class)
    void decodingThenEncodingGivesEveryPatternBack(Narrow format) {
        Tensor all = everyPattern(format.dtype);
        for (DType wide : new DType[] {DType.F32, DType.F64}) {
            Tensor back = all.to(wide).to(format.dtype);
            for (int pattern = 0; pattern < format.patterns(); pattern++) {
                double original = all.getDouble(pattern);
                int again = bits(back, pattern);
                if (Double.isNaN(original)) {
                    assertTrue(Double.isNaN(back.getDouble(pattern)), format + " NaN " + Integer.toHexString(pattern));
                } else {
                    assertEquals(pattern, again, format + " via " + wide);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Narrow.class)
    void encodingIsMonotonic(Narrow format) {
        double[] inputs = randomDoubles(new SplittableRandom(format.ordinal()), format);
        Arrays.sort(inputs);
        Tensor decoded = Tensor.of(inputs).to(format.dtype).to(DType.F64);
        int previous = -1;
        for (int i = 0; i < inputs.length; i++) {
            double value = decoded.getDouble(i);
            if (Double.isNaN(value)) {
                if (!format.overflows(Math.abs((float) inputs[i]))) {
                    fail(format + ": NaN from " + inputs[i]);
                }
                continue;
            }
            if (previous >= 0 && value < decoded.getDouble(previous)) {
                fail(format + ": " + inputs[previous] + " → " + decoded.getDouble(previous) + " but " + inputs[i]
                        + " → " + value);
            }
            previous = i;
        }
    }

    /**
     * Each result is at least as near the input as its two neighbouring codes, ties go to the even code, the sign is
     * kept and overflow happens exactly from the format's threshold. F16 rounds float64 directly (numpy); the others
     * round the float32 nearest to the input (torch), so that float32 is what they must be nearest to.
     */
    @ParameterizedTest
    @EnumSource(Narrow.class)
    void roundsToNearestWithTiesToEven(Narrow format) {
        double[] inputs = randomDoubles(new SplittableRandom(100 + format.ordinal()), format);
        Tensor encoded = Tensor.of(inputs).to(format.dtype);
        Tensor all = everyPattern(format.dtype);
        for (int i = 0; i < inputs.length; i++) {
            double input = format == Narrow.F16 ? inputs[i] : (float) inputs[i];
            int code = bits(encoded, i);
            if ((input < 0 || (input == 0 && 1 / input < 0)) != ((code & format.signBit()) != 0)) {
                fail(format + " of " + input + " is 0x" + Integer.toHexString(code) + ": sign lost");
            }
            int magnitudeCode = code & (format.signBit() - 1);
            double result = Math.abs(all.getDouble(magnitudeCode));
            double magnitude = Math.abs(input);
            if (format.overflows(magnitude) == Double.isFinite(result)) {
                fail(format + " of " + input + " is " + result + ": overflow starts at " + format.overflowFrom
                        + (format.tieOverflows ? " inclusive" : " exclusive"));
            }
            if (!Double.isFinite(result)) {
                continue;
            }
            for (int neighbour : new int[] {magnitudeCode - 1, magnitudeCode + 1}) {
                if (neighbour < 0 || !Double.isFinite(all.getDouble(neighbour))) {
                    continue;
                }
                int comparison = compareDistances(magnitude, result, all.getDouble(neighbour));
                if (comparison > 0 || comparison == 0 && magnitudeCode % 2 != 0) {
                    fail(format + " of " + input + " is 0x" + Integer.toHexString(code) + " (" + result
                            + "): code 0x" + Integer.toHexString(neighbour) + " is nearer, or as near and even");
                }
            }
        }
    }

    /**
     * Compares |x - a| with |x - b| exactly. A double subtraction rounds monotonically, so different rounded
     * distances order the exact ones; only equal rounded distances need exact arithmetic.
     */
    private static int compareDistances(double x, double a, double b) {
        int rounded = Double.compare(Math.abs(x - a), Math.abs(x - b));
        if (rounded != 0) {
            return rounded;
        }
        BigDecimal exact = new BigDecimal(x);
        return exact.subtract(new BigDecimal(a)).abs().compareTo(exact.subtract(new BigDecimal(b)).abs());
    }

    /** Random doubles: half spread over every magnitude the format has, half near its largest values. */
    private static double[] randomDoubles(SplittableRandom random, Narrow format) {
        double[] out = new double[RANDOM_INPUTS];
        int maxExponent = Math.getExponent(format.max);
        for (int i = 0; i < out.length; i++) {
            double magnitude = i % 2 == 0
                    ? Math.scalb(1 + random.nextDouble(), random.nextInt(-160, maxExponent + 2))
                    : random.nextDouble(format.max * 0.9, format.overflowFrom * 1.1);
            out[i] = random.nextBoolean() ? -magnitude : magnitude;
        }
        return out;
    }

    private static Tensor everyPattern(DType dtype) {
        int patterns = 1 << (8 * dtype.byteSize());
        byte[] bytes = new byte[patterns * dtype.byteSize()];
        for (int pattern = 0; pattern < patterns; pattern++) {
            for (int b = 0; b < dtype.byteSize(); b++) {
                bytes[pattern * dtype.byteSize() + b] = (byte) (pattern >>> (8 * b));
            }
        }
        return new Tensor(dtype, Shape.of(patterns), MemorySegment.ofArray(bytes));
    }

    private static int bits(Tensor tensor, long index) {
        return tensor.dtype().byteSize() == 1
                ? tensor.data().getAtIndex(Elements.I8, index) & 0xFF
                : tensor.data().getAtIndex(Elements.I16, index) & 0xFFFF;
    }

    private static void assertSameFloat(float expected, float actual, String what) {
        if (Float.isNaN(expected)) {
            assertTrue(Float.isNaN(actual), what + ": expected NaN, got " + actual);
        } else {
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual),
                    what + ": expected " + expected + ", got " + actual);
        }
    }
}
