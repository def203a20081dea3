package dev.brine.python.sklearn;

import dev.brine.models.tree.Forest;
import dev.brine.models.tree.ForestSpec;
import dev.brine.models.tree.Tree;
import dev.brine.models.tabular.TabularModel;
import dev.brine.python.pickle.PyObject;
import dev.brine.python.pickle.PyValue;

import java.util.ArrayList;
import java.util.List;

/**
 * Decision trees, random forests and extra trees: Brine's {@link Forest} over the fitted trees (a decision tree is a
 * forest of one), which averages the trees' leaf probabilities or values exactly as scikit-learn's
 * {@code predict_proba} and {@code predict} do.
 */
final class TreeConverters {

    private TreeConverters() {
    }

    static TabularModel decisionTree(Estimator estimator, Conversion conversion) {
        boolean classification = estimator.name().endsWith("Classifier");
        requireSingleOutput(estimator);
        int features = featureCount(estimator);
        ForestSpec spec = new ForestSpec(ForestSpec.Kind.DECISION_TREE, classification, 1,
                SklearnTrees.params(estimator, classification), false, SklearnTrees.seed(estimator));
        Tree tree = SklearnTrees.read(estimator, features, classification);
        return Forest.fromTrees(spec, List.of(tree), classes(estimator, classification), features,
                estimator.featureNames());
    }

    static TabularModel forest(Estimator estimator, Conversion conversion) {
        boolean classification = estimator.name().endsWith("Classifier");
        requireSingleOutput(estimator);
        int features = featureCount(estimator);
        List<PyValue> members = estimator.items("estimators_");
        if (members.isEmpty()) {
            throw estimator.incompatible("has no fitted trees");
        }
        List<Tree> trees = new ArrayList<>(members.size());
        for (int i = 0; i < members.size(); i++) {
            if (!(members.get(i) instanceof PyObject member)) {
                throw estimator.mistyped("estimators_", "a list of trees");
            }
            trees.add(SklearnTrees.read(new Estimator(member, estimator.where() + " tree " + i), features,
                    classification));
        }
        ForestSpec.Kind kind = estimator.name().startsWith("ExtraTrees") ? ForestSpec.Kind.EXTRA_TREES
                : ForestSpec.Kind.RANDOM_FOREST;
        ForestSpec spec = new ForestSpec(kind, classification, trees.size(),
                SklearnTrees.params(estimator, classification), estimator.bool("bootstrap", kind
                == ForestSpec.Kind.RANDOM_FOREST), SklearnTrees.seed(estimator));
        return Forest.fromTrees(spec, trees, classes(estimator, classification), features, estimator.featureNames());
    }

    private static void requireSingleOutput(Estimator estimator) {
        if (estimator.integer("n_outputs_", 1) != 1) {
            throw estimator.unsupported("has " + estimator.integer("n_outputs_") + " outputs; Brine reads "
                    + "single-output trees");
        }
    }

    private static List<String> classes(Estimator estimator, boolean classification) {
        return classification ? estimator.classLabels() : List.of();
    }

    /** {@code n_features_in_} (0.24+), else {@code n_features_} (older). */
    static int featureCount(Estimator estimator) {
        return estimator.featureCount().orElseGet(() -> Math.toIntExact(estimator.integer("n_features_")));
    }
}
