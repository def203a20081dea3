package dev.brine.python.sklearn;

import dev.brine.core.CorruptModelException;
import dev.brine.models.tree.Criterion;
import dev.brine.models.tree.MaxFeatures;
import dev.brine.models.tree.Tree;
import dev.brine.models.tree.TreeParams;
import dev.brine.python.numpy.NdArray;
import dev.brine.python.pickle.PyFloat;
import dev.brine.python.pickle.PyInt;
import dev.brine.python.pickle.PyObject;
import dev.brine.python.pickle.PyStr;
import dev.brine.python.pickle.PyValue;

/**
 * Reads a fitted {@code sklearn.tree._tree.Tree} (a DecisionTree*'s {@code tree_}; docs/python-formats.md): its {@code nodes}
 * record array, read by field name because the layout changed in 1.3, and its {@code values}. Child indices are
 * checked (children follow their parent, as scikit-learn's builders number them), so a damaged file cannot make
 * prediction loop or index out of bounds.
 */
final class SklearnTrees {

    private SklearnTrees() {
    }

    /**
     * The tree of {@code estimator.tree_} for {@code featureCount} features; classifier leaves hold class
     * probabilities (counts or fractions, normalised as {@code predict_proba} does), regressor leaves the mean.
     */
    static Tree read(Estimator estimator, int featureCount, boolean classification) {
        if (!(estimator.require("tree_") instanceof PyObject treeObject)) {
            throw estimator.mistyped("tree_", "a sklearn.tree._tree.Tree");
        }
        Estimator tree = new Estimator(treeObject, estimator.where());
        NdArray nodes = tree.array("nodes");
        NdArray valuesArray = tree.array("values");
        long[] shape = valuesArray.shape();
        if (shape.length != 3 || shape[1] != 1) {
            throw estimator.unsupported("has several outputs (tree values of shape "
                    + java.util.Arrays.toString(shape) + "); Brine reads single-output trees");
        }
        int count = Math.toIntExact(nodes.numElements());
        int width = Math.toIntExact(shape[2]);
        if (shape[0] != count || count == 0 || !classification && width != 1) {
            throw estimator.incompatible("has " + count + " nodes but values of shape "
                    + java.util.Arrays.toString(shape));
        }
        long[] left = nodes.field("left_child").toLongArray();
        long[] right = nodes.field("right_child").toLongArray();
        long[] feature = nodes.field("feature").toLongArray();
        double[] threshold = nodes.field("threshold").toDoubleArray();
        double[] value = valuesArray.toTensor().toDoubleArray();
        // Since 1.3 each node says where NaN goes; older trees send it right, as Tree does without directions.
        boolean[] missingLeft = nodes.dtype().field("missing_go_to_left").isPresent()
                ? nonZero(nodes.field("missing_go_to_left").toLongArray()) : new boolean[0];
        int[] leftChild = new int[count];
        int[] rightChild = new int[count];
        int[] splitFeature = new int[count];
        for (int node = 0; node < count; node++) {
            boolean leaf = left[node] == Tree.LEAF;
            if (leaf != (right[node] == Tree.LEAF) || !leaf && (left[node] <= node || right[node] <= node
                    || left[node] >= count || right[node] >= count || feature[node] < 0
                    || feature[node] >= featureCount)) {
                throw new CorruptModelException(estimator.where() + ": tree node " + node + " has children "
                        + left[node] + ", " + right[node] + " and feature " + feature[node] + "; a fitted tree's "
                        + "children follow their parent and its features are below " + featureCount);
            }
            leftChild[node] = (int) left[node];
            rightChild[node] = (int) right[node];
            splitFeature[node] = leaf ? Tree.LEAF : (int) feature[node];
            threshold[node] = leaf ? threshold[node] : Float32Thresholds.forDoubleInputs(threshold[node]);
        }
        if (classification) {
            normalise(value, width);
        }
        return new Tree(leftChild, rightChild, splitFeature, threshold, value, width, missingLeft);
    }

    private static boolean[] nonZero(long[] values) {
        boolean[] out = new boolean[values.length];
        for (int i = 0; i < values.length; i++) out[i] = values[i] != 0;
        return out;
    }

    /** Class weights per node to probabilities; an all-zero row stays zero (scikit-learn divides by 1 there). */
    private static void normalise(double[] value, int width) {
        for (int offset = 0; offset < value.length; offset += width) {
            double sum = 0;
            for (int k = 0; k < width; k++) sum += value[offset + k];
            if (sum == 0) continue;
            for (int k = 0; k < width; k++) value[offset + k] /= sum;
        }
    }

    /**
     * The growth settings Brine would refit with, from scikit-learn's hyper-parameters. Settings Brine's trees do
     * not have are mapped to the nearest ones it has (criteria absolute_error and poisson to squared error,
     * fractional minimum sample counts to the defaults); prediction does not depend on them.
     */
    static TreeParams params(Estimator estimator, boolean classification) {
        Criterion criterion;
        try {
            criterion = Criterion.fromName(estimator.string("criterion", classification ? "gini" : "squared_error"));
        } catch (IllegalArgumentException e) {
            criterion = classification ? Criterion.GINI : Criterion.SQUARED_ERROR;
        }
        if (criterion.forClassification() != classification) {
            criterion = classification ? Criterion.GINI : Criterion.SQUARED_ERROR;
        }
        int maxDepth = Math.toIntExact(estimator.integer("max_depth", 0));
        int minSplit = estimator.get("min_samples_split").orElse(null) instanceof PyInt split
                ? Math.max(2, split.value().intValue()) : 2;
        int minLeaf = estimator.get("min_samples_leaf").orElse(null) instanceof PyInt leaf
                ? Math.max(1, leaf.value().intValue()) : 1;
        boolean random = estimator.string("splitter", "best").equals("random")
                || estimator.name().startsWith("ExtraTree");
        return new TreeParams(criterion, maxDepth, minSplit, minLeaf, maxFeatures(estimator, classification), random);
    }

    private static MaxFeatures maxFeatures(Estimator estimator, boolean classification) {
        PyValue value = estimator.get("max_features").orElse(null);
        return switch (value) {
            case null -> new MaxFeatures.All();
            case PyStr text when text.value().equals("auto") -> classification ? new MaxFeatures.Sqrt()
                    : new MaxFeatures.All();
            case PyStr text when text.value().equals("log2") -> new MaxFeatures.Log2();
            case PyStr text -> new MaxFeatures.Sqrt();
            case PyInt count -> new MaxFeatures.Count(Math.max(1, count.value().intValue()));
            case PyFloat fraction when fraction.value() >= 1.0 -> new MaxFeatures.All();
            case PyFloat fraction when fraction.value() > 0 -> new MaxFeatures.Fraction(fraction.value());
            default -> new MaxFeatures.All();
        };
    }

    /** {@code random_state} when it is an int, else 0 (the seed Brine would refit with). */
    static long seed(Estimator estimator) {
        return estimator.get("random_state").orElse(null) instanceof PyInt seed && seed.fitsLong()
                ? seed.longValue() : 0;
    }
}
