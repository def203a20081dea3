package dev.brine.models.tree;

import dev.brine.models.random.Pcg64;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Grows one CART tree depth-first, the way scikit-learn's {@code DepthFirstTreeBuilder} with {@code BestSplitter} or
 * {@code RandomSplitter} does: at each node, features are drawn in random order until {@code max_features}
 * non-constant ones have been tried; for each, the best threshold halfway between consecutive distinct values (or one
 * uniform random threshold, for extra trees) is scored by the weighted impurity decrease; samples are partitioned in
 * place. Sample weights carry bootstrap counts; rows of weight 0 are left out. Nodes are numbered in pre-order.
 */
final class TreeBuilder {

    /** Values closer than this count as equal (scikit-learn's FEATURE_THRESHOLD). */
    private static final double FEATURE_THRESHOLD = 1e-7;
    private static final double EPSILON = 0x1.0p-52;

    /** What a tree learns: class codes (with the class count) or numbers. */
    sealed interface Labels permits Classes, Numbers {
    }

    record Classes(int[] codes, int classCount) implements Labels {
    }

    record Numbers(double[] values) implements Labels {
    }

    /** The tree, and for every training row the leaf it ended in (-1 for rows left out), for leaf-value updates. */
    record Result(Tree tree, int[] leafOfRow) {
    }

    private final double[][] columns;
    private final Labels labels;
    private final double[] weights;
    private final TreeParams params;
    private final Pcg64 rng;
    private final int width;
    private final int maxFeatures;
    private final int[] samples;
    private final double[] keys;
    private final int[] featureOrder;
    private final NodeStats total;
    private final NodeStats left;
    private final NodeStats right;

    private TreeBuilder(double[][] columns, Labels labels, double[] weights, TreeParams params, Pcg64 rng) {
        this.columns = columns;
        this.labels = labels;
        this.weights = weights;
        this.params = params;
        this.rng = rng;
        this.width = labels instanceof Classes classes ? classes.classCount() : 1;
        this.maxFeatures = params.maxFeatures().resolve(columns.length);
        int rows = weights.length;
        int present = 0;
        for (double weight : weights) if (weight > 0) present++;
        this.samples = new int[present];
        for (int row = 0, i = 0; row < rows; row++) if (weights[row] > 0) samples[i++] = row;
        this.keys = new double[present];
        this.featureOrder = new int[columns.length];
        this.total = new NodeStats(width);
        this.left = new NodeStats(width);
        this.right = new NodeStats(width);
    }

    /**
     * Grows a tree. {@code columns} holds the features column by column ({@code columns[feature][row]});
     * {@code weights} one weight per row (1 for plain fitting, bootstrap counts for forests).
     */
    static Result build(double[][] columns, Labels labels, double[] weights, TreeParams params, Pcg64 rng) {
        if ((labels instanceof Classes) != params.criterion().forClassification()) {
            throw new IllegalArgumentException("criterion " + params.criterion().jsonName() + " does not fit "
                    + (labels instanceof Classes ? "class labels" : "numeric targets"));
        }
        return new TreeBuilder(columns, labels, weights, params, rng).grow();
    }

    private record Pending(int start, int end, int depth, int parent, boolean isLeft) {
    }

    private record Split(int feature, double threshold, int position, double improvement) {
    }

    private Result grow() {
        GrowingTree tree = new GrowingTree(width);
        int[] leafOfRow = new int[weights.length];
        Arrays.fill(leafOfRow, -1);
        ArrayDeque<Pending> stack = new ArrayDeque<>();
        stack.push(new Pending(0, samples.length, 0, -1, false));
        while (!stack.isEmpty()) {
            Pending node = stack.pop();
            total.reset();
            for (int i = node.start; i < node.end; i++) total.add(samples[i], labels, weights);
            int count = node.end - node.start;
            boolean leaf = (params.maxDepth() > 0 && node.depth >= params.maxDepth())
                    || count < params.minSamplesSplit() || count < 2 * params.minSamplesLeaf()
                    || total.impurity(params.criterion()) <= EPSILON;
            Split split = leaf ? null : findSplit(node.start, node.end);
            int id = tree.add(node.parent, node.isLeft, total.leafValue(params.criterion()));
            if (split == null) {
                for (int i = node.start; i < node.end; i++) leafOfRow[samples[i]] = id;
                continue;
            }
            tree.setSplit(id, split.feature, split.threshold);
            stack.push(new Pending(split.position, node.end, node.depth + 1, id, false));
            stack.push(new Pending(node.start, split.position, node.depth + 1, id, true));
        }
        return new Result(tree.build(), leafOfRow);
    }

    /** The best split of samples[start, end), partitioning them around it; null when no feature can split. */
    private Split findSplit(int start, int end) {
        Split best = null;
        for (int f = 0; f < featureOrder.length; f++) featureOrder[f] = f;
        int tried = 0;
        for (int drawn = 0; drawn < featureOrder.length && tried < maxFeatures; drawn++) {
            // Fisher–Yates one step at a time: the next feature is uniform among those not yet drawn.
            int pick = drawn + rng.nextInt(featureOrder.length - drawn);
            int feature = featureOrder[pick];
            featureOrder[pick] = featureOrder[drawn];
            featureOrder[drawn] = feature;
            Split candidate = params.randomThresholds() ? randomSplit(feature, start, end) : bestSplit(feature, start, end);
            if (candidate == CONSTANT) {
                continue;
            }
            tried++;
            if (candidate != null && (best == null || candidate.improvement > best.improvement)) {
                best = candidate;
            }
        }
        if (best != null) {
            best = new Split(best.feature, best.threshold, partition(best.feature, best.threshold, start, end),
                    best.improvement);
        }
        return best;
    }

    /** Marks a feature that is constant in the node: it does not count toward max_features. */
    private static final Split CONSTANT = new Split(-1, 0, 0, 0);

    private Split bestSplit(int feature, int start, int end) {
        double[] column = columns[feature];
        for (int i = start; i < end; i++) keys[i] = column[samples[i]];
        ArgSort.sort(keys, samples, start, end);
        if (keys[end - 1] <= keys[start] + FEATURE_THRESHOLD) {
            return CONSTANT;
        }
        left.reset();
        right.copyFrom(total);
        Split best = null;
        double parentScore = total.proxy(params.criterion());
        int minLeaf = params.minSamplesLeaf();
        for (int position = start + 1; position < end; position++) {
            int moved = samples[position - 1];
            left.add(moved, labels, weights);
            right.remove(moved, labels, weights);
            if (keys[position] <= keys[position - 1] + FEATURE_THRESHOLD) continue;
            if (position - start < minLeaf || end - position < minLeaf) continue;
            double improvement = left.proxy(params.criterion()) + right.proxy(params.criterion()) - parentScore;
            if (best == null || improvement > best.improvement) {
                double threshold = keys[position - 1] / 2.0 + keys[position] / 2.0;
                if (threshold == keys[position] || Double.isInfinite(threshold)) threshold = keys[position - 1];
                best = new Split(feature, threshold, position, improvement);
            }
        }
        return best;
    }

    private Split randomSplit(int feature, int start, int end) {
        double[] column = columns[feature];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = start; i < end; i++) {
            double v = column[samples[i]];
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (max <= min + FEATURE_THRESHOLD) {
            return CONSTANT;
        }
        double threshold = min + rng.nextDouble() * (max - min);
        if (threshold == max) threshold = min;
        left.reset();
        right.reset();
        int leftCount = 0;
        for (int i = start; i < end; i++) {
            int sample = samples[i];
            if (column[sample] <= threshold) {
                left.add(sample, labels, weights);
                leftCount++;
            } else {
                right.add(sample, labels, weights);
            }
        }
        if (leftCount < params.minSamplesLeaf() || end - start - leftCount < params.minSamplesLeaf()) {
            return null;
        }
        double improvement = left.proxy(params.criterion()) + right.proxy(params.criterion())
                - total.proxy(params.criterion());
        return new Split(feature, threshold, -1, improvement);
    }

    /** Moves samples with {@code x[feature] <= threshold} to the front; returns where the right side starts. */
    private int partition(int feature, double threshold, int start, int end) {
        double[] column = columns[feature];
        int low = start;
        int high = end - 1;
        while (low <= high) {
            if (column[samples[low]] <= threshold) {
                low++;
            } else {
                int swap = samples[low];
                samples[low] = samples[high];
                samples[high] = swap;
                high--;
            }
        }
        return low;
    }

    /** Weighted sums of one side of a split: class weights, or Σw, Σwy, Σwy². */
    private static final class NodeStats {
        private final double[] classWeights;
        private double weight;
        private double sum;
        private double sumSquares;

        NodeStats(int width) {
            this.classWeights = new double[width];
        }

        void reset() {
            Arrays.fill(classWeights, 0);
            weight = 0;
            sum = 0;
            sumSquares = 0;
        }

        void copyFrom(NodeStats other) {
            System.arraycopy(other.classWeights, 0, classWeights, 0, classWeights.length);
            weight = other.weight;
            sum = other.sum;
            sumSquares = other.sumSquares;
        }

        void add(int sample, Labels labels, double[] weights) {
            update(sample, labels, weights[sample]);
        }

        void remove(int sample, Labels labels, double[] weights) {
            update(sample, labels, -weights[sample]);
        }

        private void update(int sample, Labels labels, double w) {
            weight += w;
            switch (labels) {
                case Classes classes -> classWeights[classes.codes()[sample]] += w;
                case Numbers numbers -> {
                    double y = numbers.values()[sample];
                    sum += w * y;
                    sumSquares += w * y * y;
                }
            }
        }

        /** Impurity per unit weight. */
        double impurity(Criterion criterion) {
            return switch (criterion) {
                case GINI -> {
                    double squares = 0;
                    for (double c : classWeights) squares += c * c;
                    yield 1.0 - squares / (weight * weight);
                }
                case ENTROPY -> {
                    double entropy = 0;
                    for (double c : classWeights) {
                        if (c > 0) entropy -= (c / weight) * Math.log(c / weight) / Math.log(2);
                    }
                    yield entropy;
                }
                case SQUARED_ERROR -> {
                    double mean = sum / weight;
                    yield sumSquares / weight - mean * mean;
                }
            };
        }

        /**
         * Minus the weighted impurity (weight × impurity), up to terms equal for every split of a node; a split's
         * impurity decrease is left.proxy + right.proxy − parent.proxy, so comparing proxies compares decreases.
         */
        double proxy(Criterion criterion) {
            if (weight <= 0) return 0;
            return switch (criterion) {
                case GINI -> {
                    double squares = 0;
                    for (double c : classWeights) squares += c * c;
                    yield squares / weight - weight;
                }
                case ENTROPY -> {
                    double value = -weight * Math.log(weight);
                    for (double c : classWeights) if (c > 0) value += c * Math.log(c);
                    yield value;
                }
                case SQUARED_ERROR -> sum * sum / weight - sumSquares;
            };
        }

        double[] leafValue(Criterion criterion) {
            if (criterion == Criterion.SQUARED_ERROR) {
                return new double[] {sum / weight};
            }
            double[] probabilities = new double[classWeights.length];
            for (int k = 0; k < probabilities.length; k++) probabilities[k] = classWeights[k] / weight;
            return probabilities;
        }
    }

    /** Node arrays that grow as the builder adds nodes. */
    private static final class GrowingTree {
        private final int width;
        private int[] left = new int[16];
        private int[] right = new int[16];
        private int[] feature = new int[16];
        private double[] threshold = new double[16];
        private double[] value;
        private int count;

        GrowingTree(int width) {
            this.width = width;
            this.value = new double[16 * width];
        }

        int add(int parent, boolean isLeft, double[] leafValue) {
            if (count == left.length) {
                int capacity = count * 2;
                left = Arrays.copyOf(left, capacity);
                right = Arrays.copyOf(right, capacity);
                feature = Arrays.copyOf(feature, capacity);
                threshold = Arrays.copyOf(threshold, capacity);
                value = Arrays.copyOf(value, capacity * width);
            }
            int id = count++;
            left[id] = Tree.LEAF;
            right[id] = Tree.LEAF;
            feature[id] = -2;
            threshold[id] = -2;
            System.arraycopy(leafValue, 0, value, id * width, width);
            if (parent >= 0) {
                if (isLeft) left[parent] = id;
                else right[parent] = id;
            }
            return id;
        }

        void setSplit(int id, int splitFeature, double splitThreshold) {
            feature[id] = splitFeature;
            threshold[id] = splitThreshold;
        }

        Tree build() {
            return new Tree(Arrays.copyOf(left, count), Arrays.copyOf(right, count), Arrays.copyOf(feature, count),
                    Arrays.copyOf(threshold, count), Arrays.copyOf(value, count * width), width);
        }
    }
}
