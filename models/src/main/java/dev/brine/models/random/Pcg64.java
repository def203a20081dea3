package dev.brine.models.random;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.tensor.Tensor;

/**
 * PCG64 (XSL-RR 128/64, O'Neill 2014), the default bit generator of numpy: a 128-bit LCG state and a 128-bit odd
 * increment, output by xor-folding the state to 64 bits and rotating it by its top six bits. The whole state is
 * four 64-bit words, so saving and restoring it is exact; {@link #seeded} matches numpy's {@code PCG64(seed)} and
 * {@link #nextDouble} matches {@code Generator.random()}, checked against vectors numpy wrote.
 *
 * <p>Not thread-safe: each training run owns its generator, which is part of its checkpoint.
 */
public final class Pcg64 {

    private static final long MULTIPLIER_HIGH = 2549297995355413924L;
    private static final long MULTIPLIER_LOW = 4865540595714422341L;
    private static final double DOUBLE_UNIT = 0x1.0p-53;
    private static final float FLOAT_UNIT = 0x1.0p-24f;

    private long stateHigh;
    private long stateLow;
    private final long incrementHigh;
    private final long incrementLow;

    private Pcg64(long stateHigh, long stateLow, long incrementHigh, long incrementLow) {
        this.stateHigh = stateHigh;
        this.stateLow = stateLow;
        this.incrementHigh = incrementHigh;
        this.incrementLow = incrementLow;
    }

    /** The generator numpy builds for {@code np.random.PCG64(seed)}; the seed is read as unsigned. */
    public static Pcg64 seeded(long seed) {
        long[] words = new SeedSequence(seed).generateLongs(4);
        // pcg64_set_seed: initstate = words[0]:words[1], initseq = words[2]:words[3] (high:low), then
        // pcg_setseq_128_srandom_r: state = 0, inc = initseq << 1 | 1, step, state += initstate, step.
        long incrementHigh = (words[2] << 1) | (words[3] >>> 63);
        long incrementLow = (words[3] << 1) | 1L;
        Pcg64 generator = new Pcg64(0, 0, incrementHigh, incrementLow);
        generator.step();
        long low = generator.stateLow + words[1];
        long carry = Long.compareUnsigned(low, generator.stateLow) < 0 ? 1 : 0;
        generator.stateHigh = generator.stateHigh + words[0] + carry;
        generator.stateLow = low;
        generator.step();
        return generator;
    }

    /** A generator in exactly the state {@link #state()} reported: {stateHigh, stateLow, incHigh, incLow}. */
    public static Pcg64 fromState(long[] words) {
        if (words.length != 4 || (words[3] & 1L) == 0) {
            throw new IncompatibleModelException("PCG64 state must be 4 words with an odd increment, got "
                    + words.length + " words; the RNG state tensor is damaged or belongs to another generator");
        }
        return new Pcg64(words[0], words[1], words[2], words[3]);
    }

    public static Pcg64 fromTensor(Tensor state) {
        return fromState(state.toLongArray());
    }

    /** The four state words {stateHigh, stateLow, incHigh, incLow}. */
    public long[] state() {
        return new long[] {stateHigh, stateLow, incrementHigh, incrementLow};
    }

    /** The state as an I64 tensor of 4 words (bit patterns of the unsigned words). */
    public Tensor stateTensor() {
        return Tensor.of(state());
    }

    public Pcg64 copy() {
        return new Pcg64(stateHigh, stateLow, incrementHigh, incrementLow);
    }

    /** The next raw 64-bit output (numpy {@code random_raw}). */
    public long nextLong() {
        step();
        long folded = stateHigh ^ stateLow;
        return Long.rotateRight(folded, (int) (stateHigh >>> 58));
    }

    /** Uniform in [0, 1) with 53 random bits, as numpy's {@code Generator.random()}. */
    public double nextDouble() {
        return (nextLong() >>> 11) * DOUBLE_UNIT;
    }

    /** Uniform in [0, 1) with 24 random bits (one 64-bit draw per float, unlike numpy's buffered 32-bit halves). */
    public float nextFloat() {
        return (nextLong() >>> 40) * FLOAT_UNIT;
    }

    /** Uniform integer in [0, bound), unbiased (Lemire's multiply-and-reject on 64-bit draws). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        long range = bound;
        long draw = nextLong();
        long low = draw * range;
        if (Long.compareUnsigned(low, range) < 0) {
            // Reject the few draws that would make small values more likely: low < 2^64 mod range.
            long threshold = Long.remainderUnsigned(-range, range);
            while (Long.compareUnsigned(low, threshold) < 0) {
                draw = nextLong();
                low = draw * range;
            }
        }
        return (int) Math.unsignedMultiplyHigh(draw, range);
    }

    /** Standard normal by Box–Muller from two uniforms; keeps no spare value, so the state stays four words. */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble();
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** Shuffles in place (Fisher–Yates, from the last position down). */
    public void shuffle(int[] values) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }

    /** {@code 0..count-1} in random order. */
    public int[] permutation(int count) {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        shuffle(order);
        return order;
    }

    /** A generator with its own stream, seeded from this one's next output (for one tree of a forest, one worker). */
    public Pcg64 split() {
        return seeded(nextLong());
    }

    private void step() {
        long low = stateLow * MULTIPLIER_LOW;
        long high = Math.unsignedMultiplyHigh(stateLow, MULTIPLIER_LOW) + stateLow * MULTIPLIER_HIGH
                + stateHigh * MULTIPLIER_LOW;
        long sumLow = low + incrementLow;
        long carry = Long.compareUnsigned(sumLow, low) < 0 ? 1 : 0;
        stateHigh = high + incrementHigh + carry;
        stateLow = sumLow;
    }
}
