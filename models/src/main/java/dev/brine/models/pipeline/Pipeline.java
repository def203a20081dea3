package dev.brine.models.pipeline;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.json.Json;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.Signature;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.data.Matrix;
import dev.brine.models.data.Table;
import dev.brine.models.snapshot.NestedSnapshots;
import dev.brine.models.snapshot.SnapshotReader;
import dev.brine.models.tabular.IncrementalModel;
import dev.brine.models.tabular.TabularClassifier;
import dev.brine.models.tabular.TabularModel;
import dev.brine.models.tabular.Target;
import dev.brine.models.tabular.Transformer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Fitted steps applied in order, as scikit-learn's {@code Pipeline}: every step but the last is a
 * {@link Transformer}; the pipeline is whatever its last step is (a transformer, a regressor or a classifier). The
 * first step sees the input table as it is, so an encoder or column transformer there can read text columns. Saved
 * as one snapshot: each step's configuration in {@code steps}, its tensors under {@code <step name>.}.
 */
public abstract sealed class Pipeline implements IncrementalModel
        permits Pipeline.OfTransformers, Pipeline.OfRegressor, Pipeline.OfClassifier {

    public static final String TYPE = "pipeline";

    /** One named step. */
    public record Step(String name, TabularModel model) {
        public Step {
            if (name.isEmpty() || name.contains(".")) {
                throw new IllegalArgumentException("step name \"" + name + "\" must be non-empty and without '.', "
                        + "which separates tensor name prefixes");
            }
        }
    }

    private final List<Step> steps;

    private Pipeline(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    /** A pipeline of fitted steps; its kind follows the last step. */
    public static Pipeline of(List<Step> steps) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a pipeline needs at least one step");
        }
        HashSet<String> names = new HashSet<>();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (!names.add(step.name())) {
                throw new IllegalArgumentException("step name \"" + step.name() + "\" appears twice");
            }
            if (i < steps.size() - 1 && !(step.model() instanceof Transformer)) {
                throw new IncompatibleModelException("pipeline step \"" + step.name() + "\" (" + step.model().type()
                        + ") is not a transformer; only the last step may be an estimator");
            }
        }
        TabularModel last = steps.getLast().model();
        return switch (last) {
            case TabularClassifier classifier -> new OfClassifier(steps);
            case Transformer transformer -> new OfTransformers(steps);
            default -> new OfRegressor(steps);
        };
    }

    public List<Step> steps() {
        return steps;
    }

    public TabularModel finalStep() {
        return steps.getLast().model();
    }

    /**
     * The pipeline with its last step trained further on new rows ({@link IncrementalModel}); the steps before it
     * keep what they learnt from the first rows (a scaler's means, an encoder's categories), as the last step was
     * trained on their output.
     */
    @Override
    public Pipeline partialFit(Matrix x, Target y) {
        return withFinalStep(incrementalFinalStep().partialFit(transformBeforeLast(x), y));
    }

    @Override
    public Pipeline partialFit(Table rows, Target y) {
        IncrementalModel last = incrementalFinalStep();
        return withFinalStep(single() ? last.partialFit(rows, y) : last.partialFit(transformBeforeLast(rows), y));
    }

    private IncrementalModel incrementalFinalStep() {
        if (!(finalStep() instanceof IncrementalModel last)) {
            throw new UnsupportedModelException("this pipeline ends in a " + finalStep().type() + ", which cannot "
                    + "train further on new rows (linear, ridge, lasso, elastic net, logistic regression and mlp "
                    + "can); fit a new one on all rows");
        }
        return last;
    }

    private Pipeline withFinalStep(TabularModel model) {
        List<Step> replaced = new ArrayList<>(steps);
        replaced.set(replaced.size() - 1, new Step(steps.getLast().name(), model));
        return of(replaced);
    }

    /** The input after every step but the last. */
    protected Matrix transformBeforeLast(Table input) {
        Matrix current = null;
        for (int i = 0; i < steps.size() - 1; i++) {
            Transformer step = (Transformer) steps.get(i).model();
            current = i == 0 ? step.transform(input) : step.transform(current);
        }
        return current;
    }

    protected Matrix transformBeforeLast(Matrix input) {
        Matrix current = input;
        for (int i = 0; i < steps.size() - 1; i++) {
            current = ((Transformer) steps.get(i).model()).transform(current);
        }
        return current;
    }

    private boolean single() {
        return steps.size() == 1;
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** The first step that is not a scaler decides (a scaler keeps a missing value in its column). */
    @Override
    public boolean acceptsMissing(int feature) {
        for (Step step : steps) {
            if (step.model().acceptsMissing(feature)) {
                return true;
            }
            if (!(step.model() instanceof Transformer transformer && transformer.passesMissingThrough())) {
                return false;
            }
        }
        return false;
    }

    @Override
    public int featureCount() {
        return steps.getFirst().model().featureCount();
    }

    @Override
    public List<String> featureNames() {
        return steps.getFirst().model().featureNames();
    }

    @Override
    public Table exampleRow() {
        return steps.getFirst().model().exampleRow();
    }

    @Override
    public Signature signature() {
        Signature first = steps.getFirst().model().signature();
        Signature last = finalStep().signature();
        return new Signature(first.inputs(), last.outputs(), first.featureNames());
    }

    @Override
    public Tensor predict(Matrix input) {
        return finalStep().predict(transformBeforeLast(input));
    }

    @Override
    public Tensor predict(Table input) {
        return single() ? finalStep().predict(input) : finalStep().predict(transformBeforeLast(input));
    }

    @Override
    public ModelSnapshot snapshot() {
        List<NamedTensor> tensors = new ArrayList<>();
        List<Json> entries = new ArrayList<>();
        for (Step step : steps) {
            Json.JsonObject entry = NestedSnapshots.encode(step.model(), step.name(), tensors);
            entries.add(Json.object().put("name", step.name()).put("model", entry).build());
        }
        Json.JsonObject config = Json.object().put("steps", Json.array(entries)).build();
        List<String> labels = this instanceof TabularClassifier classifier ? classifier.classLabels() : List.of();
        return new ModelSnapshot(TYPE, config, tensors, signature(), labels, Optional.empty());
    }

    static Pipeline restore(ModelSnapshot snapshot) {
        SnapshotReader reader = new SnapshotReader(snapshot, TYPE);
        List<Json.JsonObject> entries = reader.config(config -> config.getArray("steps").items().stream()
                .map(Json.JsonObject.class::cast).toList());
        List<Step> steps = new ArrayList<>();
        for (Json.JsonObject entry : entries) {
            String name = reader.config(config -> entry.getString("name"));
            Json.JsonObject model = reader.config(config -> entry.getObject("model"));
            if (!(NestedSnapshots.decode(reader, model, name) instanceof TabularModel step)) {
                throw new IncompatibleModelException("pipeline step \"" + name + "\" is not a tabular model");
            }
            steps.add(new Step(name, step));
        }
        return of(steps);
    }

    /** A pipeline of transformers is itself a transformer (e.g. impute then scale, inside a column transformer). */
    public static final class OfTransformers extends Pipeline implements Transformer {
        private OfTransformers(List<Step> steps) {
            super(steps);
        }

        @Override
        public Matrix transform(Matrix input) {
            return ((Transformer) finalStep()).transform(transformBeforeLast(input));
        }

        @Override
        public Matrix transform(Table input) {
            Transformer last = (Transformer) finalStep();
            return super.single() ? last.transform(input) : last.transform(transformBeforeLast(input));
        }

        @Override
        public int outputWidth() {
            return ((Transformer) finalStep()).outputWidth();
        }

        @Override
        public Tensor predict(Matrix input) {
            return transform(input).toTensor();
        }

        @Override
        public Tensor predict(Table input) {
            return transform(input).toTensor();
        }
    }

    public static final class OfRegressor extends Pipeline {
        private OfRegressor(List<Step> steps) {
            super(steps);
        }
    }

    public static final class OfClassifier extends Pipeline implements TabularClassifier {
        private OfClassifier(List<Step> steps) {
            super(steps);
        }

        private TabularClassifier classifier() {
            return (TabularClassifier) finalStep();
        }

        @Override
        public List<String> classLabels() {
            return classifier().classLabels();
        }

        @Override
        public Matrix predictProba(Matrix input) {
            return classifier().predictProba(transformBeforeLast(input));
        }

        @Override
        public Tensor predictProba(Table input) {
            return super.single() ? classifier().predictProba(input)
                    : classifier().predictProba(transformBeforeLast(input)).toTensor();
        }

        @Override
        public Tensor predict(Matrix input) {
            return classifier().predict(transformBeforeLast(input));
        }
    }

}
