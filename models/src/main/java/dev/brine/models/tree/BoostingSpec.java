package dev.brine.models.tree;

import dev.brine.core.json.Json;
import dev.brine.models.data.Matrix;
import dev.brine.models.random.Pcg64;
import dev.brine.models.tabular.EstimatorSpec;
import dev.brine.models.tabular.Target;

import java.util.List;

/**
 * How to fit gradient-boosted trees as scikit-learn's {@code GradientBoostingRegressor} / {@code Classifier}
 * (defaults: 100 stages, learning rate 0.1, depth-3 regression trees, no subsampling): squared error for numbers,
 * the binomial log-loss for two classes, the multinomial one (a tree per class per stage) for more.
 */
public record BoostingSpec(boolean classification, int stageCount, double learningRate, TreeParams tree,
                           double subsample, long seed) implements EstimatorSpec {

    public static final String REGRESSOR = "gradient_boosting_regressor";
    public static final String CLASSIFIER = "gradient_boosting_classifier";

    public BoostingSpec {
        if (stageCount < 1 || !(learningRate > 0) || !(subsample > 0 && subsample <= 1)) {
            throw new IllegalArgumentException("need n_estimators >= 1, learning_rate > 0 and 0 < subsample <= 1; got "
                    + stageCount + ", " + learningRate + ", " + subsample);
        }
        if (tree.criterion() != Criterion.SQUARED_ERROR) {
            throw new IllegalArgumentException("boosting fits regression trees to gradients: criterion must be "
                    + "squared_error");
        }
    }

    public static BoostingSpec regressor(int stageCount, long seed) {
        return new BoostingSpec(false, stageCount, 0.1, TreeParams.defaults(Criterion.SQUARED_ERROR).withMaxDepth(3),
                1.0, seed);
    }

    public static BoostingSpec classifier(int stageCount, long seed) {
        return new BoostingSpec(true, stageCount, 0.1, TreeParams.defaults(Criterion.SQUARED_ERROR).withMaxDepth(3),
                1.0, seed);
    }

    public BoostingSpec withLearningRate(double value) {
        return new BoostingSpec(classification, stageCount, value, tree, subsample, seed);
    }

    public BoostingSpec withTree(TreeParams value) {
        return new BoostingSpec(classification, stageCount, learningRate, value, subsample, seed);
    }

    public BoostingSpec withSubsample(double value) {
        return new BoostingSpec(classification, stageCount, learningRate, tree, value, seed);
    }

    BoostingSpec withStageCount(int value) {
        return new BoostingSpec(classification, value, learningRate, tree, subsample, seed);
    }

    public String typeName() {
        return classification ? CLASSIFIER : REGRESSOR;
    }

    public Json.JsonObject toJson() {
        return Json.object().put("n_estimators", stageCount).put("learning_rate", learningRate)
                .put("subsample", subsample).put("seed", seed).put("tree", tree.toJson()).build();
    }

    static BoostingSpec fromJson(String type, Json.JsonObject json) {
        return new BoostingSpec(type.equals(CLASSIFIER), Math.toIntExact(json.getLong("n_estimators")),
                json.getDouble("learning_rate"), TreeParams.fromJson(json.getObject("tree")),
                json.getDouble("subsample"), json.getLong("seed"));
    }

    @Override
    public Boosting fit(Matrix x, Target y, List<String> featureNames) {
        BoostingLoss loss = BoostingLoss.of(y, classification, typeName());
        Pcg64 rng = Pcg64.seeded(seed);
        double[] init = loss.initialScores();
        double[][] scores = new double[x.rows()][];
        for (int r = 0; r < scores.length; r++) scores[r] = init.clone();
        List<Tree> trees = BoostingStages.run(this, x, loss, scores, stageCount, rng);
        return Boosting.of(this, init, trees, loss.classes(), x.cols(), featureNames, rng.state());
    }
}
