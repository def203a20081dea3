package dev.brine.models.random;

/**
 * numpy's {@code SeedSequence} entropy mixer (O'Neill's improved {@code seed_seq}, as in
 * numpy/random/bit_generator.pyx), reduced to what seeding from one 64-bit integer needs: a pool of four 32-bit
 * words mixed from the seed, then expanded into as many 32-bit words as a generator asks for. Following it exactly
 * means {@code Pcg64.seeded(s)} produces the stream of numpy's {@code PCG64(s)}.
 */
final class SeedSequence {

    private static final int POOL_SIZE = 4;
    private static final int INIT_A = 0x43b0d7e5;
    private static final int MULT_A = 0x931e8875;
    private static final int INIT_B = 0x8b51f9dd;
    private static final int MULT_B = 0x58f38ded;
    private static final int MIX_MULT_L = 0xca01f9dd;
    private static final int MIX_MULT_R = 0x4973f715;
    private static final int XSHIFT = 16;

    private final int[] pool = new int[POOL_SIZE];

    /** Mixes the seed, read as an unsigned 64-bit integer (numpy splits it into little-endian 32-bit words). */
    SeedSequence(long seed) {
        int[] entropy = (seed >>> 32) == 0 ? new int[] {(int) seed} : new int[] {(int) seed, (int) (seed >>> 32)};
        int[] hashConst = {INIT_A};
        for (int i = 0; i < POOL_SIZE; i++) {
            pool[i] = hashMix(i < entropy.length ? entropy[i] : 0, hashConst);
        }
        for (int source = 0; source < POOL_SIZE; source++) {
            for (int target = 0; target < POOL_SIZE; target++) {
                if (source != target) {
                    pool[target] = mix(pool[target], hashMix(pool[source], hashConst));
                }
            }
        }
    }

    /** {@code generate_state(count, uint64)}: 32-bit words in pairs, low word first. */
    long[] generateLongs(int count) {
        int hashConst = INIT_B;
        long[] out = new long[count];
        for (int word = 0; word < 2 * count; word++) {
            int value = pool[word % POOL_SIZE] ^ hashConst;
            hashConst *= MULT_B;
            value *= hashConst;
            value ^= value >>> XSHIFT;
            long unsigned = Integer.toUnsignedLong(value);
            out[word / 2] |= (word % 2 == 0) ? unsigned : unsigned << 32;
        }
        return out;
    }

    private static int hashMix(int value, int[] hashConst) {
        value ^= hashConst[0];
        hashConst[0] *= MULT_A;
        value *= hashConst[0];
        return value ^ (value >>> XSHIFT);
    }

    private static int mix(int x, int y) {
        int result = MIX_MULT_L * x - MIX_MULT_R * y;
        return result ^ (result >>> XSHIFT);
    }
}
