package dev.brine.models;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.json.Json;
import dev.brine.models.data.Column;
import dev.brine.models.data.Matrix;
import dev.brine.models.data.Table;
import dev.brine.models.linear.ElasticNet;
import dev.brine.models.linear.Lasso;
import dev.brine.models.linear.LinearRegression;
import dev.brine.models.linear.LogisticRegression;
import dev.brine.models.linear.Ridge;
import dev.brine.models.nn.Activation;
import dev.brine.models.nn.ConvNet;
import dev.brine.models.nn.FloatMatrix;
import dev.brine.models.nn.Loss;
import dev.brine.models.nn.MlpRun;
import dev.brine.models.nn.MlpSpec;
import dev.brine.models.nn.Sequential;
import dev.brine.models.nn.TabularNetwork;
import dev.brine.models.nn.Trainer;
import dev.brine.models.nn.TrainingSettings;
import dev.brine.models.preprocessing.OneHotEncoder;
import dev.brine.models.preprocessing.SimpleImputer;
import dev.brine.models.pipeline.ColumnTransformerSpec;
import dev.brine.models.pipeline.PipelineSpec;
import dev.brine.models.tabular.EstimatorSpec;
import dev.brine.models.tabular.IncrementalModel;
import dev.brine.models.tabular.TabularClassifier;
import dev.brine.models.tabular.TabularModel;
import dev.brine.models.tabular.Target;
import dev.brine.models.tree.BoostingSpec;
import dev.brine.models.tree.Criterion;
import dev.brine.models.tree.ForestSpec;
import dev.brine.models.tree.MaxFeatures;
import dev.brine.models.tree.TreeParams;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Training from a table by model name, for {@code brine train}: {@code linear}, {@code ridge}, {@code lasso},
 * {@code elasticnet}, {@code logistic}, {@code tree}, {@code forest}, {@code extratrees}, {@code gboost},
 * {@code mlp}; hyper-parameters by scikit-learn's (and PyTorch's) names as text. The task is inferred from the target
 * column when not given: text, or numbers that are few distinct integers, mean classification. Tables with text
 * feature columns or missing numbers get a preprocessing step (median imputation, one-hot encoding with unknown
 * categories ignored) in front of the model, saved with it as one pipeline.
 * <pre>{@code
 * Table table = CsvTable.read(Path.of("iris.csv"));
 * TabularModel model = Trainers.train("forest", table, "target", Map.of("n_estimators", "50"), Optional.empty(), 42);
 * Models.save(model, Path.of("iris.brine"));
 * }</pre>
 */
public final class Trainers {

    public enum Task { CLASSIFICATION, REGRESSION }

    public static final List<String> TYPES = List.of("linear", "ridge", "lasso", "elasticnet", "logistic", "tree",
            "forest", "extratrees", "gboost", "mlp");

    /** At most this many distinct integer values make a numeric target a class label. */
    private static final int MAX_NUMERIC_CLASSES = 20;

    private Trainers() {
    }

    /** Fits a model of {@code type} on every column but {@code target}. */
    public static TabularModel train(String type, Table table, String target, Map<String, String> params,
                                     Optional<Task> task, long seed) {
        Task resolved = task.orElseGet(() -> inferTask(table.column(target)));
        Table features = table.without(target);
        Target y = Target.of(table.column(target), resolved == Task.CLASSIFICATION);
        return withPreprocessing(features, spec(type, resolved, params, seed)).fit(features, y);
    }

    /** Starts an epoch-by-epoch run of an {@code mlp} (the iterative type), for checkpointing between epochs. */
    public static MlpRun startNetwork(Table table, String target, Map<String, String> params, Optional<Task> task,
                                      long seed) {
        Task resolved = task.orElseGet(() -> inferTask(table.column(target)));
        Table features = numericFeatures(table.without(target));
        MlpSpec spec = (MlpSpec) spec("mlp", resolved, params, seed);
        return spec.start(features.toMatrix(), Target.of(table.column(target), resolved == Task.CLASSIFICATION),
                features.names());
    }

    /** Continues the run a checkpoint file holds ({@link MlpRun#checkpoint()}), on the same table. */
    public static MlpRun resumeNetwork(TabularNetwork checkpoint, Table table, String target) {
        return MlpRun.resume(checkpoint, networkInput(checkpoint, table, target), target(checkpoint, table, target));
    }

    /** Continues the run a saved network holds on new rows ({@link MlpRun#continueOn}). */
    public static MlpRun continueNetwork(TabularNetwork network, Table table, String target) {
        return MlpRun.continueOn(network, networkInput(network, table, target), target(network, table, target));
    }

    /** A saved model trained further on new rows ({@link IncrementalModel#partialFit}). */
    public static TabularModel trainFurther(IncrementalModel model, Table table, String target) {
        return model.partialFit(table.without(target), target(model, table, target));
    }

    private static Matrix networkInput(TabularNetwork network, Table table, String target) {
        Table features = numericFeatures(table.without(target));
        return features.select(network.featureNames().isEmpty() ? features.names() : network.featureNames())
                .toMatrix();
    }

    /** The target column as the model learns it: class labels for a classifier, numbers otherwise. */
    private static Target target(TabularModel model, Table table, String target) {
        return Target.of(table.column(target), model instanceof TabularClassifier);
    }

    /** Text, or at most 20 distinct integers, is classification; other numbers are regression. */
    public static Task inferTask(Column target) {
        return switch (target) {
            case Column.Text text -> Task.CLASSIFICATION;
            case Column.Numeric numeric -> {
                boolean integral = Arrays.stream(numeric.values()).allMatch(v -> v == Math.rint(v));
                long distinct = Arrays.stream(numeric.values()).distinct().count();
                yield integral && distinct <= MAX_NUMERIC_CLASSES ? Task.CLASSIFICATION : Task.REGRESSION;
            }
        };
    }

    /** The spec a model name and its parameters describe; unknown names and parameters are errors that list the known. */
    public static EstimatorSpec spec(String type, Task task, Map<String, String> given, long seed) {
        Params params = new Params(type, given);
        boolean classification = task == Task.CLASSIFICATION;
        EstimatorSpec spec = switch (type) {
            case "linear" -> regressionOnly(type, task, new LinearRegression(params.flag("fit_intercept", true)));
            case "ridge" -> regressionOnly(type, task, new Ridge(params.number("alpha", 1.0),
                    params.flag("fit_intercept", true)));
            case "lasso" -> regressionOnly(type, task, new Lasso(params.number("alpha", 1.0),
                    params.flag("fit_intercept", true), params.integer("max_iter", 1000), params.number("tol", 1e-4)));
            case "elasticnet" -> regressionOnly(type, task, new ElasticNet(params.number("alpha", 1.0),
                    params.number("l1_ratio", 0.5), params.flag("fit_intercept", true),
                    params.integer("max_iter", 1000), params.number("tol", 1e-4)));
            case "logistic" -> {
                if (!classification) throw taskError(type, "classification");
                yield new LogisticRegression(params.number("c", 1.0), params.flag("fit_intercept", true),
                        params.integer("max_iter", 100), params.number("tol", 1e-8));
            }
            case "tree" -> (classification ? ForestSpec.decisionTreeClassifier(seed)
                    : ForestSpec.decisionTreeRegressor(seed)).withTree(tree(params, classification, new MaxFeatures.All()));
            case "forest" -> {
                ForestSpec base = classification ? ForestSpec.randomForestClassifier(100, seed)
                        : ForestSpec.randomForestRegressor(100, seed);
                yield new ForestSpec(base.kind(), classification, params.integer("n_estimators", 100),
                        tree(params, classification, base.tree().maxFeatures()), params.flag("bootstrap", true), seed);
            }
            case "extratrees" -> {
                ForestSpec base = classification ? ForestSpec.extraTreesClassifier(100, seed)
                        : ForestSpec.extraTreesRegressor(100, seed);
                yield new ForestSpec(base.kind(), classification, params.integer("n_estimators", 100),
                        tree(params, classification, base.tree().maxFeatures()).withRandomThresholds(true),
                        params.flag("bootstrap", false), seed);
            }
            case "gboost" -> new BoostingSpec(classification, params.integer("n_estimators", 100),
                    params.number("learning_rate", 0.1), TreeParams.defaults(Criterion.SQUARED_ERROR)
                    .withMaxDepth(params.integer("max_depth", 3))
                    .withMinSamplesSplit(params.integer("min_samples_split", 2))
                    .withMinSamplesLeaf(params.integer("min_samples_leaf", 1))
                    .withMaxFeatures(MaxFeatures.parse(params.string("max_features", null))),
                    params.number("subsample", 1.0), seed);
            case "mlp" -> mlp(params, seed);
            default -> throw new IllegalArgumentException("unknown model type \"" + type + "\"; use one of "
                    + String.join(", ", TYPES));
        };
        params.requireAllKnown();
        return spec;
    }

    private static TreeParams tree(Params params, boolean classification, MaxFeatures defaultFeatures) {
        Criterion criterion = Criterion.fromName(params.string("criterion", classification ? "gini" : "squared_error"));
        if (criterion.forClassification() != classification) {
            throw new IllegalArgumentException("criterion " + criterion.jsonName() + " does not fit "
                    + (classification ? "classification" : "regression"));
        }
        String maxFeatures = params.string("max_features", null);
        return TreeParams.defaults(criterion)
                .withMaxDepth(params.integer("max_depth", 0))
                .withMinSamplesSplit(params.integer("min_samples_split", 2))
                .withMinSamplesLeaf(params.integer("min_samples_leaf", 1))
                .withMaxFeatures(maxFeatures == null ? defaultFeatures : MaxFeatures.parse(maxFeatures));
    }

    private static MlpSpec mlp(Params params, long seed) {
        int[] hidden = Arrays.stream(params.string("layers", "64").split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
        Activation.Kind activation = Activation.Kind.valueOf(params.string("activation", "relu")
                .toUpperCase(Locale.ROOT).replace('-', '_'));
        return new MlpSpec(hidden, activation, params.number("dropout", 0), optimizer(params),
                params.integer("batch_size", 32), params.integer("epochs", 20), seed);
    }

    /** The optimizer settings of a network's parameters: {@code optimizer}, {@code lr}, {@code weight_decay}… */
    private static Json.JsonObject optimizer(Params params) {
        String optimizerName = params.string("optimizer", "adam").toLowerCase(Locale.ROOT);
        Json.ObjectBuilder optimizer = Json.object().put("type", optimizerName)
                .put("lr", params.number("lr", optimizerName.equals("sgd") ? 0.01 : 0.001));
        double weightDecay = params.number("weight_decay", Double.NaN);
        if (!Double.isNaN(weightDecay)) optimizer.put("weight_decay", weightDecay);
        double momentum = params.number("momentum", Double.NaN);
        if (!Double.isNaN(momentum)) optimizer.put("momentum", momentum);
        return optimizer.build();
    }

    /**
     * Starts training {@code brine train --model cnn}'s image classifier ({@link ConvNet}) on images
     * {@code (n, channels, height, width)} and class indices 0…k−1: parameters {@code layers} (the convolutions'
     * widths, default {@code 16,32}), {@code optimizer}, {@code lr}, {@code batch_size}, {@code weight_decay},
     * {@code momentum}, {@code epochs} (read by the caller). Cross-entropy loss; checkpoints resume with
     * {@link Trainer#resume}.
     */
    public static Trainer startConvNet(FloatMatrix images, int[] labels, Map<String, String> params, long seed) {
        Params settings = new Params("cnn", params);
        int[] widths = Arrays.stream(settings.string("layers", "16,32").split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
        Json.JsonObject optimizer = optimizer(settings);
        int batchSize = settings.integer("batch_size", 32);
        settings.integer("epochs", 10);
        settings.requireAllKnown();
        int classes = Arrays.stream(labels).max().orElse(0) + 1;
        Sequential network = ConvNet.classifier(images.shape(), classes, widths, seed);
        return Trainer.start(network, TrainingSettings.of(Loss.CROSS_ENTROPY, optimizer, batchSize, seed));
    }

    private static EstimatorSpec regressionOnly(String type, Task task, EstimatorSpec spec) {
        if (task != Task.REGRESSION) throw taskError(type, "regression");
        return spec;
    }

    private static IllegalArgumentException taskError(String type, String supported) {
        return new IllegalArgumentException("model " + type + " does " + supported + " only; pick another model or "
                + "--task " + supported);
    }

    /** The spec itself for all-numeric complete tables, else a pipeline that imputes and one-hot encodes first. */
    private static EstimatorSpec withPreprocessing(Table features, EstimatorSpec spec) {
        List<String> text = features.columns().stream().filter(c -> c instanceof Column.Text).map(Column::name).toList();
        List<String> numbers = features.columns().stream().filter(c -> c instanceof Column.Numeric).map(Column::name)
                .toList();
        boolean missing = features.columns().stream().anyMatch(c -> c instanceof Column.Numeric numeric
                && Arrays.stream(numeric.values()).anyMatch(Double::isNaN));
        if (text.isEmpty() && !missing) {
            return spec;
        }
        if (spec instanceof MlpSpec) {
            throw new IncompatibleModelException("mlp takes complete numeric columns; columns " + text
                    + " hold text or numbers are missing. Encode or impute them first");
        }
        List<ColumnTransformerSpec.PartSpec> parts = new java.util.ArrayList<>();
        if (!numbers.isEmpty()) {
            parts.add(new ColumnTransformerSpec.PartSpec("numbers",
                    SimpleImputer.spec(SimpleImputer.Strategy.MEDIAN, 0), numbers));
        }
        if (!text.isEmpty()) {
            parts.add(new ColumnTransformerSpec.PartSpec("categories",
                    OneHotEncoder.spec(OneHotEncoder.UnknownCategories.IGNORE), text));
        }
        return PipelineSpec.start().then("prepare", new ColumnTransformerSpec(parts, false)).last("model", spec);
    }

    private static Table numericFeatures(Table features) {
        for (Column column : features.columns()) {
            if (column instanceof Column.Text) {
                throw new IncompatibleModelException("mlp takes numeric columns; column \"" + column.name()
                        + "\" holds text");
            }
        }
        return features;
    }
}
