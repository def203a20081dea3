package dev.brine.models.tree;

import java.util.List;
import java.util.stream.IntStream;

/**
 * An ensemble's trees repacked for prediction, built when a model is made or restored (the stored tensors keep
 * {@link TreeEnsemble}'s layout). Each node is two adjacent longs, so one cache line holds four nodes whole:
 * the threshold's bits, then the split feature (high half) and the right child (low half). Nodes are renumbered
 * in pre-order, so a left child always follows its parent and needs no index.
 *
 * <p>A leaf becomes a node whose right child is itself and whose threshold is −∞, so every finite x goes right, back
 * to the leaf. Traversal then needs no leaf test: it takes exactly as many steps as the tree is deep, and each step
 * picks the child arithmetically from the sign of {@code threshold − x}, with no branch to mispredict (a split is a
 * coin toss to the branch predictor; written as {@code x <= t ? a : b} the same traversal measured about twice as
 * slow, the JIT not turning a comparison of doubles into a conditional move). Several trees advance in lock-step so
 * their memory reads overlap: a forest of deep trees spends its time waiting for nodes.
 *
 * <p>Results are bit-identical to {@link Tree#leaf}, the reference: for finite x the sign test decides every split
 * as {@code x <= threshold} does (see {@link #child}); rows holding NaN or ±∞, which may follow a tree's
 * missing-value directions, take the reference traversal itself. Each row adds its trees' leaf values in tree
 * order however the rows are split into blocks or across threads.
 */
final class PackedTrees {

    /** Rows per block: trees are walked for a block of rows at a time, while their top nodes are still cached. */
    private static final int BLOCK_ROWS = 64;
    /** Trees walked in lock-step for one row. */
    private static final int LANES = 8;
    /** Below this many node steps a batch stays on the calling thread (forking costs tens of microseconds). */
    private static final long PARALLEL_STEPS = 1 << 18;

    private final List<Tree> trees;
    private final double valueScale;
    private final long[] nodes;
    private final double[] leafValues;
    private final int[] roots;
    private final int[] depths;
    private final int[] slots;
    private final int featureCount;
    private final int width;
    private final int outputWidth;
    private final long stepsPerRow;

    private PackedTrees(List<Tree> trees, double valueScale, long[] nodes, double[] leafValues, int[] roots,
                        int[] depths, int[] slots, int featureCount, int outputWidth) {
        this.trees = trees;
        this.valueScale = valueScale;
        this.nodes = nodes;
        this.leafValues = leafValues;
        this.roots = roots;
        this.depths = depths;
        this.slots = slots;
        this.featureCount = featureCount;
        this.width = trees.getFirst().width();
        this.outputWidth = outputWidth;
        this.stepsPerRow = IntStream.of(depths).asLongStream().sum() + roots.length;
    }

    /**
     * Packs {@code trees} that split on features below {@code featureCount}; tree {@code t} adds
     * {@code valueScale · value} to output columns {@code (t mod groups)·width …} of an output row
     * {@code groups · width} wide (a forest has one group; boosting one per score, its trees stage-major).
     * {@code valueScale · value} is what the unpacked sum added, so precomputing it changes no bit.
     */
    static PackedTrees of(List<Tree> trees, int featureCount, int groups, double valueScale) {
        int width = trees.getFirst().width();
        int total = 0;
        for (Tree tree : trees) total = Math.addExact(total, tree.nodeCount());
        long[] nodes = new long[Math.multiplyExact(total, 2)];
        double[] leafValues = new double[Math.multiplyExact(total, width)];
        int[] roots = new int[trees.size()];
        int[] depths = new int[trees.size()];
        int[] slots = new int[trees.size()];
        int next = 0;
        for (int t = 0; t < trees.size(); t++) {
            Tree tree = trees.get(t);
            if (tree.width() != width) {
                throw new IllegalArgumentException("tree " + t + " has value width " + tree.width() + ", tree 0 "
                        + width);
            }
            roots[t] = next;
            slots[t] = (t % groups) * width;
            Packed packed = pack(tree, featureCount, next, nodes, leafValues, valueScale);
            depths[t] = packed.depth();
            next = packed.next();
        }
        return new PackedTrees(List.copyOf(trees), valueScale, nodes, leafValues, roots, depths, slots, featureCount,
                groups * width);
    }

    /** Where a packed tree's nodes end, and how deep it is. */
    private record Packed(int next, int depth) {
    }

    /**
     * Copies {@code tree} in pre-order from packed index {@code start}. (Loading a model runs this once per tree,
     * mostly before the JIT has compiled it, so the arrays are read into locals rather than through the record.)
     */
    private static Packed pack(Tree tree, int featureCount, int start, long[] nodes, double[] leafValues,
                               double valueScale) {
        int[] left = tree.left();
        int[] right = tree.right();
        int[] feature = tree.feature();
        double[] threshold = tree.threshold();
        double[] value = tree.value();
        int count = left.length;
        int width = tree.width();
        int[] pending = new int[count + 1];
        int[] pendingDepth = new int[count + 1];
        int[] parentOfRight = new int[count + 1];
        boolean[] placed = new boolean[count];
        int top = 1;
        parentOfRight[0] = -1;
        int next = start;
        int deepest = 0;
        while (top > 0) {
            top--;
            int node = pending[top];
            int depth = pendingDepth[top];
            int parent = parentOfRight[top];
            if (node < 0 || node >= count || placed[node]) {
                throw new IllegalArgumentException("tree node " + node + " is outside the tree's " + count
                        + " nodes or reached twice");
            }
            placed[node] = true;
            int at = next++;
            deepest = Math.max(deepest, depth);
            // Only a right child is linked explicitly; a left child is the node right after its parent.
            if (parent >= 0) nodes[2 * parent + 1] |= Integer.toUnsignedLong(at);
            if (left[node] == Tree.LEAF) {
                // Every finite x is above −∞, so the row goes right: to the leaf itself.
                nodes[2 * at] = Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY);
                nodes[2 * at + 1] = Integer.toUnsignedLong(at);
                for (int k = 0; k < width; k++) leafValues[at * width + k] = valueScale * value[node * width + k];
            } else {
                if (feature[node] < 0 || feature[node] >= featureCount) {
                    throw new IllegalArgumentException("tree node " + node + " splits on feature " + feature[node]
                            + " of " + featureCount);
                }
                nodes[2 * at] = Double.doubleToRawLongBits(fastThreshold(threshold[node]));
                nodes[2 * at + 1] = (long) feature[node] << 32;
                // Right first so the left child is popped, and placed, next.
                pending[top] = right[node];
                pendingDepth[top] = depth + 1;
                parentOfRight[top++] = at;
                pending[top] = left[node];
                pendingDepth[top] = depth + 1;
                parentOfRight[top++] = -1;
            }
        }
        return new Packed(next, deepest);
    }

    /**
     * A threshold whose difference with any finite x has the sign of {@code x <= threshold}'s answer (negative:
     * no): −0 becomes +0, since 0 − 0 is +0 and −0 − 0 is −0; NaN, which no x is at most, becomes −∞.
     * (±∞ need nothing: ∞ − x is ∞, −∞ − x is −∞.)
     */
    private static double fastThreshold(double threshold) {
        if (Double.isNaN(threshold)) return Double.NEGATIVE_INFINITY;
        return threshold == 0 ? 0.0 : threshold;
    }

    int outputWidth() {
        return outputWidth;
    }

    /**
     * Adds every tree's leaf values to {@code out} (rows × {@link #outputWidth()}) for the rows of {@code values}
     * (row-major, {@code featureCount} wide). Large batches are split across the common fork-join pool by blocks of
     * rows; a row's sum is the same on any number of threads.
     */
    void accumulate(double[] values, int rows, double[] out) {
        int blocks = (rows + BLOCK_ROWS - 1) / BLOCK_ROWS;
        if (blocks > 1 && rows * stepsPerRow >= PARALLEL_STEPS) {
            IntStream.range(0, blocks).parallel().forEach(block -> accumulateBlock(values, block * BLOCK_ROWS,
                    Math.min(rows, (block + 1) * BLOCK_ROWS), out));
        } else {
            for (int from = 0; from < rows; from += BLOCK_ROWS) {
                accumulateBlock(values, from, Math.min(rows, from + BLOCK_ROWS), out);
            }
        }
    }

    private void accumulateBlock(double[] values, int from, int to, double[] out) {
        boolean[] exactRows = new boolean[to - from];
        for (int r = from; r < to; r++) exactRows[r - from] = !allFinite(values, r * featureCount, featureCount);
        int treeCount = roots.length;
        int lanesEnd = treeCount - treeCount % LANES;
        for (int t = 0; t < lanesEnd; t += LANES) {
            int steps = 0;
            for (int lane = 0; lane < LANES; lane++) steps = Math.max(steps, depths[t + lane]);
            for (int r = from; r < to; r++) {
                int offset = r * featureCount;
                int outOffset = r * outputWidth;
                if (exactRows[r - from]) {
                    for (int lane = 0; lane < LANES; lane++) addExact(values, offset, t + lane, out, outOffset);
                    continue;
                }
                int n0 = roots[t];
                int n1 = roots[t + 1];
                int n2 = roots[t + 2];
                int n3 = roots[t + 3];
                int n4 = roots[t + 4];
                int n5 = roots[t + 5];
                int n6 = roots[t + 6];
                int n7 = roots[t + 7];
                for (int step = 0; step < steps; step++) {
                    n0 = child(values, offset, n0);
                    n1 = child(values, offset, n1);
                    n2 = child(values, offset, n2);
                    n3 = child(values, offset, n3);
                    n4 = child(values, offset, n4);
                    n5 = child(values, offset, n5);
                    n6 = child(values, offset, n6);
                    n7 = child(values, offset, n7);
                }
                add(n0, t, out, outOffset);
                add(n1, t + 1, out, outOffset);
                add(n2, t + 2, out, outOffset);
                add(n3, t + 3, out, outOffset);
                add(n4, t + 4, out, outOffset);
                add(n5, t + 5, out, outOffset);
                add(n6, t + 6, out, outOffset);
                add(n7, t + 7, out, outOffset);
            }
        }
        for (int t = lanesEnd; t < treeCount; t++) {
            for (int r = from; r < to; r++) {
                int offset = r * featureCount;
                int outOffset = r * outputWidth;
                if (exactRows[r - from]) {
                    addExact(values, offset, t, out, outOffset);
                    continue;
                }
                int leaf = roots[t];
                for (int step = 0; step < depths[t]; step++) leaf = child(values, offset, leaf);
                add(leaf, t, out, outOffset);
            }
        }
    }

    /**
     * One step down for a row of finite values; a leaf is its own child. Branch-free: whether {@code x > threshold}
     * is the sign of {@code threshold − x}, which for finite values is negative exactly when x is greater (a
     * difference of distinct doubles is never zero, thresholds hold no −0 or NaN: see {@link #fastThreshold}).
     */
    private int child(double[] values, int offset, int node) {
        long split = nodes[2 * node + 1];
        double threshold = Double.longBitsToDouble(nodes[2 * node]);
        double x = values[offset + (int) (split >>> 32)];
        int goRight = (int) (Double.doubleToRawLongBits(threshold - x) >>> 63);
        int left = node + 1;
        return left + (((int) split - left) & -goRight);
    }

    /** Tree {@code t}'s leaf for a row holding NaN or ±∞, by the reference traversal. */
    private void addExact(double[] values, int offset, int t, double[] out, int outOffset) {
        Tree tree = trees.get(t);
        int leaf = tree.leaf(values, offset);
        int at = outOffset + slots[t];
        for (int k = 0; k < width; k++) out[at + k] += valueScale * tree.value()[leaf * width + k];
    }

    private void add(int leaf, int t, double[] out, int outOffset) {
        int at = outOffset + slots[t];
        for (int k = 0; k < width; k++) out[at + k] += leafValues[leaf * width + k];
    }

    private static boolean allFinite(double[] values, int offset, int count) {
        for (int i = offset; i < offset + count; i++) {
            if (!Double.isFinite(values[i])) return false;
        }
        return true;
    }
}
