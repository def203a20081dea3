package dev.brine.models.tree;

import dev.brine.core.CorruptModelException;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.TensorRole;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.snapshot.SnapshotReader;

import java.util.ArrayList;
import java.util.List;

/**
 * Trees as tensors, never as object graphs: every tree's node arrays concatenated ({@code left}, {@code right},
 * {@code feature} I32, {@code threshold} F64, {@code value} F64 {@code (nodes, width)}) with child indices local to
 * their tree, and {@code tree_offsets} I64 {@code (trees + 1)} marking where each tree's nodes start. When any tree
 * routes NaN per node, {@code missing_left} BOOL {@code (nodes)} holds every node's direction (trees without routing
 * contribute false, which is NaN going right); files without it keep NaN going right everywhere. Restoring checks
 * every index (a bad one is {@link CorruptModelException}), so a damaged file cannot send prediction out of bounds
 * or into a loop.
 */
public final class TreeEnsemble {

    private TreeEnsemble() {
    }

    public static List<NamedTensor> tensors(List<Tree> trees) {
        int total = trees.stream().mapToInt(Tree::nodeCount).sum();
        int width = trees.getFirst().width();
        int[] left = new int[total];
        int[] right = new int[total];
        int[] feature = new int[total];
        double[] threshold = new double[total];
        double[] value = new double[total * width];
        boolean[] missingLeft = new boolean[total];
        long[] offsets = new long[trees.size() + 1];
        int at = 0;
        for (int t = 0; t < trees.size(); t++) {
            Tree tree = trees.get(t);
            int nodes = tree.nodeCount();
            offsets[t] = at;
            System.arraycopy(tree.left(), 0, left, at, nodes);
            System.arraycopy(tree.right(), 0, right, at, nodes);
            System.arraycopy(tree.feature(), 0, feature, at, nodes);
            System.arraycopy(tree.threshold(), 0, threshold, at, nodes);
            System.arraycopy(tree.value(), 0, value, at * width, nodes * width);
            if (tree.routesMissing()) System.arraycopy(tree.missingLeft(), 0, missingLeft, at, nodes);
            at += nodes;
        }
        offsets[trees.size()] = at;
        List<NamedTensor> tensors = new ArrayList<>(List.of(
                new NamedTensor("tree_offsets", Tensor.of(offsets), TensorRole.PARAMETER),
                new NamedTensor("left", Tensor.of(left), TensorRole.PARAMETER),
                new NamedTensor("right", Tensor.of(right), TensorRole.PARAMETER),
                new NamedTensor("feature", Tensor.of(feature), TensorRole.PARAMETER),
                new NamedTensor("threshold", Tensor.of(threshold), TensorRole.PARAMETER),
                new NamedTensor("value", Tensor.of(value, total, width), TensorRole.PARAMETER)));
        if (trees.stream().anyMatch(Tree::routesMissing)) {
            tensors.add(new NamedTensor("missing_left", Tensor.of(missingLeft), TensorRole.PARAMETER));
        }
        return List.copyOf(tensors);
    }

    /** Reads and validates the trees: {@code featureCount} bounds split features, {@code width} the value rows. */
    public static List<Tree> restore(SnapshotReader reader, long treeCount, int featureCount, int width) {
        if (treeCount < 1 || treeCount >= Integer.MAX_VALUE || width < 1) {
            throw damaged(reader, "the configuration declares " + treeCount + " trees of value width " + width);
        }
        long[] offsets = reader.longs("tree_offsets", treeCount + 1);
        int[] left = reader.ints("left", -1);
        int total = left.length;
        int[] right = reader.ints("right", total);
        int[] feature = reader.ints("feature", total);
        double[] threshold = reader.doubles("threshold", total);
        double[] value = reader.doubles("value", total, width);
        boolean[] missingLeft = reader.has("missing_left") ? flags(reader, reader.longs("missing_left", total)) : null;
        List<Tree> trees = new ArrayList<>((int) treeCount);
        for (int t = 0; t < treeCount; t++) {
            if (offsets[t] < 0 || offsets[t] >= offsets[t + 1] || offsets[t + 1] > total || (t == 0 && offsets[0] != 0)) {
                throw damaged(reader, "tree_offsets " + t + " and " + (t + 1) + " (" + offsets[t] + ", " + offsets[t + 1]
                        + ") do not delimit a non-empty range of " + total + " nodes");
            }
            int from = (int) offsets[t];
            int to = (int) offsets[t + 1];
            Tree tree = new Tree(slice(left, from, to), slice(right, from, to), slice(feature, from, to),
                    java.util.Arrays.copyOfRange(threshold, from, to),
                    java.util.Arrays.copyOfRange(value, from * width, to * width), width,
                    missingLeft == null ? new boolean[0] : java.util.Arrays.copyOfRange(missingLeft, from, to));
            check(reader, t, tree, featureCount);
            trees.add(tree);
        }
        if (offsets[(int) treeCount] != total) {
            throw damaged(reader, "tree_offsets ends at " + offsets[(int) treeCount] + " but there are " + total + " nodes");
        }
        return trees;
    }

    /**
     * Children must point forward (pre-order), inside the tree, in pairs, and no node may have two parents (shared
     * subtrees would make a small file a huge tree once unfolded for prediction); split features must exist.
     */
    private static void check(SnapshotReader reader, int treeIndex, Tree tree, int featureCount) {
        int nodes = tree.nodeCount();
        boolean[] hasParent = new boolean[nodes];
        for (int node = 0; node < nodes; node++) {
            int l = tree.left()[node];
            int r = tree.right()[node];
            if (l == Tree.LEAF && r == Tree.LEAF) continue;
            if (l <= node || r <= node || l >= nodes || r >= nodes) {
                throw damaged(reader, "tree " + treeIndex + " node " + node + " has children " + l + " and " + r
                        + "; children must follow their parent within the tree's " + nodes + " nodes");
            }
            adopt(reader, treeIndex, hasParent, l, node);
            adopt(reader, treeIndex, hasParent, r, node);
            int f = tree.feature()[node];
            if (f < 0 || f >= featureCount) {
                throw damaged(reader, "tree " + treeIndex + " node " + node + " splits on feature " + f + " of "
                        + featureCount);
            }
        }
    }

    private static void adopt(SnapshotReader reader, int treeIndex, boolean[] hasParent, int child, int parent) {
        if (hasParent[child]) {
            throw damaged(reader, "tree " + treeIndex + " node " + child + " is a child of two nodes (the second is "
                    + "node " + parent + "); every node but the root has one parent");
        }
        hasParent[child] = true;
    }

    /** Per-node NaN directions: 0 (right) or 1 (left), nothing else. */
    private static boolean[] flags(SnapshotReader reader, long[] values) {
        boolean[] out = new boolean[values.length];
        for (int node = 0; node < values.length; node++) {
            if (values[node] != 0 && values[node] != 1) {
                throw damaged(reader, "missing_left item " + node + " is " + values[node] + "; it must be 0 or 1");
            }
            out[node] = values[node] == 1;
        }
        return out;
    }

    private static int[] slice(int[] values, int from, int to) {
        return java.util.Arrays.copyOfRange(values, from, to);
    }

    private static CorruptModelException damaged(SnapshotReader reader, String detail) {
        return new CorruptModelException("model type " + reader.type() + ": " + detail);
    }
}
