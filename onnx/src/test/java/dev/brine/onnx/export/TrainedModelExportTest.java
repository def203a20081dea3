package dev.brine.onnx.export;

import dev.brine.core.Models;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.json.Json;
import dev.brine.core.model.Classifier;
import dev.brine.core.model.Model;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.Trainers;
import dev.brine.models.data.CsvTable;
import dev.brine.models.data.Matrix;
import dev.brine.models.data.Table;
import dev.brine.models.linear.Ridge;
import dev.brine.models.nn.Activation;
import dev.brine.models.nn.MlpSpec;
import dev.brine.models.nn.TabularNetwork;
import dev.brine.models.pipeline.ColumnTransformerSpec;
import dev.brine.models.pipeline.Pipeline;
import dev.brine.models.pipeline.PipelineSpec;
import dev.brine.models.preprocessing.OneHotEncoder;
import dev.brine.models.preprocessing.Pca;
import dev.brine.models.preprocessing.SimpleImputer;
import dev.brine.models.preprocessing.StandardScaler;
import dev.brine.models.tabular.TabularModel;
import dev.brine.models.tabular.Target;
import dev.brine.models.tabular.Transformer;
import dev.brine.onnx.Onnx;
import dev.brine.onnx.OnnxModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code brine train} (and the preprocessing around it) produces, trained here on the committed datasets, goes
 * through {@code brine convert}'s path — saved as {@code .brine}, loaded, exported — and ONNX Runtime must predict
 * what Brine predicts on the same rows.
 */
class TrainedModelExportTest {

    /**
     * Networks run in float32 in both Brine and ONNX Runtime, which sum each dot product in another order (blocked,
     * with FMA): a few float32 ulps per layer (measured: at most 2.3e-7 on iris). Probabilities lie in [0, 1], so
     * 1e-5 absolute is ~100 float32 ulps of 1, and far below any difference between classes.
     */
    private static final double PROBABILITY_TOLERANCE = 1e-5;

    /**
     * A regression network's float32 output carries the same few-ulp differences, then is multiplied by the target's
     * scale: 1e-5 relative to the larger of the value and that scale (measured: at most 3.6e-7 on diabetes).
     */
    private static final double NETWORK_RELATIVE_TOLERANCE = 1e-5;

    @TempDir
    Path directory;

    private static Table dataset(String name) {
        try (InputStream stream = TrainedModelExportTest.class.getResourceAsStream("/datasets/" + name + ".csv")) {
            return CsvTable.read(new InputStreamReader(stream, StandardCharsets.UTF_8), name + ".csv");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Tensor features(Table table, String target) {
        return table.without(target).toMatrix().toTensor();
    }

    /** Saved, loaded and exported as {@code brine convert model.brine model.onnx} does, then opened in ONNX Runtime. */
    private OnnxModel converted(Model model) {
        Path brine = directory.resolve(model.type() + ".brine");
        Path onnx = directory.resolve(model.type() + ".onnx");
        Models.save(model, brine);
        OnnxExport.write(Models.load(brine), onnx);
        return Onnx.load(onnx);
    }

    private void assertSameClassification(Model model, Tensor input) {
        Classifier brine = (Classifier) model;
        Classifier onnx = assertInstanceOf(Classifier.class, converted(model));
        assertEquals(brine.classLabels(), onnx.classLabels());
        assertArrayEquals(brine.predict(input).toLongArray(), onnx.predict(input).toLongArray());
        assertArrayEquals(brine.predictProba(input).toDoubleArray(), onnx.predictProba(input).toDoubleArray(),
                PROBABILITY_TOLERANCE);
    }

    private void assertSameValues(Model model, Tensor input, double relativeTolerance, double scale) {
        double[] expected = model.predict(input).toDoubleArray();
        double[] actual = converted(model).predict(input).toDoubleArray();
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], relativeTolerance * Math.max(scale, Math.abs(expected[i])),
                    "value " + i);
        }
    }

    private static double targetScale(Model network) {
        return network.snapshot().tensor("target_scale").tensor().getDouble(0);
    }

    private static MlpSpec mlp(int... hidden) {
        return new MlpSpec(hidden, Activation.Kind.RELU, 0, Json.object().put("type", "adam").put("lr", 0.01).build(),
                16, 30, 7);
    }

    @Test
    void mlpClassifierAsBrineTrainWritesIt() {
        Table iris = dataset("iris");
        TabularModel model = Trainers.train("mlp", iris, "target", Map.of("layers", "16,8", "activation", "gelu",
                "dropout", "0.1", "epochs", "40", "lr", "0.01"), Optional.empty(), 3);
        assertEquals(TabularNetwork.CLASSIFIER, model.type());
        assertSameClassification(model, features(iris, "target"));
    }

    @Test
    void mlpRegressorAsBrineTrainWritesIt() {
        Table diabetes = dataset("diabetes");
        TabularModel model = Trainers.train("mlp", diabetes, "target", Map.of("layers", "32", "activation", "tanh",
                "epochs", "20", "lr", "0.01"), Optional.of(Trainers.Task.REGRESSION), 5);
        assertEquals(TabularNetwork.REGRESSOR, model.type());
        assertSameValues(model, features(diabetes, "target"), NETWORK_RELATIVE_TOLERANCE, targetScale(model));
    }

    /** {@code Where(IsNaN(x), statistics, x)} copies values, so the export is exact for every strategy. */
    @Test
    void simpleImputerReplacesMissingValuesExactly() {
        Table housing = dataset("housing").select(List.of("area", "rooms"));
        Tensor input = housing.toMatrix().toTensor();
        assertTrue(Arrays.stream(input.toDoubleArray()).anyMatch(Double::isNaN), "the data has missing values");
        for (SimpleImputer.Strategy strategy : SimpleImputer.Strategy.values()) {
            SimpleImputer imputer = SimpleImputer.fit(housing.toMatrix(), strategy, -1.5, housing.names());
            assertArrayEquals(imputer.predict(input).toDoubleArray(), converted(imputer).predict(input).toDoubleArray(),
                    strategy.name());
        }
    }

    /** Double-precision MatMul sums in another order than brine-models' loop: 1e-12 relative, alone and in a pipeline. */
    @Test
    void pcaProjectsOntoItsComponents() {
        Table diabetes = dataset("diabetes");
        Table x = diabetes.without("target");
        Pca pca = Pca.fit(x.toMatrix(), 4, x.names());
        assertSameValues(pca, x.toMatrix().toTensor(), 1e-12, 1e-3);
        Model pipeline = PipelineSpec.start().then("pca", Pca.spec(4)).last("ridge", new Ridge(0.1))
                .fit(x, Target.of(diabetes.column("target"), false));
        assertSameValues(pipeline, x.toMatrix().toTensor(), 1e-12, 1);
    }

    @Test
    void pipelineImputerScalerMlp() {
        Table housing = dataset("housing").without("city");
        Target price = Target.of(housing.column("price"), false);
        Table x = housing.without("price");
        Model model = PipelineSpec.start()
                .then("impute", SimpleImputer.spec(SimpleImputer.Strategy.MEAN, 0))
                .then("scale", table -> StandardScaler.fit(table))
                .last("mlp", mlp(16, 8)).fit(x, price);
        Model network = ((Pipeline) model).finalStep();
        assertSameValues(model, x.toMatrix().toTensor(), NETWORK_RELATIVE_TOLERANCE, targetScale(network));
    }

    /**
     * Numbers with missing values: {@code brine train} puts a column transformer with a median imputer first. ONNX
     * Runtime's TreeEnsembleRegressor returns float32 sums, hence 1e-6 relative (as for the trees in OnnxExportTest).
     */
    @Test
    void brineTrainPreprocessingOfMissingNumbers() {
        Table housing = dataset("housing").without("city");
        TabularModel model = Trainers.train("gboost", housing, "price", Map.of("n_estimators", "20"),
                Optional.empty(), 1);
        assertEquals("pipeline", model.type());
        assertSameValues(model, features(housing, "price"), 1e-6, 1);
    }

    /**
     * One-hot indicators of a numeric column (missing and unseen values all zeros), imputed and scaled numbers beside
     * them, columns picked in another order than the input's: the same double operations, so exactly equal.
     */
    @Test
    void columnTransformerWithNumericOneHotAndAPipelinePart() {
        Table housing = dataset("housing").without("city");
        Table x = housing.without("price");
        Transformer prepare = new ColumnTransformerSpec(List.of(
                new ColumnTransformerSpec.PartSpec("rooms", OneHotEncoder.spec(OneHotEncoder.UnknownCategories.IGNORE),
                        List.of("rooms")),
                new ColumnTransformerSpec.PartSpec("area", PipelineSpec.start()
                        .then("impute", SimpleImputer.spec(SimpleImputer.Strategy.MEDIAN, 0))
                        .then("scale", table -> StandardScaler.fit(table)), List.of("area"))), false).fit(x);
        Matrix rows = x.toMatrix();
        double[] values = rows.values().clone();
        values[1] = 7;  // a room count not seen when fitting
        Tensor input = new Matrix(rows.rows(), rows.cols(), values).toTensor();
        assertArrayEquals(prepare.predict(input).toDoubleArray(), converted(prepare).predict(input).toDoubleArray());
        Model model = PipelineSpec.start().then("prepare", table -> prepare)
                .last("ridge", new Ridge(1.0)).fit(x, Target.of(housing.column("price"), false));
        assertSameValues(model, input, 1e-9, 1);
    }

    /** A text column makes the ONNX input a mix of types: refused, naming the step, the part and the column. */
    @Test
    void refusesOneHotEncodingOfTextColumns() {
        Table housing = dataset("housing");
        TabularModel model = Trainers.train("forest", housing, "price", Map.of("n_estimators", "3"),
                Optional.empty(), 1);
        UnsupportedModelException refused = assertThrows(UnsupportedModelException.class,
                () -> OnnxExport.toBytes(model));
        for (String part : List.of("pipeline step \"prepare\"", "column_transformer part \"categories\"",
                "one_hot_encoder", "[city]", "numeric columns only")) {
            assertTrue(refused.getMessage().contains(part), refused.getMessage());
        }
    }
}
