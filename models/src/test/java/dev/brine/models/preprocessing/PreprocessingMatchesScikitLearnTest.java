package dev.brine.models.preprocessing;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.json.Json;
import dev.brine.models.data.Column;
import dev.brine.models.data.Matrix;
import dev.brine.models.data.Table;
import dev.brine.models.linear.LogisticRegression;
import dev.brine.models.linear.Ridge;
import dev.brine.models.pipeline.ColumnTransformerSpec;
import dev.brine.models.pipeline.ColumnTransformerSpec.PartSpec;
import dev.brine.models.pipeline.Pipeline;
import dev.brine.models.pipeline.PipelineSpec;
import dev.brine.models.tabular.Target;
import dev.brine.models.testing.Datasets;
import dev.brine.models.testing.Fixtures;
import dev.brine.models.testing.RoundTrip;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Preprocessing steps and pipelines against scikit-learn 1.2.1 (reference/preprocessing_sklearn.json). */
class PreprocessingMatchesScikitLearnTest {

    private static final Json.JsonObject REFERENCE = Fixtures.json("reference/preprocessing_sklearn.json");
    private static final int HEAD = 8;

    @Test
    void standardScalerMatches() {
        Json.JsonObject expected = REFERENCE.getObject("standard_scaler_wine");
        Matrix wine = Datasets.x("wine");
        StandardScaler scaler = StandardScaler.fit(wine);
        assertClose(Fixtures.doubles(expected.getArray("mean")), scaler.mean(), 1e-12);
        assertClose(Fixtures.doubles(expected.getArray("scale")), scaler.scale(), 1e-12);
        assertClose(flat(expected, "transform_head"), scaler.transform(head(wine)).values(), 1e-10);
        RoundTrip.assertPredictsIdentically(scaler, wine.toTensor());
    }

    @Test
    void minMaxScalerMatches() {
        Matrix diabetes = Datasets.x("diabetes");
        MinMaxScaler scaler = MinMaxScaler.fit(Datasets.features("diabetes"));
        assertClose(flat(REFERENCE.getObject("min_max_scaler_diabetes"), "transform_head"),
                scaler.transform(head(diabetes)).values(), 1e-12);
        RoundTrip.assertPredictsIdentically(scaler, diabetes.toTensor());
    }

    @Test
    void simpleImputerStatisticsMatch() {
        Json.JsonObject expected = REFERENCE.getObject("simple_imputer_housing");
        Table numbers = Datasets.table("housing").select(List.of("area", "rooms"));
        for (SimpleImputer.Strategy strategy : List.of(SimpleImputer.Strategy.MEAN, SimpleImputer.Strategy.MEDIAN,
                SimpleImputer.Strategy.MOST_FREQUENT)) {
            SimpleImputer imputer = SimpleImputer.fit(numbers, strategy);
            assertClose(Fixtures.doubles(expected.getArray(strategy.name().toLowerCase())), imputer.statistics(), 1e-12);
            Matrix filled = imputer.transform(numbers.toMatrix());
            assertTrue(java.util.Arrays.stream(filled.values()).noneMatch(Double::isNaN));
            RoundTrip.assertPredictsIdentically(imputer, numbers.toMatrix().toTensor());
        }
    }

    @Test
    void oneHotEncoderMatchesAndHandlesUnknownCategories() {
        Json.JsonObject expected = REFERENCE.getObject("one_hot_encoder_housing");
        Table city = Datasets.table("housing").select(List.of("city"));
        OneHotEncoder ignoring = OneHotEncoder.fit(city, OneHotEncoder.UnknownCategories.IGNORE);
        assertClose(flat(expected, "transform_head"), ignoring.transform(city.selectRows(range(HEAD))).values(), 0);
        Table unknown = new Table(List.of(new Column.Text("city", new String[] {"rennes"})));
        assertClose(flat(expected, "unknown"), ignoring.transform(unknown).values(), 0);

        OneHotEncoder strict = OneHotEncoder.fit(city, OneHotEncoder.UnknownCategories.ERROR);
        IncompatibleModelException error = assertThrows(IncompatibleModelException.class,
                () -> strict.transform(unknown));
        assertTrue(error.getMessage().contains("\"rennes\""), error.getMessage());

        OneHotEncoder restored = (OneHotEncoder) RoundTrip.restore(ignoring);
        assertArrayEquals(ignoring.transform(city).values(), restored.transform(city).values());
    }

    @Test
    void oneHotEncoderTakesNumericCategoriesFromATensor() {
        Matrix codes = Matrix.of(new double[][] {{3}, {1}, {3}, {2}});
        OneHotEncoder encoder = OneHotEncoder.fit(Table.of(codes, List.of()), OneHotEncoder.UnknownCategories.ERROR);
        assertArrayEquals(new double[] {0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 1, 0}, encoder.transform(codes).values());
        RoundTrip.assertPredictsIdentically(encoder, codes.toTensor());
    }

    @Test
    void pcaMatchesIncludingSigns() {
        Json.JsonObject expected = REFERENCE.getObject("pca_iris");
        Matrix iris = Datasets.x("iris");
        Pca pca = Pca.fit(iris, 3, List.of());
        assertClose(flat(expected, "components"), pca.components().values(), 1e-10);
        assertClose(Fixtures.doubles(expected.getArray("explained_variance")), pca.explainedVariance(), 1e-10);
        assertClose(flat(expected, "transform_head"), pca.transform(head(iris)).values(), 1e-10);
        RoundTrip.assertPredictsIdentically(pca, iris.toTensor());
    }

    @Test
    void columnTransformerPipelineWithTextColumnMatches() {
        Json.JsonObject expected = REFERENCE.getObject("housing_pipeline");
        Table housing = Datasets.table("housing");
        Table features = housing.without("price");
        PipelineSpec spec = PipelineSpec.start()
                .then("prepare", ColumnTransformerSpec.of(
                        new PartSpec("numbers", PipelineSpec.start()
                                .then("impute", SimpleImputer.spec(SimpleImputer.Strategy.MEDIAN, 0))
                                .then("scale", StandardScaler::fit), List.of("area", "rooms")),
                        new PartSpec("city", OneHotEncoder.spec(OneHotEncoder.UnknownCategories.IGNORE),
                                List.of("city"))))
                .last("ridge", new Ridge(1.0));
        Pipeline model = spec.fit(features, Target.of(housing.column("price"), false));
        double[] coef = ((dev.brine.models.linear.LinearRegressor) model.finalStep()).coefficients();
        assertClose(Fixtures.doubles(expected.getArray("coef")), coef, 1e-9);
        double[] predictions = model.predict(features).toDoubleArray();
        assertClose(Fixtures.doubles(expected.getArray("predictions")), predictions, 1e-9);

        Pipeline restored = (Pipeline) RoundTrip.restore(model);
        assertArrayEquals(predictions, restored.predict(features).toDoubleArray());
        Pipeline loaded = (Pipeline) RoundTrip.throughFile(model);
        assertArrayEquals(predictions, loaded.predict(features).toDoubleArray());
        assertTrue(model.snapshot().tensors().stream().anyMatch(t -> t.name().equals("prepare.numbers.scale.mean")),
                "child tensors are saved under their step names");
    }

    @Test
    void scalerLogisticPipelineIsAClassifierAndMatches() {
        Json.JsonObject expected = REFERENCE.getObject("iris_pipeline");
        Table iris = Datasets.table("iris");
        Table features = iris.without("target");
        Pipeline model = PipelineSpec.start().then("scaler", StandardScaler::fit)
                .last("logistic", new LogisticRegression()).fit(features, Target.of(iris.column("target"), true));
        Pipeline.OfClassifier classifier = assertInstanceOf(Pipeline.OfClassifier.class, model);
        assertEquals(List.of("setosa", "versicolor", "virginica"), classifier.classLabels());
        assertClose(flat(expected, "proba_head"),
                classifier.predictProba(features.selectRows(range(HEAD))).toDoubleArray(), 1e-7);
        RoundTrip.assertPredictsIdentically(model, features.toMatrix().toTensor());
    }

    @Test
    void wrongColumnCountIsIncompatible() {
        StandardScaler scaler = StandardScaler.fit(Datasets.x("wine"));
        assertThrows(IncompatibleModelException.class, () -> scaler.transform(Datasets.x("iris")));
    }

    private static Matrix head(Matrix x) {
        return x.selectRows(range(HEAD));
    }

    private static int[] range(int count) {
        int[] rows = new int[count];
        for (int i = 0; i < count; i++) rows[i] = i;
        return rows;
    }

    private static double[] flat(Json.JsonObject object, String key) {
        return Matrix.of(Fixtures.matrix(object.getArray(key))).values();
    }

    private static void assertClose(double[] expected, double[] actual, double relative) {
        assertEquals(expected.length, actual.length, "length");
        for (int i = 0; i < expected.length; i++) {
            double allowed = relative * Math.max(1.0, Math.abs(expected[i]));
            assertTrue(Math.abs(expected[i] - actual[i]) <= allowed,
                    "[" + i + "]: expected " + expected[i] + ", got " + actual[i]);
        }
    }
}
