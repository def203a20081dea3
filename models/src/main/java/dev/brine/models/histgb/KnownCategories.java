package dev.brine.models.histgb;

/**
 * The categories each categorical feature had at fit time, as 256-bit sets (8 words of 32 bits), scikit-learn's
 * {@code known_cat_bitsets} with its {@code f_idx_map}: {@code featureSlot[f]} is the set of feature {@code f}, or
 * -1 for a numeric feature.
 */
record KnownCategories(int[] featureSlot, int[] bitsets) {

    static final int WORDS = 8;

    boolean contains(int feature, int category) {
        int slot = featureSlot[feature];
        return slot >= 0 && contains(bitsets, slot, category);
    }

    static boolean contains(int[] bitsets, int slot, int category) {
        return ((bitsets[slot * WORDS + category / 32] >>> (category % 32)) & 1) != 0;
    }

    /**
     * A raw category value as the 8-bit bin number scikit-learn compares ({@code <X_BINNED_DTYPE_C>value}: the
     * C conversion truncates toward zero; larger values keep their low byte as on the platforms it runs on).
     */
    static int asByte(double value) {
        return ((int) value) & 0xFF;
    }
}
