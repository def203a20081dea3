package dev.brine.python.sklearn;

import dev.brine.models.histgb.HistGradientBoosting;
import dev.brine.models.histgb.HistGradientBoosting.Link;
import dev.brine.models.histgb.HistGradientBoosting.TreeNodes;
import dev.brine.models.tabular.TabularModel;
import dev.brine.python.numpy.NdArray;
import dev.brine.python.pickle.PyObject;
import dev.brine.python.pickle.PyValue;

import java.util.ArrayList;
import java.util.List;

/**
 * HistGradientBoostingClassifier / Regressor: {@code _predictors} (iterations × scores of {@code TreePredictor}s,
 * whose {@code nodes} are packed 52-byte records read by field name, docs/python-formats.md), their raw-category bitsets,
 * {@code _baseline_prediction}, the categories known at fit time ({@code _bin_mapper}) and the loss, which gives
 * the inverse link.
 */
final class HistGradientBoostingConverter {

    private static final int WORDS = 8;

    private HistGradientBoostingConverter() {
    }

    static TabularModel convert(Estimator estimator, Conversion conversion) {
        boolean classification = estimator.name().endsWith("Classifier");
        if (estimator.has("_preprocessor")) {
            throw estimator.unsupported("encodes pandas categorical columns itself (_preprocessor, scikit-learn "
                    + "1.4+ categorical_features='from_dtype'); Brine reads models fitted on numeric columns");
        }
        int features = estimator.featureCount().orElseGet(() -> Math.toIntExact(estimator.integer("_n_features")));
        List<String> classes = classification ? estimator.classLabels() : List.of();
        Link link = link(estimator, classification, classes.size());
        List<TreeNodes> trees = new ArrayList<>();
        List<PyValue> iterations = estimator.items("_predictors");
        int scores = Math.toIntExact(estimator.integer("n_trees_per_iteration_", 1));
        for (int i = 0; i < iterations.size(); i++) {
            List<PyValue> predictors = estimator.items(iterations.get(i), "_predictors");
            if (predictors.size() != scores) {
                throw estimator.incompatible("has " + predictors.size() + " trees in iteration " + i + ", expected "
                        + scores);
            }
            for (int k = 0; k < scores; k++) {
                if (!(predictors.get(k) instanceof PyObject predictor)) {
                    throw estimator.mistyped("_predictors", "lists of TreePredictor");
                }
                trees.add(nodes(new Estimator(predictor, estimator.where() + " iteration " + i + " tree " + k)));
            }
        }
        double[] baseline = estimator.doubles("_baseline_prediction");
        KnownCategories known = knownCategories(estimator, features);
        return HistGradientBoosting.of(baseline, trees, known.featureSlot(), known.bitsets(), link, classes,
                estimator.featureNames());
    }

    private static Link link(Estimator estimator, boolean classification, int classes) {
        String loss = estimator.get("_loss").orElse(null) instanceof PyObject object ? object.type().name()
                : estimator.string("loss", classification ? "log_loss" : "squared_error");
        return switch (loss) {
            case "HalfSquaredError", "AbsoluteError", "PinballLoss", "HuberLoss", "LeastSquares",
                 "LeastAbsoluteDeviation", "squared_error", "absolute_error", "quantile" -> Link.IDENTITY;
            case "HalfPoissonLoss", "HalfGammaLoss", "Poisson", "poisson", "gamma" -> Link.LOG;
            case "HalfBinomialLoss", "HalfMultinomialLoss", "BinaryCrossEntropy", "CategoricalCrossEntropy",
                 "log_loss", "binary_crossentropy", "categorical_crossentropy" ->
                    classes > 2 ? Link.SOFTMAX : Link.LOGIT;
            default -> throw estimator.unsupported("has loss " + loss);
        };
    }

    private static TreeNodes nodes(Estimator predictor) {
        NdArray nodes = predictor.array("nodes");
        int count = Math.toIntExact(nodes.numElements());
        String thresholdField = nodes.dtype().field("num_threshold").isPresent() ? "num_threshold" : "threshold";
        boolean hasCategories = nodes.dtype().field("is_categorical").isPresent();
        long[] zeros = new long[count];
        int[] bitsets = predictor.has("raw_left_cat_bitsets")
                ? ints(predictor.array("raw_left_cat_bitsets").toTensor().toLongArray()) : new int[0];
        return new TreeNodes(nodes.field("value").toDoubleArray(), ints(nodes.field("feature_idx").toLongArray()),
                nodes.field(thresholdField).toDoubleArray(), flags(nodes.field("missing_go_to_left").toLongArray()),
                ints(nodes.field("left").toLongArray()), ints(nodes.field("right").toLongArray()),
                flags(nodes.field("is_leaf").toLongArray()),
                flags(hasCategories ? nodes.field("is_categorical").toLongArray() : zeros),
                ints(hasCategories ? nodes.field("bitset_idx").toLongArray() : zeros), bitsets);
    }

    private record KnownCategories(int[] featureSlot, int[] bitsets) {
    }

    /** scikit-learn's {@code make_known_categories_bitsets}: the raw categories seen per categorical feature. */
    private static KnownCategories knownCategories(Estimator estimator, int features) {
        int[] slot = new int[features];
        java.util.Arrays.fill(slot, -1);
        if (!(estimator.get("_bin_mapper").orElse(null) instanceof PyObject mapperObject)) {
            return new KnownCategories(slot, new int[0]);
        }
        Estimator mapper = new Estimator(mapperObject, estimator.where() + " _bin_mapper");
        if (!mapper.has("is_categorical_")) {
            return new KnownCategories(slot, new int[0]);
        }
        double[] categorical = mapper.doubles("is_categorical_");
        List<PyValue> thresholds = mapper.items("bin_thresholds_");
        if (categorical.length != features || thresholds.size() != features) {
            throw estimator.incompatible("has a bin mapper for " + categorical.length + " features, not " + features);
        }
        List<int[]> sets = new ArrayList<>();
        for (int f = 0; f < features; f++) {
            if (categorical[f] == 0) continue;
            slot[f] = sets.size();
            int[] set = new int[WORDS];
            if (!(thresholds.get(f) instanceof NdArray categories)) {
                throw estimator.incompatible("has no known categories for categorical feature " + f);
            }
            for (double category : categories.toTensor().toDoubleArray()) {
                int bit = ((int) category) & 0xFF;
                set[bit / 32] |= 1 << (bit % 32);
            }
            sets.add(set);
        }
        int[] bitsets = new int[sets.size() * WORDS];
        for (int i = 0; i < sets.size(); i++) System.arraycopy(sets.get(i), 0, bitsets, i * WORDS, WORDS);
        return new KnownCategories(slot, bitsets);
    }

    private static int[] ints(long[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) out[i] = (int) values[i];
        return out;
    }

    private static boolean[] flags(long[] values) {
        boolean[] out = new boolean[values.length];
        for (int i = 0; i < values.length; i++) out[i] = values[i] != 0;
        return out;
    }
}
