package dev.brine.onnx.export;

import dev.brine.core.Limits;
import dev.brine.core.model.Classifier;
import dev.brine.core.model.Model;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.data.Labels;
import dev.brine.models.data.Matrix;
import dev.brine.models.linear.LinearRegression;
import dev.brine.models.linear.LogisticRegression;
import dev.brine.models.nn.Activation;
import dev.brine.models.nn.BatchNorm;
import dev.brine.models.nn.Dropout;
import dev.brine.models.nn.Linear;
import dev.brine.models.nn.Sequential;
import dev.brine.models.nn.Softmax;
import dev.brine.models.pipeline.Pipeline;
import dev.brine.models.preprocessing.MinMaxScaler;
import dev.brine.models.preprocessing.StandardScaler;
import dev.brine.models.random.Pcg64;
import dev.brine.models.tabular.TabularModel;
import dev.brine.models.tabular.Target;
import dev.brine.models.tree.BoostingSpec;
import dev.brine.models.tree.ForestSpec;
import dev.brine.onnx.Onnx;
import dev.brine.onnx.OnnxModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Every export is run by ONNX Runtime and must predict what the Brine model predicts. */
class OnnxExportTest {
    private static final int ROWS = 60;
    private static final int FEATURES = 4;
    private static final Matrix X = data(new Random(11));
    private static final List<String> NAMES = List.of("a", "b", "c", "d");

    private static Matrix data(Random random) {
        double[][] rows = new double[ROWS][FEATURES];
        for (double[] row : rows) {
            for (int f = 0; f < FEATURES; f++) {
                row[f] = random.nextGaussian() * (f + 1) + f;
            }
        }
        return Matrix.of(rows);
    }

    private static Target.Values numbers() {
        double[] y = new double[ROWS];
        for (int r = 0; r < ROWS; r++) {
            y[r] = 2 * X.get(r, 0) - X.get(r, 1) + 0.5 * X.get(r, 2) * X.get(r, 3) + 1;
        }
        return new Target.Values(y);
    }

    private static Target.Classes classes(int count) {
        String[] labels = new String[ROWS];
        for (int r = 0; r < ROWS; r++) {
            double score = X.get(r, 0) + 0.5 * X.get(r, 1) - 0.3 * X.get(r, 2);
            labels[r] = "class_" + (count == 2 ? (score > 1 ? 1 : 0) : Math.floorMod((int) Math.floor(score), count));
        }
        return new Target.Classes(Labels.ofText("y", labels));
    }

    private static OnnxModel exported(Model model) {
        return Onnx.fromBytes(OnnxExport.toBytes(model), model.type() + ".onnx", Limits.DEFAULTS);
    }

    private static void assertSameRegression(TabularModel model, double tolerance) {
        Tensor input = X.toTensor();
        double[] expected = model.predict(input).toDoubleArray();
        double[] actual = exported(model).predict(input).toDoubleArray();
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance * Math.max(1, Math.abs(expected[i])), "row " + i);
        }
    }

    private static void assertSameClassification(Classifier model) {
        Tensor input = X.toTensor();
        Classifier onnx = assertInstanceOf(Classifier.class, exported(model));
        assertEquals(model.classLabels(), onnx.classLabels());
        assertArrayEquals(model.predictProba(input).toDoubleArray(), onnx.predictProba(input).toDoubleArray(), 1e-6);
        assertArrayEquals(model.predict(input).toLongArray(), onnx.predict(input).toLongArray());
    }

    @Test
    void linearRegressionInDoublePrecision() {
        assertSameRegression(new LinearRegression(true).fit(X, numbers(), NAMES), 1e-12);
    }

    @Test
    void binaryAndMulticlassLogisticRegression() {
        assertSameClassification((Classifier) new LogisticRegression().fit(X, classes(2), NAMES));
        assertSameClassification((Classifier) new LogisticRegression().fit(X, classes(3), NAMES));
    }

    @Test
    void decisionTreeAndRandomForestRegressors() {
        assertSameRegression(ForestSpec.decisionTreeRegressor(3).fit(X, numbers(), NAMES), 1e-6);
        assertSameRegression(ForestSpec.randomForestRegressor(7, 3).fit(X, numbers(), NAMES), 1e-6);
    }

    @Test
    void randomForestAndExtraTreesClassifiers() {
        assertSameClassification((Classifier) ForestSpec.randomForestClassifier(7, 5).fit(X, classes(3), NAMES));
        assertSameClassification((Classifier) ForestSpec.extraTreesClassifier(5, 5).fit(X, classes(2), NAMES));
    }

    @Test
    void gradientBoosting() {
        assertSameRegression(BoostingSpec.regressor(15, 1).fit(X, numbers(), NAMES), 1e-6);
        assertSameClassification((Classifier) BoostingSpec.classifier(10, 1).fit(X, classes(2), NAMES));
        assertSameClassification((Classifier) BoostingSpec.classifier(10, 1).fit(X, classes(3), NAMES));
    }

    @Test
    void scalersAndAPipelineEndingInAClassifier() {
        StandardScaler standard = StandardScaler.fit(X, NAMES);
        Matrix standardized = standard.transform(X);
        MinMaxScaler minMax = MinMaxScaler.fit(standardized, -1, 1, NAMES);
        assertArrayEquals(standardized.values(), exported(standard).predict(X.toTensor()).toDoubleArray(), 1e-12);
        Matrix scaled = minMax.transform(standardized);
        Pipeline pipeline = Pipeline.of(List.of(new Pipeline.Step("standard", standard),
                new Pipeline.Step("minmax", minMax),
                new Pipeline.Step("logistic", new LogisticRegression().fit(scaled, classes(3), NAMES))));
        assertSameClassification((Classifier) pipeline);
    }

    @Test
    void sequentialNetworkWithBatchNormAndDropout(@TempDir Path directory) {
        Pcg64 rng = Pcg64.seeded(3);
        Sequential network = Sequential.of(FEATURES, Linear.initialized(FEATURES, 8, true, rng),
                Activation.of(Activation.Kind.GELU), BatchNorm.of1d(8), new Dropout(0.3),
                Linear.initialized(8, 6, true, rng), Activation.of(Activation.Kind.SILU),
                Linear.initialized(6, 3, false, rng), new Softmax(false));
        List<NamedTensor> state = new ArrayList<>();
        for (NamedTensor tensor : network.stateDict()) {
            boolean statistic = tensor.name().endsWith("running_mean") || tensor.name().endsWith("running_var");
            state.add(statistic ? new NamedTensor(tensor.name(), Tensor.of(new float[] {0.1f, -0.2f, 0.3f, 0.5f,
                    1.5f, 0.7f, 0.9f, 2f}), tensor.role()) : tensor);
        }
        network.loadStateDict(state, true);
        Path file = directory.resolve("network.onnx");
        OnnxExport.write(network, file);
        Tensor input = X.toTensor().to(dev.brine.core.tensor.DType.F32);
        assertArrayEquals(network.predict(input).toFloatArray(), Onnx.load(file).predict(input).toFloatArray(), 1e-5f);
    }
}
