package dev.brine.models.histgb;

/**
 * One tree of a histogram gradient-boosting model as scikit-learn's {@code TreePredictor} walks it on raw
 * (unbinned) features. Node {@code i}: a leaf returns {@code value[i]}; otherwise a missing value (NaN) follows
 * {@code missingGoesLeft[i]}; a numeric split goes left when {@code x <= threshold[i]}; a categorical split goes left
 * when the category is in the node's bitset of {@code leftCategories}, right when it is a category known at fit
 * time, and the missing-value way otherwise (negative and unknown categories count as missing).
 *
 * @param leftCategories 8 words of 32 bits per categorical split (categories 0…255), indexed by
 *                       {@code bitsetIndex[i]}
 */
record HistTree(double[] value, int[] feature, double[] threshold, boolean[] missingGoesLeft, int[] left, int[] right,
                boolean[] leaf, boolean[] categorical, int[] bitsetIndex, int[] leftCategories) {

    int nodeCount() {
        return value.length;
    }

    /** The leaf value the row {@code x[offset…]} reaches. */
    double predict(double[] x, int offset, KnownCategories known) {
        int node = 0;
        while (!leaf[node]) {
            double v = x[offset + feature[node]];
            boolean goLeft;
            if (Double.isNaN(v)) {
                goLeft = missingGoesLeft[node];
            } else if (categorical[node]) {
                if (v < 0) {
                    goLeft = missingGoesLeft[node];
                } else {
                    int category = KnownCategories.asByte(v);
                    if (KnownCategories.contains(leftCategories, bitsetIndex[node], category)) {
                        goLeft = true;
                    } else {
                        goLeft = !known.contains(feature[node], category) && missingGoesLeft[node];
                    }
                }
            } else {
                goLeft = v <= threshold[node];
            }
            node = goLeft ? left[node] : right[node];
        }
        return value[node];
    }
}
