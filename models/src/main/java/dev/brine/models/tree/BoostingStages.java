package dev.brine.models.tree;

import dev.brine.models.data.Matrix;
import dev.brine.models.random.Pcg64;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The boosting loop: each stage draws the rows it fits on (all, or a subsample without replacement), then for each
 * raw score fits a regression tree to the residuals, re-estimates classification leaves by one Newton step over the
 * in-bag rows, and adds learning-rate × the tree's prediction to every row's score.
 */
final class BoostingStages {

    private BoostingStages() {
    }

    /** Runs {@code stages} stages from {@code scores} (updated in place); returns the new trees, stage-major. */
    static List<Tree> run(BoostingSpec spec, Matrix x, BoostingLoss loss, double[][] scores, int stages, Pcg64 rng) {
        int rows = x.rows();
        double[][] columns = new double[x.cols()][];
        for (int c = 0; c < x.cols(); c++) columns[c] = x.column(c);
        int scoreCount = loss.scoreCount();
        List<Tree> trees = new ArrayList<>(stages * scoreCount);
        double[] residuals = new double[rows];
        double[] weights = new double[rows];
        for (int stage = 0; stage < stages; stage++) {
            drawRows(spec.subsample(), rng, weights);
            double[][] before = new double[rows][];
            for (int r = 0; r < rows; r++) before[r] = scores[r].clone();
            for (int k = 0; k < scoreCount; k++) {
                for (int r = 0; r < rows; r++) residuals[r] = loss.residual(r, k, before[r]);
                TreeBuilder.Result result = TreeBuilder.build(columns, new TreeBuilder.Numbers(residuals.clone()),
                        weights, spec.tree(), rng);
                Tree tree = loss.newtonLeaves() ? newtonLeaves(result, loss, k, residuals, weights) : result.tree();
                trees.add(tree);
                double[] values = x.values();
                for (int r = 0; r < rows; r++) {
                    int leaf = tree.leaf(values, r * x.cols());
                    scores[r][k] += spec.learningRate() * tree.value()[leaf];
                }
            }
        }
        return trees;
    }

    private static void drawRows(double subsample, Pcg64 rng, double[] weights) {
        if (subsample >= 1.0) {
            Arrays.fill(weights, 1.0);
            return;
        }
        Arrays.fill(weights, 0.0);
        int[] order = rng.permutation(weights.length);
        int inBag = Math.max(1, (int) (subsample * weights.length));
        for (int i = 0; i < inBag; i++) weights[order[i]] = 1.0;
    }

    private static Tree newtonLeaves(TreeBuilder.Result result, BoostingLoss loss, int k, double[] residuals,
                                     double[] weights) {
        Tree tree = result.tree();
        double[] residualSums = new double[tree.nodeCount()];
        double[] hessianSums = new double[tree.nodeCount()];
        int[] leafOfRow = result.leafOfRow();
        for (int r = 0; r < leafOfRow.length; r++) {
            int leaf = leafOfRow[r];
            if (leaf < 0) continue;
            residualSums[leaf] += weights[r] * residuals[r];
            hessianSums[leaf] += weights[r] * loss.hessian(r, k, residuals[r]);
        }
        double[] value = tree.value().clone();
        for (int node = 0; node < tree.nodeCount(); node++) {
            if (tree.left()[node] == Tree.LEAF) {
                value[node] = loss.leafValue(residualSums[node], hessianSums[node]);
            }
        }
        return new Tree(tree.left(), tree.right(), tree.feature(), tree.threshold(), value, 1);
    }
}
