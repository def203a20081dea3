package dev.brine.models.tree;

/**
 * One fitted binary tree as flat arrays, scikit-learn's {@code tree_} layout: node {@code i} sends a row left when
 * {@code row[feature[i]] <= threshold[i]} (NaN goes right), to {@code left[i]}, else to {@code right[i]}; a leaf has
 * {@code left[i] == -1} and its prediction in {@code value[i·width … (i+1)·width)} (class probabilities or a number).
 */
public record Tree(int[] left, int[] right, int[] feature, double[] threshold, double[] value, int width) {

    public static final int LEAF = -1;

    public Tree {
        int nodes = left.length;
        if (right.length != nodes || feature.length != nodes || threshold.length != nodes
                || value.length != (long) nodes * width || nodes == 0) {
            throw new IllegalArgumentException("tree arrays disagree: " + nodes + " left, " + right.length + " right, "
                    + feature.length + " feature, " + threshold.length + " threshold, " + value.length + " values of width "
                    + width);
        }
    }

    public int nodeCount() {
        return left.length;
    }

    /** The leaf a row reaches, the row being {@code values[offset …]}. */
    public int leaf(double[] values, int offset) {
        int node = 0;
        while (left[node] != LEAF) {
            node = values[offset + feature[node]] <= threshold[node] ? left[node] : right[node];
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
