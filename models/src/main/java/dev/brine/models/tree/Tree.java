package dev.brine.models.tree;

/**
 * One fitted binary tree as flat arrays, scikit-learn's {@code tree_} layout: node {@code i} sends a row left when
 * {@code row[feature[i]] <= threshold[i]}, to {@code left[i]}, else to {@code right[i]}; a leaf has
 * {@code left[i] == -1} and its prediction in {@code value[i·width … (i+1)·width)} (class probabilities or a number).
 * A NaN goes left where {@code missingLeft[i]} is set (scikit-learn 1.3+'s {@code missing_go_to_left}); without
 * {@code missingLeft} (an empty array) NaN goes right everywhere, as in scikit-learn before 1.3 and Brine's own trees.
 */
public record Tree(int[] left, int[] right, int[] feature, double[] threshold, double[] value, int width,
                   boolean[] missingLeft) {

    public static final int LEAF = -1;

    public Tree {
        int nodes = left.length;
        if (right.length != nodes || feature.length != nodes || threshold.length != nodes
                || value.length != (long) nodes * width || nodes == 0
                || missingLeft.length != 0 && missingLeft.length != nodes) {
            throw new IllegalArgumentException("tree arrays disagree: " + nodes + " left, " + right.length + " right, "
                    + feature.length + " feature, " + threshold.length + " threshold, " + value.length + " values of width "
                    + width + ", " + missingLeft.length + " missing-value directions");
        }
    }

    /** A tree that sends NaN right at every node. */
    public Tree(int[] left, int[] right, int[] feature, double[] threshold, double[] value, int width) {
        this(left, right, feature, threshold, value, width, new boolean[0]);
    }

    /** Whether NaN follows a per-node direction rather than always going right. */
    public boolean routesMissing() {
        return missingLeft.length != 0;
    }

    public int nodeCount() {
        return left.length;
    }

    /** The leaf a row reaches, the row being {@code values[offset …]}. */
    public int leaf(double[] values, int offset) {
        int node = 0;
        while (left[node] != LEAF) {
            double x = values[offset + feature[node]];
            boolean goLeft = x <= threshold[node] || Double.isNaN(x) && missingLeft.length != 0 && missingLeft[node];
            node = goLeft ? left[node] : right[node];
        }
        return node;
    }

    public int depth() {
        int[] depth = new int[left.length];
        int deepest = 0;
        for (int node = 0; node < left.length; node++) {
            if (left[node] != LEAF) {
                depth[left[node]] = depth[node] + 1;
                depth[right[node]] = depth[node] + 1;
                deepest = Math.max(deepest, depth[node] + 1);
            }
        }
        return deepest;
    }
}
