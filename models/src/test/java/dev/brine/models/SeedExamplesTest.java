package dev.brine.models;

import dev.brine.core.model.Classifier;
import dev.brine.core.model.Model;
import dev.brine.core.model.StateDict;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.data.Column;
import dev.brine.models.data.Labels;
import dev.brine.models.data.Matrix;
import dev.brine.models.data.Table;
import dev.brine.models.linear.LinearRegression;
import dev.brine.models.linear.LinearRegressor;
import dev.brine.models.linear.LogisticRegression;
import dev.brine.models.nn.Activation;
import dev.brine.models.nn.Architecture;
import dev.brine.models.nn.FloatMatrix;
import dev.brine.models.nn.Linear;
import dev.brine.models.nn.Loss;
import dev.brine.models.nn.Sequential;
import dev.brine.models.nn.Targets;
import dev.brine.models.nn.Trainer;
import dev.brine.models.nn.TrainingSettings;
import dev.brine.models.random.Pcg64;
import dev.brine.models.tabular.Target;
import dev.brine.models.tree.ForestSpec;
import dev.brine.models.testing.Datasets;
import dev.brine.models.testing.RoundTrip;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The examples of the tutorials our users come from (scikit-learn, PyTorch and Keras getting-started guides), done in Java through Brine: each trains,
 * saves the way the tutorial saves (whole model, weights only, architecture only, checkpoint), loads in place of
 * {@code pickle.load} / {@code torch.load} / {@code load_model}, and checks the reloaded model.
 */
class SeedExamplesTest {

    /** pickle.dump(LinearRegression().fit(X_train, y_train)) then pickle.load and predict (Boston → diabetes). */
    @Test
    void linearRegressionSavedAndReloaded() {
        LinearRegressor model = new LinearRegression().fit(Datasets.x("diabetes"), Datasets.y("diabetes"));
        RoundTrip.assertPredictsIdentically(model, Datasets.x("diabetes").toTensor());
    }

    /** joblib.dump(RandomForestClassifier().fit(iris)), joblib.load, predict two new flowers. */
    @Test
    void irisRandomForestPredictsNewFlowersAfterReload() {
        Model model = ForestSpec.randomForestClassifier(100, 0)
                .fit(Datasets.x("iris"), new Target.Classes(Datasets.labels("iris")), List.of());
        Classifier loaded = (Classifier) RoundTrip.throughFile(model);
        long[] predicted = loaded.predict(Tensor.of(new double[] {5.1, 3.5, 1.4, 0.2, 6.2, 3.4, 5.4, 2.3}, 2, 4))
                .toLongArray();
        assertEquals("setosa", loaded.classLabels().get((int) predicted[0]));
        assertEquals("virginica", loaded.classLabels().get((int) predicted[1]));
    }

    /** The DataFrame examples: LogisticRegression on six rows, RandomForest(n_estimators=50, random_state=42). */
    @Test
    void dataFrameClassifiersSavedAndReloaded() {
        Table small = new Table(List.of(new Column.Numeric("feature1", new double[] {1, 2, 3, 4, 5, 6}),
                new Column.Numeric("feature2", new double[] {10, 12, 11, 14, 15, 13})));
        Labels y = Labels.ofNumbers("y", new double[] {0, 0, 0, 1, 1, 1});
        Model logistic = new LogisticRegression().fit(small.toMatrix(), y, small.names());
        RoundTrip.assertPredictsIdentically(logistic, small.toMatrix().toTensor());

        double[][] rows = new double[100][];
        double[] labels = new double[100];
        for (int i = 0; i < 100; i++) {
            rows[i] = new double[] {i, 100 + i};
            labels[i] = i < 50 ? 0 : 1;
        }
        Model forest = ForestSpec.randomForestClassifier(50, 42).fit(Matrix.of(rows),
                new Target.Classes(Labels.ofNumbers("y", labels)), List.of("feature1", "feature2"));
        Model loaded = RoundTrip.assertPredictsIdentically(forest, Matrix.of(rows).toTensor());
        assertEquals(List.of("feature1", "feature2"), loaded.signature().featureNames());
    }

    /**
     * Keras: Dense(64, relu) + Dense(1, sigmoid), adam, binary cross-entropy, 5 epochs on random data; model.save with
     * the optimizer (then continue training), save_weights + to_json, and load_weights into the architecture.
     */
    @Test
    void kerasStyleBinaryClassifierSavedThreeWays() {
        Pcg64 rng = Pcg64.seeded(0);
        float[] x = new float[1000 * 10];
        float[] y = new float[1000];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextFloat();
        for (int i = 0; i < y.length; i++) y[i] = rng.nextInt(2);
        FloatMatrix inputs = new FloatMatrix(1000, 10, x);
        Targets targets = new Targets.Values(new FloatMatrix(1000, 1, y));
        Sequential network = Sequential.of(10, Linear.initialized(10, 64, true, rng),
                Activation.of(Activation.Kind.RELU), Linear.initialized(64, 1, true, rng),
                Activation.of(Activation.Kind.SIGMOID));
        TrainingSettings settings = TrainingSettings.of(Loss.BCE,
                dev.brine.core.json.Json.object().put("type", "adam").build(), 32, 0);
        Trainer trainer = Trainer.start(network, settings);
        trainer.trainUntil(inputs, targets, 5);
        Tensor batch = Tensor.of(x, 1000, 10);

        Sequential full = (Sequential) RoundTrip.throughFile(SaveMode.FULL.select(trainer.checkpoint()));
        RoundTrip.assertBitEqual(trainer.model().predict(batch), full.predict(batch));
        Trainer continued = Trainer.resume(full);
        continued.trainUntil(inputs, targets, 6);
        assertEquals(6, continued.history().size());

        StateDict weights = (StateDict) RoundTrip.throughFile(SaveMode.WEIGHTS.select(trainer.model()));
        Architecture architecture = (Architecture) RoundTrip.throughFile(SaveMode.ARCHITECTURE.select(trainer.model()));
        RoundTrip.assertBitEqual(trainer.model().predict(batch),
                architecture.withWeights(weights.tensors(), true).predict(batch));
    }

    /** PyTorch: nn.Linear(1, 1), SGD(lr=0.01), MSE, 100 epochs; torch.save(state_dict); load into a new LinearRegression(1). */
    @Test
    void pytorchStyleLinearRegressionStateDict() {
        Pcg64 rng = Pcg64.seeded(1);
        float[] x = new float[100];
        float[] y = new float[100];
        for (int i = 0; i < 100; i++) {
            x[i] = (float) rng.nextDouble() * 10;
            y[i] = (float) (2 * x[i] + 1 + 0.1 * rng.nextGaussian());
        }
        Trainer trainer = Trainer.start(Sequential.of(1, Linear.initialized(1, 1, true, rng)),
                TrainingSettings.of(Loss.MSE, dev.brine.core.json.Json.object().put("type", "sgd").put("lr", 0.01)
                        .build(), 16, 0));
        trainer.trainUntil(new FloatMatrix(100, 1, x), new Targets.Values(new FloatMatrix(100, 1, y)), 100);
        StateDict saved = (StateDict) RoundTrip.throughFile(SaveMode.WEIGHTS.select(trainer.model()));
        Sequential loaded = Sequential.of(1, Linear.initialized(1, 1, true, Pcg64.seeded(99)));
        loaded.loadStateDict(saved.tensors(), true);
        float prediction = loaded.predict(Tensor.of(new float[] {1f}, 1, 1)).getFloat(0);
        assertTrue(Math.abs(prediction - 3f) < 0.2, "prediction for 1.0: " + prediction);
    }
}
