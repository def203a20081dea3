package dev.brine.models.tree;

import dev.brine.core.json.Json;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.TensorRole;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.data.Matrix;
import dev.brine.models.random.Pcg64;
import dev.brine.models.snapshot.SnapshotReader;
import dev.brine.models.tabular.TabularClassifier;
import dev.brine.models.tabular.TabularModel;
import dev.brine.models.tabular.TabularRegressor;
import dev.brine.models.tabular.TabularSignature;
import dev.brine.models.tabular.Target;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A fitted decision tree, random forest or extra-trees ensemble: the average of its trees' leaf values (class
 * probabilities for a classifier, numbers for a regressor). Besides the trees ({@link TreeEnsemble}) it saves the
 * state of its random stream as a training-state tensor, so {@link #grow} on a reloaded forest adds exactly the
 * trees an uninterrupted fit would have (scikit-learn's {@code warm_start}).
 */
public abstract sealed class Forest implements TabularModel permits Forest.Classifier, Forest.Regressor {

    private final ForestSpec spec;
    private final List<Tree> trees;
    private final int featureCount;
    private final List<String> featureNames;
    private final long[] rngState;
    private final int width;
    private final PackedTrees packed;

    private Forest(ForestSpec spec, List<Tree> trees, int featureCount, List<String> featureNames, long[] rngState) {
        this.spec = spec;
        this.trees = List.copyOf(trees);
        this.featureCount = featureCount;
        this.featureNames = List.copyOf(featureNames);
        this.rngState = rngState == null ? null : rngState.clone();
        this.width = trees.getFirst().width();
        this.packed = PackedTrees.of(this.trees, featureCount, 1, 1.0);
    }

    static Forest of(ForestSpec spec, List<Tree> trees, List<String> classes, int featureCount,
                     List<String> featureNames, Pcg64 rng) {
        return spec.classification()
                ? new Classifier(spec, trees, classes, featureCount, featureNames, rng.state())
                : new Regressor(spec, trees, featureCount, featureNames, rng.state());
    }

    /**
     * A forest from trees made elsewhere (a converted scikit-learn model), without training state: it predicts but
     * cannot {@link #grow}. Classifier trees hold class probabilities in {@code value} (normalise scikit-learn's
     * weighted counts), regressor trees one number per node.
     */
    public static Forest fromTrees(ForestSpec spec, List<Tree> trees, List<String> classes, int featureCount,
                                   List<String> featureNames) {
        if (trees.size() != spec.treeCount()) {
            throw new IllegalArgumentException(trees.size() + " trees for a spec of " + spec.treeCount());
        }
        return spec.classification()
                ? new Classifier(spec, trees, classes, featureCount, featureNames, null)
                : new Regressor(spec, trees, featureCount, featureNames, null);
    }

    public ForestSpec spec() {
        return spec;
    }

    public List<Tree> trees() {
        return trees;
    }

    /**
     * This forest with {@code count} more trees grown on {@code x, y} (normally the data it was fitted on), drawing
     * from where its random stream stopped: fitting n trees then growing m equals fitting n + m at once.
     */
    public Forest grow(int count, Matrix x, Target y) {
        x.requireColumns(featureCount, type());
        if (rngState == null) {
            throw new IllegalStateException(type() + " was saved without its training state (rng_state); it can "
                    + "predict but not grow more trees reproducibly. Save it in full to keep that ability");
        }
        Pcg64 rng = Pcg64.fromState(rngState);
        ForestSpec.Training data = ForestSpec.Training.of(x, y, spec.classification(), type());
        List<Tree> all = new ArrayList<>(trees);
        all.addAll(spec.grow(data, count, rng));
        return of(spec.withTreeCount(all.size()), all, data.classes(), featureCount, featureNames, rng);
    }

    /** The mean of the trees' leaf values for each row, {@code (rows, width)}. */
    protected Matrix average(Matrix input) {
        input.requireColumns(featureCount, type());
        Matrix out = Matrix.zeros(input.rows(), width);
        double[] sums = out.values();
        packed.accumulate(input.values(), input.rows(), sums);
        for (int i = 0; i < sums.length; i++) sums[i] /= trees.size();
        return out;
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
        List<NamedTensor> tensors = new ArrayList<>(TreeEnsemble.tensors(trees));
        if (rngState != null) {
            tensors.add(new NamedTensor("rng_state", Tensor.of(rngState), TensorRole.TRAINING_STATE));
        }
        Json.JsonObject config = Json.object().put("params", spec.toJson()).put("width", width).build();
        return new ModelSnapshot(type(), config, tensors, signature(), labels(), Optional.empty());
    }

    static Forest restore(ModelSnapshot snapshot) {
        SnapshotReader reader = new SnapshotReader(snapshot, snapshot.type());
        ForestSpec spec = reader.config(config -> ForestSpec.fromJson(snapshot.type(), config.getObject("params")));
        int width = reader.config(config -> Math.toIntExact(config.getLong("width")));
        int featureCount = TabularSignature.featureCount(snapshot);
        if (spec.classification() && width != snapshot.classLabels().size() || !spec.classification() && width != 1) {
            throw new dev.brine.core.IncompatibleModelException("model type " + snapshot.type() + ": value width "
                    + width + " does not fit " + snapshot.classLabels().size() + " class labels");
        }
        List<Tree> trees = TreeEnsemble.restore(reader, spec.treeCount(), featureCount, width);
        // The stream state is training state: a weights-only file may leave it out; the forest then only predicts.
        long[] rng = reader.has("rng_state") ? Pcg64.fromState(reader.longs("rng_state", 4)).state() : null;
        List<String> names = snapshot.signature().featureNames();
        return spec.classification()
                ? new Classifier(spec, trees, snapshot.classLabels(), featureCount, names, rng)
                : new Regressor(spec, trees, featureCount, names, rng);
    }

    public static final class Classifier extends Forest implements TabularClassifier {
        private final List<String> classLabels;

        private Classifier(ForestSpec spec, List<Tree> trees, List<String> classLabels, int featureCount,
                           List<String> featureNames, long[] rngState) {
            super(spec, trees, featureCount, featureNames, rngState);
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
            return average(input);
        }
    }

    public static final class Regressor extends Forest implements TabularRegressor {
        private Regressor(ForestSpec spec, List<Tree> trees, int featureCount, List<String> featureNames,
                          long[] rngState) {
            super(spec, trees, featureCount, featureNames, rngState);
        }

        @Override
        public Tensor predict(Matrix input) {
            return Tensor.of(average(input).values());
        }

        @Override
        protected List<String> labels() {
            return List.of();
        }
    }
}
