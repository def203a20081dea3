package dev.brine.models.tree;

import dev.brine.core.tensor.Tensor;
import dev.brine.models.data.Matrix;
import dev.brine.models.data.Column;
import dev.brine.models.tabular.TabularClassifier;
import dev.brine.models.tabular.TabularModel;
import dev.brine.models.tabular.Target;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The packed, branch-free traversal against the reference one ({@link Tree#leaf}, summed tree by tree) on random
 * trees and awkward inputs, and batch prediction against row-by-row prediction on one and two threads.
 */
class PackedTreesTest {

    private static final int FEATURES = 5;
    /** Thresholds and inputs are drawn from these, so inputs often equal thresholds and signed zeros meet. */
    private static final double[] AWKWARD = {0.0, -0.0, 1.5, -1.5, Double.MIN_VALUE, -Double.MIN_VALUE,
            Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};

    @Test
    void packedTraversalMatchesReferenceOnRandomTreesAndInputs() {
        SplittableRandom random = new SplittableRandom(11);
        for (int round = 0; round < 200; round++) {
            int width = random.nextBoolean() ? 1 : 3;
            int groups = random.nextInt(3) + 1;
            double scale = random.nextBoolean() ? 1.0 : random.nextDouble();
            boolean routes = random.nextBoolean();
            List<Tree> trees = new ArrayList<>();
            int treeCount = random.nextInt(1, 20) * groups;
            for (int t = 0; t < treeCount; t++) trees.add(randomTree(random, width, routes));
            double[] rows = randomRows(random, 70 + random.nextInt(100));
            int rowCount = rows.length / FEATURES;
            double[] expected = reference(trees, groups, scale, rows, rowCount);
            double[] actual = new double[expected.length];
            PackedTrees.of(trees, FEATURES, groups, scale).accumulate(rows, rowCount, actual);
            assertArrayEquals(expected, actual, "round " + round);
        }
    }

    @Test
    void packingRefusesATreeWithASharedNode() {
        // Node 1 is both children of the root: a file could repeat this to unfold into billions of nodes.
        Tree shared = new Tree(new int[] {1, -1}, new int[] {1, -1}, new int[] {0, 0}, new double[] {0, 0},
                new double[] {0, 1}, 1);
        assertThrows(IllegalArgumentException.class, () -> PackedTrees.of(List.of(shared), FEATURES, 1, 1.0));
    }

    @Test
    void forestBatchEqualsRowByRowOnOneAndTwoThreads() throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        Matrix x = new Matrix(600, FEATURES, randomFiniteRows(random, 600));
        double[] y = new double[x.rows()];
        for (int r = 0; r < y.length; r++) y[r] = Math.sin(x.get(r, 0)) + x.get(r, 1) * x.get(r, 2);
        Forest forest = ForestSpec.randomForestRegressor(40, 1).fit(x, new Target.Values(y), List.of());
        // Some rows with NaN and ±∞ take the reference traversal inside an otherwise packed batch.
        double[] values = x.values().clone();
        for (int i = 0; i < values.length; i += 37) values[i] = AWKWARD[i % AWKWARD.length];
        assertBatchEqualsRowByRow(forest, new Matrix(x.rows(), FEATURES, values));
    }

    @Test
    void boostingBatchEqualsRowByRowOnOneAndTwoThreads() throws Exception {
        SplittableRandom random = new SplittableRandom(4);
        Matrix x = new Matrix(3000, FEATURES, randomFiniteRows(random, 3000));
        String[] labels = new String[x.rows()];
        for (int r = 0; r < labels.length; r++) labels[r] = "class" + Math.floorMod((int) (x.get(r, 0) * 2), 3);
        Boosting boosting = BoostingSpec.classifier(30, 2).fit(x, Target.of(new Column.Text("y", labels),
                true), List.of());
        assertBatchEqualsRowByRow(boosting, x);
    }

    /**
     * Large enough to be split across threads: the same bits whether it is, on how many, or row by row. A
     * classifier is checked on its probabilities, which carry every bit of the summed scores.
     */
    private static void assertBatchEqualsRowByRow(TabularModel model, Matrix x) throws Exception {
        Function<Tensor, Tensor> output = model instanceof TabularClassifier classifier ? classifier::predictProba
                : model::predict;
        double[] byRow = new double[0];
        for (int r = 0; r < x.rows(); r++) {
            double[] row = output.apply(Tensor.of(x.row(r), 1, x.cols())).toDoubleArray();
            byRow = Arrays.copyOf(byRow, byRow.length + row.length);
            System.arraycopy(row, 0, byRow, byRow.length - row.length, row.length);
        }
        for (int threads : new int[] {1, 2}) {
            ForkJoinPool pool = new ForkJoinPool(threads);
            try {
                Tensor batch = pool.submit(() -> output.apply(x.toTensor())).get();
                assertArrayEquals(byRow, batch.toDoubleArray(), threads + " threads");
            } finally {
                pool.shutdown();
            }
        }
    }

    /** Each row adds scale · leaf value of every tree in tree order, as the models did before packing. */
    private static double[] reference(List<Tree> trees, int groups, double scale, double[] rows, int rowCount) {
        int width = trees.getFirst().width();
        double[] out = new double[rowCount * groups * width];
        for (int r = 0; r < rowCount; r++) {
            for (int t = 0; t < trees.size(); t++) {
                Tree tree = trees.get(t);
                int leaf = tree.leaf(rows, r * FEATURES);
                for (int k = 0; k < width; k++) {
                    out[r * groups * width + (t % groups) * width + k] += scale * tree.value()[leaf * width + k];
                }
            }
        }
        return out;
    }

    /**
     * A random tree numbered breadth-first (so a left child does not always follow its parent), up to depth 9,
     * with some awkward thresholds and, when {@code routes}, random missing-value directions.
     */
    private static Tree randomTree(SplittableRandom random, int width, boolean routes) {
        int maxDepth = random.nextInt(10);
        List<int[]> children = new ArrayList<>();
        List<Integer> depthOf = new ArrayList<>();
        children.add(new int[] {Tree.LEAF, Tree.LEAF});
        depthOf.add(0);
        for (int node = 0; node < children.size(); node++) {
            if (depthOf.get(node) < maxDepth && random.nextInt(10) < 8) {
                children.get(node)[0] = children.size();
                children.add(new int[] {Tree.LEAF, Tree.LEAF});
                depthOf.add(depthOf.get(node) + 1);
                children.get(node)[1] = children.size();
                children.add(new int[] {Tree.LEAF, Tree.LEAF});
                depthOf.add(depthOf.get(node) + 1);
            }
        }
        int nodes = children.size();
        int[] left = new int[nodes];
        int[] right = new int[nodes];
        int[] feature = new int[nodes];
        double[] threshold = new double[nodes];
        double[] value = new double[nodes * width];
        boolean[] missingLeft = new boolean[routes ? nodes : 0];
        for (int node = 0; node < nodes; node++) {
            left[node] = children.get(node)[0];
            right[node] = children.get(node)[1];
            if (left[node] != Tree.LEAF) {
                feature[node] = random.nextInt(FEATURES);
                threshold[node] = random.nextInt(4) == 0 ? AWKWARD[random.nextInt(AWKWARD.length)]
                        : random.nextGaussian();
            }
            if (routes) missingLeft[node] = random.nextBoolean();
            for (int k = 0; k < width; k++) value[node * width + k] = random.nextGaussian();
        }
        return new Tree(left, right, feature, threshold, value, width, missingLeft);
    }

    /** Mostly Gaussian values, some awkward ones (NaN, ±∞, ±0, extremes), some rows all finite. */
    private static double[] randomRows(SplittableRandom random, int rows) {
        double[] values = new double[rows * FEATURES];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextInt(6) == 0 ? AWKWARD[random.nextInt(AWKWARD.length)] : random.nextGaussian();
        }
        return values;
    }

    private static double[] randomFiniteRows(SplittableRandom random, int rows) {
        double[] values = new double[rows * FEATURES];
        Arrays.setAll(values, i -> random.nextGaussian());
        return values;
    }
}
