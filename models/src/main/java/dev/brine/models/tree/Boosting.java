package dev.brine.models.tree;

import dev.brine.core.json.Json;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.TensorRole;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.data.Matrix;
import dev.brine.models.random.Pcg64;
import dev.brine.models.snapshot.SnapshotReader;
import dev.brine.models.tabular.Probabilities;
import dev.brine.models.tabular.TabularClassifier;
import dev.brine.models.tabular.TabularModel;
import dev.brine.models.tabular.TabularRegressor;
import dev.brine.models.tabular.TabularSignature;
import dev.brine.models.tabular.Target;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fitted gradient-boosted trees: raw scores {@code init + learning_rate · Σ trees}, one score for regression and two
 * classes (through the logistic function), one per class otherwise (through softmax). Saved as {@code init}, the
 * trees ({@link TreeEnsemble}, stage-major, one per score) and the random stream's state for {@link #grow}.
 */
public abstract sealed class Boosting implements TabularModel permits Boosting.Regressor, Boosting.Classifier {

    private final BoostingSpec spec;
    private final double[] init;
    private final List<Tree> trees;
    private final int featureCount;
    private final List<String> featureNames;
    private final long[] rngState;
    private final PackedTrees packed;

    private Boosting(BoostingSpec spec, double[] init, List<Tree> trees, int featureCount, List<String> featureNames,
                     long[] rngState) {
        if (trees.size() != spec.stageCount() * init.length) {
            throw new IllegalArgumentException(trees.size() + " trees do not make " + spec.stageCount() + " stages of "
                    + init.length);
        }
        this.spec = spec;
        this.init = init.clone();
        this.trees = List.copyOf(trees);
        this.featureCount = featureCount;
        this.featureNames = List.copyOf(featureNames);
        this.rngState = rngState == null ? null : rngState.clone();
        this.packed = PackedTrees.of(this.trees, featureCount, init.length, spec.learningRate());
    }

    static Boosting of(BoostingSpec spec, double[] init, List<Tree> trees, List<String> classes, int featureCount,
                       List<String> featureNames, long[] rngState) {
        return spec.classification()
                ? new Classifier(spec, init, trees, classes, featureCount, featureNames, rngState)
                : new Regressor(spec, init, trees, featureCount, featureNames, rngState);
    }

    /**
     * Boosted trees made elsewhere (a converted scikit-learn model), without training state: raw scores are
     * {@code init + learning_rate · Σ tree values}, trees stage-major with one per score (scikit-learn's
     * {@code estimators_} read row by row, its {@code init_} turned into raw scores).
     */
    public static Boosting fromTrees(BoostingSpec spec, double[] init, List<Tree> trees, List<String> classes,
                                     int featureCount, List<String> featureNames) {
        return of(spec, init, trees, classes, featureCount, featureNames, null);
    }

    public BoostingSpec spec() {
        return spec;
    }

    /** Raw scores {@code (rows, 1 or classes)}. */
    public Matrix rawScores(Matrix input) {
        input.requireColumns(featureCount, type());
        int scoreCount = init.length;
        Matrix out = Matrix.zeros(input.rows(), scoreCount);
        double[] scores = out.values();
        for (int r = 0; r < input.rows(); r++) System.arraycopy(init, 0, scores, r * scoreCount, scoreCount);
        packed.accumulate(input.values(), input.rows(), scores);
        return out;
    }

    /** This model with {@code stages} more stages fitted on {@code x, y}, continuing its random stream. */
    public Boosting grow(int stages, Matrix x, Target y) {
        if (rngState == null) {
            throw new IllegalStateException(type() + " was saved without its training state (rng_state); it can "
                    + "predict but not grow more stages reproducibly");
        }
        BoostingLoss loss = BoostingLoss.of(y, spec.classification(), type());
        Pcg64 rng = Pcg64.fromState(rngState);
        Matrix raw = rawScores(x);
        double[][] scores = new double[x.rows()][];
        for (int r = 0; r < scores.length; r++) {
            scores[r] = java.util.Arrays.copyOfRange(raw.values(), r * init.length, (r + 1) * init.length);
        }
        List<Tree> all = new ArrayList<>(trees);
        all.addAll(BoostingStages.run(spec, x, loss, scores, stages, rng));
        return of(spec.withStageCount(spec.stageCount() + stages), init, all, loss.classes(), featureCount,
                featureNames, rng.state());
    }

    @Override
    public String type() {
        return spec.typeName();
    }

    /** Trees fitted by scikit-learn 1.3 or later send missing values one way per node; older and Brine's do not. */
    @Override
    public boolean acceptsMissing(int feature) {
        return trees.stream().allMatch(Tree::routesMissing);
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
        List<NamedTensor> tensors = new ArrayList<>();
        tensors.add(new NamedTensor("init", Tensor.of(init), TensorRole.PARAMETER));
        tensors.addAll(TreeEnsemble.tensors(trees));
        if (rngState != null) {
            tensors.add(new NamedTensor("rng_state", Tensor.of(rngState), TensorRole.TRAINING_STATE));
        }
        Json.JsonObject config = Json.object().put("params", spec.toJson()).put("scores", init.length).build();
        return new ModelSnapshot(type(), config, tensors, signature(), labels(), Optional.empty());
    }

    static Boosting restore(ModelSnapshot snapshot) {
        SnapshotReader reader = new SnapshotReader(snapshot, snapshot.type());
        BoostingSpec spec = reader.config(config -> BoostingSpec.fromJson(snapshot.type(), config.getObject("params")));
        int scoreCount = reader.config(config -> Math.toIntExact(config.getLong("scores")));
        int classes = snapshot.classLabels().size();
        int expectedScores = !spec.classification() ? 1 : classes == 2 ? 1 : classes;
        if (scoreCount != expectedScores || spec.classification() && classes < 2) {
            throw new dev.brine.core.IncompatibleModelException("model type " + snapshot.type() + ": " + scoreCount
                    + " raw scores do not fit " + classes + " class labels");
        }
        int featureCount = TabularSignature.featureCount(snapshot);
        double[] init = reader.doubles("init", scoreCount);
        List<Tree> trees = TreeEnsemble.restore(reader, (long) spec.stageCount() * scoreCount, featureCount, 1);
        long[] rng = reader.has("rng_state") ? Pcg64.fromState(reader.longs("rng_state", 4)).state() : null;
        return of(spec, init, trees, snapshot.classLabels(), featureCount, snapshot.signature().featureNames(), rng);
    }

    public static final class Regressor extends Boosting implements TabularRegressor {
        private Regressor(BoostingSpec spec, double[] init, List<Tree> trees, int featureCount,
                          List<String> featureNames, long[] rngState) {
            super(spec, init, trees, featureCount, featureNames, rngState);
        }

        @Override
        public Tensor predict(Matrix input) {
            return Tensor.of(rawScores(input).values());
        }

        @Override
        protected List<String> labels() {
            return List.of();
        }
    }

    public static final class Classifier extends Boosting implements TabularClassifier {
        private final List<String> classLabels;

        private Classifier(BoostingSpec spec, double[] init, List<Tree> trees, List<String> classLabels,
                           int featureCount, List<String> featureNames, long[] rngState) {
            super(spec, init, trees, featureCount, featureNames, rngState);
            this.classLabels = List.copyOf(classLabels);
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
        public Matrix predictProba(Matrix input) {
            return Probabilities.fromScores(rawScores(input));
        }
    }
}
