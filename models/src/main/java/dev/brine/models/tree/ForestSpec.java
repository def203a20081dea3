package dev.brine.models.tree;

import dev.brine.core.json.Json;
import dev.brine.models.data.Labels;
import dev.brine.models.data.Matrix;
import dev.brine.models.random.Pcg64;
import dev.brine.models.tabular.EstimatorSpec;
import dev.brine.models.tabular.Target;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * How to fit a decision tree, a random forest or extra trees (scikit-learn's estimators and defaults): the kind, the
 * task, the number of trees, how each grows, whether each sees a bootstrap sample, and the seed of the
 * {@link Pcg64} stream that draws every random choice. Tree {@code i} gets its own stream split off the forest's in
 * order, so trees can grow in parallel yet the forest is the same bit for bit on any number of cores, and growing
 * more trees later continues exactly where the saved stream stopped.
 */
public record ForestSpec(Kind kind, boolean classification, int treeCount, TreeParams tree, boolean bootstrap,
                         long seed) implements EstimatorSpec {

    public enum Kind {
        DECISION_TREE("decision_tree"), RANDOM_FOREST("random_forest"), EXTRA_TREES("extra_trees");

        final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }
    }

    public ForestSpec {
        if (treeCount < 1) {
            throw new IllegalArgumentException("need at least one tree, got " + treeCount);
        }
        if (kind == Kind.DECISION_TREE && (treeCount != 1 || bootstrap)) {
            throw new IllegalArgumentException("a decision tree is one tree without bootstrap");
        }
        if (classification != tree.criterion().forClassification()) {
            throw new IllegalArgumentException("criterion " + tree.criterion().jsonName() + " does not fit a "
                    + (classification ? "classifier" : "regressor"));
        }
    }

    public static ForestSpec decisionTreeClassifier(long seed) {
        return new ForestSpec(Kind.DECISION_TREE, true, 1, TreeParams.defaults(Criterion.GINI), false, seed);
    }

    public static ForestSpec decisionTreeRegressor(long seed) {
        return new ForestSpec(Kind.DECISION_TREE, false, 1, TreeParams.defaults(Criterion.SQUARED_ERROR), false, seed);
    }

    /** scikit-learn's defaults: 100 trees, bootstrap, √d features per split. */
    public static ForestSpec randomForestClassifier(int treeCount, long seed) {
        return new ForestSpec(Kind.RANDOM_FOREST, true, treeCount,
                TreeParams.defaults(Criterion.GINI).withMaxFeatures(new MaxFeatures.Sqrt()), true, seed);
    }

    /** scikit-learn's defaults: 100 trees, bootstrap, all features per split. */
    public static ForestSpec randomForestRegressor(int treeCount, long seed) {
        return new ForestSpec(Kind.RANDOM_FOREST, false, treeCount, TreeParams.defaults(Criterion.SQUARED_ERROR),
                true, seed);
    }

    /** scikit-learn's defaults: no bootstrap, random thresholds, √d features per split. */
    public static ForestSpec extraTreesClassifier(int treeCount, long seed) {
        return new ForestSpec(Kind.EXTRA_TREES, true, treeCount, TreeParams.defaults(Criterion.GINI)
                .withMaxFeatures(new MaxFeatures.Sqrt()).withRandomThresholds(true), false, seed);
    }

    public static ForestSpec extraTreesRegressor(int treeCount, long seed) {
        return new ForestSpec(Kind.EXTRA_TREES, false, treeCount, TreeParams.defaults(Criterion.SQUARED_ERROR)
                .withRandomThresholds(true), false, seed);
    }

    public ForestSpec withTree(TreeParams value) {
        return new ForestSpec(kind, classification, treeCount, value, bootstrap, seed);
    }

    public ForestSpec withTreeCount(int value) {
        return new ForestSpec(kind, classification, value, tree, bootstrap, seed);
    }

    public String typeName() {
        return kind.prefix + (classification ? "_classifier" : "_regressor");
    }

    public Json.JsonObject toJson() {
        return Json.object().put("n_estimators", treeCount).put("bootstrap", bootstrap).put("seed", seed)
                .put("tree", tree.toJson()).build();
    }

    static ForestSpec fromJson(String type, Json.JsonObject json) {
        Kind kind = null;
        for (Kind candidate : Kind.values()) {
            if (type.startsWith(candidate.prefix + "_")) kind = candidate;
        }
        if (kind == null) throw new IllegalArgumentException("not a forest type: " + type);
        return new ForestSpec(kind, type.endsWith("_classifier"), Math.toIntExact(json.getLong("n_estimators")),
                TreeParams.fromJson(json.getObject("tree")), json.getBoolean("bootstrap"), json.getLong("seed"));
    }

    @Override
    public Forest fit(Matrix x, Target y, List<String> featureNames) {
        Pcg64 rng = Pcg64.seeded(seed);
        Training data = Training.of(x, y, classification, typeName());
        List<Tree> trees = grow(data, treeCount, rng);
        return Forest.of(this, trees, data.classes(), x.cols(), featureNames, rng);
    }

    /** The training data in the form trees grow from. */
    record Training(double[][] columns, TreeBuilder.Labels labels, List<String> classes) {
        static Training of(Matrix x, Target y, boolean classification, String type) {
            if (x.rows() != y.size()) {
                throw new IllegalArgumentException(x.rows() + " rows of features but " + y.size() + " targets");
            }
            double[][] columns = new double[x.cols()][];
            for (int c = 0; c < x.cols(); c++) columns[c] = x.column(c);
            if (classification) {
                Labels labels = EstimatorSpec.classes(y, type);
                return new Training(columns, new TreeBuilder.Classes(labels.codes(), labels.classCount()),
                        labels.classes());
            }
            return new Training(columns, new TreeBuilder.Numbers(EstimatorSpec.values(y, type)), List.of());
        }

        int rows() {
            return columns.length == 0 ? 0 : columns[0].length;
        }
    }

    /** Grows {@code count} more trees, advancing {@code rng} by exactly one split per tree. */
    List<Tree> grow(Training data, int count, Pcg64 rng) {
        List<Pcg64> streams = new ArrayList<>(count);
        for (int i = 0; i < count; i++) streams.add(rng.split());
        int rows = data.rows();
        return IntStream.range(0, count).parallel().mapToObj(i -> {
            Pcg64 stream = streams.get(i);
            double[] weights = new double[rows];
            if (bootstrap) {
                for (int draw = 0; draw < rows; draw++) weights[stream.nextInt(rows)] += 1;
            } else {
                java.util.Arrays.fill(weights, 1.0);
            }
            return TreeBuilder.build(data.columns(), data.labels(), weights, tree, stream).tree();
        }).toList();
    }
}
