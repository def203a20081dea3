package dev.brine.models.histgb;

import dev.brine.core.CorruptModelException;
import dev.brine.core.IncompatibleModelException;
import dev.brine.core.json.Json;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.TensorRole;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.data.Matrix;
import dev.brine.models.snapshot.SnapshotReader;
import dev.brine.models.tabular.Probabilities;
import dev.brine.models.tabular.TabularClassifier;
import dev.brine.models.tabular.TabularModel;
import dev.brine.models.tabular.TabularRegressor;
import dev.brine.models.tabular.TabularSignature;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Histogram gradient boosting as scikit-learn's {@code HistGradientBoostingRegressor} / {@code Classifier} predicts
 * on raw features: raw scores {@code baseline + Σ trees} (leaf values already include the learning rate), one score
 * per class for more than two classes, through the loss's inverse link ({@link Link}). Missing values and
 * categorical splits as in {@link HistTree}. Inference only; trees are stored as validated tensors.
 */
public abstract sealed class HistGradientBoosting implements TabularModel
        permits HistGradientBoosting.Classifier, HistGradientBoosting.Regressor {

    public static final String CLASSIFIER = "hist_gradient_boosting_classifier";
    public static final String REGRESSOR = "hist_gradient_boosting_regressor";

    /** From raw score to prediction: identity, exp (Poisson, gamma), logistic (two classes), softmax. */
    public enum Link { IDENTITY, LOG, LOGIT, SOFTMAX }

    /** One tree's nodes in scikit-learn's predictor layout, as given to {@link #builder}. */
    public record TreeNodes(double[] value, int[] feature, double[] threshold, boolean[] missingGoesLeft, int[] left,
                            int[] right, boolean[] leaf, boolean[] categorical, int[] bitsetIndex,
                            int[] leftCategories) {
    }

    private final double[] baseline;
    private final List<HistTree> trees;
    private final KnownCategories known;
    private final Link link;
    private final int featureCount;
    private final List<String> featureNames;

    private HistGradientBoosting(double[] baseline, List<HistTree> trees, KnownCategories known, Link link,
                                 int featureCount, List<String> featureNames) {
        if (baseline.length == 0 || trees.size() % baseline.length != 0) {
            throw new IncompatibleModelException(trees.size() + " trees do not make whole iterations of "
                    + baseline.length + " scores");
        }
        if (known.featureSlot().length != featureCount) {
            throw new IncompatibleModelException("the category map covers " + known.featureSlot().length
                    + " features, the model has " + featureCount);
        }
        this.baseline = baseline.clone();
        this.trees = List.copyOf(trees);
        this.known = known;
        this.link = link;
        this.featureCount = featureCount;
        this.featureNames = List.copyOf(featureNames);
    }

    /**
     * A model from trees in iteration-major order (iteration 0's score 0, 1…, then iteration 1…).
     *
     * @param featureSlot per feature, its row in {@code knownCategories} (8 words each), or -1 when numeric
     */
    public static HistGradientBoosting of(double[] baseline, List<TreeNodes> trees, int[] featureSlot,
                                          int[] knownCategories, Link link, List<String> classLabels,
                                          List<String> featureNames) {
        List<HistTree> checked = new ArrayList<>(trees.size());
        KnownCategories known = new KnownCategories(featureSlot.clone(), knownCategories.clone());
        int categoricalFeatures = knownCategories.length / KnownCategories.WORDS;
        if (knownCategories.length % KnownCategories.WORDS != 0) {
            throw new IncompatibleModelException("known categories must be whole 8-word bitsets");
        }
        for (int t = 0; t < trees.size(); t++) {
            TreeNodes nodes = trees.get(t);
            HistTree tree = new HistTree(nodes.value(), nodes.feature(), nodes.threshold(), nodes.missingGoesLeft(),
                    nodes.left(), nodes.right(), nodes.leaf(), nodes.categorical(), nodes.bitsetIndex(),
                    nodes.leftCategories());
            check(tree, t, featureSlot, categoricalFeatures);
            checked.add(tree);
        }
        int features = featureSlot.length;
        return switch (link) {
            case IDENTITY, LOG -> new Regressor(baseline, checked, known, link, features, featureNames);
            case LOGIT, SOFTMAX -> new Classifier(baseline, checked, known, link, classLabels, features,
                    featureNames);
        };
    }

    /** Children follow their parent within the tree (so walks end), features and bitsets exist. */
    private static void check(HistTree tree, int index, int[] featureSlot, int categoricalFeatures) {
        int nodes = tree.nodeCount();
        if (nodes == 0 || tree.feature().length != nodes || tree.threshold().length != nodes
                || tree.missingGoesLeft().length != nodes || tree.left().length != nodes
                || tree.right().length != nodes || tree.leaf().length != nodes || tree.categorical().length != nodes
                || tree.bitsetIndex().length != nodes || tree.leftCategories().length % KnownCategories.WORDS != 0) {
            throw new CorruptModelException("histogram boosting tree " + index + ": node arrays disagree in length");
        }
        int bitsets = tree.leftCategories().length / KnownCategories.WORDS;
        for (int node = 0; node < nodes; node++) {
            if (tree.leaf()[node]) continue;
            int l = tree.left()[node];
            int r = tree.right()[node];
            int f = tree.feature()[node];
            if (l <= node || r <= node || l >= nodes || r >= nodes) {
                throw new CorruptModelException("histogram boosting tree " + index + " node " + node + " has children "
                        + l + " and " + r + "; children must follow their parent within the tree's " + nodes
                        + " nodes");
            }
            if (f < 0 || f >= featureSlot.length) {
                throw new CorruptModelException("histogram boosting tree " + index + " node " + node
                        + " splits on feature " + f + " of " + featureSlot.length);
            }
            if (tree.categorical()[node] && (tree.bitsetIndex()[node] < 0 || tree.bitsetIndex()[node] >= bitsets
                    || featureSlot[f] < 0 || featureSlot[f] >= categoricalFeatures)) {
                throw new CorruptModelException("histogram boosting tree " + index + " node " + node
                        + " is a categorical split without a valid category set");
            }
        }
    }

    /** Raw scores {@code (n, scores)}. */
    public Matrix rawScores(Matrix input) {
        input.requireColumns(featureCount, type());
        int scores = baseline.length;
        Matrix out = Matrix.zeros(input.rows(), scores);
        double[] values = input.values();
        for (int r = 0; r < input.rows(); r++) {
            for (int k = 0; k < scores; k++) out.set(r, k, baseline[k]);
        }
        for (int t = 0; t < trees.size(); t++) {
            HistTree tree = trees.get(t);
            int k = t % scores;
            for (int r = 0; r < input.rows(); r++) {
                out.set(r, k, out.get(r, k) + tree.predict(values, r * featureCount, known));
            }
        }
        return out;
    }

    public Link link() {
        return link;
    }

    @Override
    public boolean acceptsMissing(int feature) {
        return true;   // every split has a side for missing values
    }

    @Override
    public int featureCount() {
        return featureCount;
    }

    @Override
    public List<String> featureNames() {
        return featureNames;
    }

    protected abstract List<String> labels();

    @Override
    public ModelSnapshot snapshot() {
        int total = trees.stream().mapToInt(HistTree::nodeCount).sum();
        double[] value = new double[total];
        int[] feature = new int[total];
        double[] threshold = new double[total];
        boolean[] missingLeft = new boolean[total];
        int[] left = new int[total];
        int[] right = new int[total];
        boolean[] leaf = new boolean[total];
        boolean[] categorical = new boolean[total];
        int[] bitsetIndex = new int[total];
        long[] treeOffsets = new long[trees.size() + 1];
        long[] bitsetOffsets = new long[trees.size() + 1];
        List<int[]> bitsets = new ArrayList<>();
        int at = 0;
        int bitsetRows = 0;
        for (int t = 0; t < trees.size(); t++) {
            HistTree tree = trees.get(t);
            int n = tree.nodeCount();
            treeOffsets[t] = at;
            bitsetOffsets[t] = bitsetRows;
            System.arraycopy(tree.value(), 0, value, at, n);
            System.arraycopy(tree.feature(), 0, feature, at, n);
            System.arraycopy(tree.threshold(), 0, threshold, at, n);
            System.arraycopy(tree.missingGoesLeft(), 0, missingLeft, at, n);
            System.arraycopy(tree.left(), 0, left, at, n);
            System.arraycopy(tree.right(), 0, right, at, n);
            System.arraycopy(tree.leaf(), 0, leaf, at, n);
            System.arraycopy(tree.categorical(), 0, categorical, at, n);
            System.arraycopy(tree.bitsetIndex(), 0, bitsetIndex, at, n);
            bitsets.add(tree.leftCategories());
            bitsetRows += tree.leftCategories().length / KnownCategories.WORDS;
            at += n;
        }
        treeOffsets[trees.size()] = at;
        bitsetOffsets[trees.size()] = bitsetRows;
        int[] leftCategories = new int[bitsetRows * KnownCategories.WORDS];
        int offset = 0;
        for (int[] rows : bitsets) {
            System.arraycopy(rows, 0, leftCategories, offset, rows.length);
            offset += rows.length;
        }
        List<NamedTensor> tensors = List.of(
                parameter("baseline", Tensor.of(baseline)),
                parameter("tree_offsets", Tensor.of(treeOffsets)),
                parameter("bitset_offsets", Tensor.of(bitsetOffsets)),
                parameter("value", Tensor.of(value)),
                parameter("feature", Tensor.of(feature)),
                parameter("threshold", Tensor.of(threshold)),
                parameter("missing_go_to_left", Tensor.of(missingLeft)),
                parameter("left", Tensor.of(left)),
                parameter("right", Tensor.of(right)),
                parameter("is_leaf", Tensor.of(leaf)),
                parameter("is_categorical", Tensor.of(categorical)),
                parameter("bitset_index", Tensor.of(bitsetIndex)),
                parameter("left_categories", Tensor.of(leftCategories, bitsetRows, KnownCategories.WORDS)),
                parameter("feature_slot", Tensor.of(known.featureSlot())),
                parameter("known_categories", Tensor.of(known.bitsets(),
                        known.bitsets().length / KnownCategories.WORDS, KnownCategories.WORDS)));
        Json.JsonObject config = Json.object().put("link", link.name().toLowerCase(Locale.ROOT))
                .put("trees", trees.size()).build();
        return new ModelSnapshot(type(), config, tensors, signature(), labels(), Optional.empty());
    }

    private static NamedTensor parameter(String name, Tensor tensor) {
        return new NamedTensor(name, tensor, TensorRole.PARAMETER);
    }

    static HistGradientBoosting restore(ModelSnapshot snapshot) {
        SnapshotReader reader = new SnapshotReader(snapshot, snapshot.type());
        Link link = reader.config(config -> Link.valueOf(config.getString("link").toUpperCase(Locale.ROOT)));
        int treeCount = reader.config(config -> Math.toIntExact(config.getLong("trees")));
        if (snapshot.type().equals(CLASSIFIER) != (link == Link.LOGIT || link == Link.SOFTMAX)) {
            throw new CorruptModelException("model type " + snapshot.type() + " cannot have link " + link);
        }
        int features = TabularSignature.featureCount(snapshot);
        double[] baseline = reader.doubles("baseline", -1);
        long[] treeOffsets = reader.longs("tree_offsets", treeCount + 1);
        long[] bitsetOffsets = reader.longs("bitset_offsets", treeCount + 1);
        double[] value = reader.doubles("value", -1);
        int total = value.length;
        int[] feature = reader.ints("feature", total);
        double[] threshold = reader.doubles("threshold", total);
        boolean[] missingLeft = flags(reader, "missing_go_to_left", total);
        int[] left = reader.ints("left", total);
        int[] right = reader.ints("right", total);
        boolean[] leaf = flags(reader, "is_leaf", total);
        boolean[] categorical = flags(reader, "is_categorical", total);
        int[] bitsetIndex = reader.ints("bitset_index", total);
        int[] leftCategories = reader.ints("left_categories", -1, KnownCategories.WORDS);
        int[] featureSlot = reader.ints("feature_slot", features);
        int[] known = reader.ints("known_categories", -1, KnownCategories.WORDS);
        List<TreeNodes> trees = new ArrayList<>(treeCount);
        for (int t = 0; t < treeCount; t++) {
            int from = range(treeOffsets, t, total, "tree_offsets", snapshot);
            int to = (int) treeOffsets[t + 1];
            int bitsFrom = range(bitsetOffsets, t, leftCategories.length / KnownCategories.WORDS, "bitset_offsets",
                    snapshot);
            int bitsTo = (int) bitsetOffsets[t + 1];
            trees.add(new TreeNodes(Arrays.copyOfRange(value, from, to), Arrays.copyOfRange(feature, from, to),
                    Arrays.copyOfRange(threshold, from, to), Arrays.copyOfRange(missingLeft, from, to),
                    Arrays.copyOfRange(left, from, to), Arrays.copyOfRange(right, from, to),
                    Arrays.copyOfRange(leaf, from, to), Arrays.copyOfRange(categorical, from, to),
                    Arrays.copyOfRange(bitsetIndex, from, to), Arrays.copyOfRange(leftCategories,
                    bitsFrom * KnownCategories.WORDS, bitsTo * KnownCategories.WORDS)));
        }
        if (treeOffsets[treeCount] != total) {
            throw new CorruptModelException("model type " + snapshot.type() + ": tree_offsets ends at "
                    + treeOffsets[treeCount] + " but there are " + total + " nodes");
        }
        return of(baseline, trees, featureSlot, known, link, snapshot.classLabels(),
                snapshot.signature().featureNames());
    }

    private static int range(long[] offsets, int t, int total, String name, ModelSnapshot snapshot) {
        if (offsets[t] < 0 || offsets[t] > offsets[t + 1] || offsets[t + 1] > total || (t == 0 && offsets[0] != 0)) {
            throw new CorruptModelException("model type " + snapshot.type() + ": " + name + " " + t + " and " + (t + 1)
                    + " (" + offsets[t] + ", " + offsets[t + 1] + ") do not delimit a range of " + total);
        }
        return (int) offsets[t];
    }

    private static boolean[] flags(SnapshotReader reader, String name, int count) {
        long[] values = reader.longs(name, count);
        boolean[] out = new boolean[values.length];
        for (int i = 0; i < values.length; i++) out[i] = values[i] != 0;
        return out;
    }

    public static final class Classifier extends HistGradientBoosting implements TabularClassifier {
        private final List<String> classLabels;

        private Classifier(double[] baseline, List<HistTree> trees, KnownCategories known, Link link,
                           List<String> classLabels, int featureCount, List<String> featureNames) {
            super(baseline, trees, known, link, featureCount, featureNames);
            int expected = classLabels.size() == 2 ? 1 : classLabels.size();
            if (classLabels.size() < 2 || baseline.length != expected || (link == Link.LOGIT) != (expected == 1)) {
                throw new IncompatibleModelException("histogram boosting of " + classLabels.size() + " classes needs "
                        + expected + " scores with a " + (expected == 1 ? "logit" : "softmax") + " link");
            }
            this.classLabels = List.copyOf(classLabels);
        }

        @Override
        public Matrix predictProba(Matrix input) {
            return Probabilities.fromScores(rawScores(input));
        }

        @Override
        public List<String> classLabels() {
            return classLabels;
        }

        @Override
        protected List<String> labels() {
            return classLabels;
        }

        @Override
        public String type() {
            return CLASSIFIER;
        }
    }

    public static final class Regressor extends HistGradientBoosting implements TabularRegressor {
        private Regressor(double[] baseline, List<HistTree> trees, KnownCategories known, Link link, int featureCount,
                          List<String> featureNames) {
            super(baseline, trees, known, link, featureCount, featureNames);
            if (baseline.length != 1) {
                throw new IncompatibleModelException("a histogram boosting regressor has one score, not "
                        + baseline.length);
            }
        }

        @Override
        public Tensor predict(Matrix input) {
            double[] raw = rawScores(input).values();
            if (link() == Link.LOG) {
                for (int i = 0; i < raw.length; i++) raw[i] = Math.exp(raw[i]);
            }
            return Tensor.of(raw);
        }

        @Override
        protected List<String> labels() {
            return List.of();
        }

        @Override
        public String type() {
            return REGRESSOR;
        }
    }
}
