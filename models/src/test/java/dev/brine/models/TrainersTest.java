package dev.brine.models;

import dev.brine.core.model.Classifier;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.NamedTensor;
import dev.brine.models.data.Table;
import dev.brine.models.nn.MlpRun;
import dev.brine.models.nn.TabularNetwork;
import dev.brine.models.pipeline.Pipeline;
import dev.brine.models.tabular.TabularModel;
import dev.brine.models.testing.Datasets;
import dev.brine.models.testing.RoundTrip;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The by-name training API the CLI calls: every model type, task inference, preprocessing, resumable networks. */
class TrainersTest {

    private static final Table IRIS = Datasets.table("iris");
    private static final Table DIABETES = Datasets.table("diabetes");

    @Test
    void everyClassifierTypeTrainsOnIrisAndRoundTrips() {
        Map<String, Map<String, String>> types = Map.of(
                "logistic", Map.of(),
                "tree", Map.of("max_depth", "4"),
                "forest", Map.of("n_estimators", "10"),
                "extratrees", Map.of("n_estimators", "10", "max_features", "2"),
                "gboost", Map.of("n_estimators", "10"),
                "mlp", Map.of("layers", "16", "epochs", "30", "lr", "0.01"));
        for (Map.Entry<String, Map<String, String>> type : types.entrySet()) {
            TabularModel model = Trainers.train(type.getKey(), IRIS, "target", type.getValue(), Optional.empty(), 1);
            Classifier classifier = assertInstanceOf(Classifier.class, model, type.getKey());
            assertEquals(List.of("setosa", "versicolor", "virginica"), classifier.classLabels());
            assertTrue(accuracy(model, IRIS) > 0.9, type.getKey() + " accuracy " + accuracy(model, IRIS));
            RoundTrip.assertPredictsIdentically(model, IRIS.without("target").toMatrix().toTensor());
        }
    }

    @Test
    void everyRegressorTypeTrainsOnDiabetesAndRoundTrips() {
        Map<String, Map<String, String>> types = Map.of(
                "linear", Map.of(), "ridge", Map.of("alpha", "0.1"), "lasso", Map.of("alpha", "0.1"),
                "elasticnet", Map.of("alpha", "0.01"), "tree", Map.of("max_depth", "3"),
                "forest", Map.of("n_estimators", "10"), "extratrees", Map.of("n_estimators", "10"),
                "gboost", Map.of("n_estimators", "20"), "mlp", Map.of("layers", "8", "epochs", "5"));
        for (Map.Entry<String, Map<String, String>> type : types.entrySet()) {
            TabularModel model = Trainers.train(type.getKey(), DIABETES, "target", type.getValue(), Optional.empty(), 1);
            assertEquals(Trainers.Task.REGRESSION, Trainers.inferTask(DIABETES.column("target")));
            RoundTrip.assertPredictsIdentically(model, DIABETES.without("target").toMatrix().toTensor());
        }
    }

    @Test
    void textColumnsAndMissingValuesGetAPreprocessingStep() {
        Table housing = Datasets.table("housing");
        TabularModel model = Trainers.train("forest", housing, "price", Map.of("n_estimators", "5"),
                Optional.of(Trainers.Task.REGRESSION), 3);
        Pipeline pipeline = assertInstanceOf(Pipeline.class, model);
        assertEquals(List.of("prepare", "model"), pipeline.steps().stream().map(Pipeline.Step::name).toList());
        Table features = housing.without("price");
        double[] predictions = model.predict(features).toDoubleArray();
        assertEquals(features.rowCount(), predictions.length);
        TabularModel loaded = (TabularModel) RoundTrip.throughFile(model);
        assertTrue(java.util.Arrays.equals(predictions, loaded.predict(features).toDoubleArray()));
    }

    @Test
    void metricsReportAccuracyOrFit() {
        TabularModel forest = Trainers.train("forest", IRIS, "target", Map.of("n_estimators", "10"), Optional.empty(), 0);
        assertEquals(accuracy(forest, IRIS), Metrics.evaluate(forest, IRIS, "target").getDouble("accuracy"));
        TabularModel linear = Trainers.train("linear", DIABETES, "target", Map.of(), Optional.empty(), 0);
        var metrics = Metrics.evaluate(linear, DIABETES, "target");
        assertEquals(0.5177, metrics.getDouble("r2"), 1e-3, "scikit-learn's training R² of OLS on diabetes");
        assertTrue(metrics.getDouble("rmse") > 0 && metrics.getDouble("mae") > 0);
        assertEquals(442, metrics.getLong("rows"));
    }

    @Test
    void taskInference() {
        assertEquals(Trainers.Task.CLASSIFICATION, Trainers.inferTask(IRIS.column("target")));
        assertEquals(Trainers.Task.REGRESSION, Trainers.inferTask(Datasets.table("regression").column("target")));
    }

    @Test
    void misspeltParametersAndWrongTasksAreErrors() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Trainers.train("forest", IRIS, "target", Map.of("n_trees", "5"), Optional.empty(), 0));
        assertTrue(unknown.getMessage().contains("n_estimators"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Trainers.train("logistic", DIABETES, "target", Map.of(), Optional.empty(), 0));
        assertThrows(IllegalArgumentException.class,
                () -> Trainers.train("linear", IRIS, "target", Map.of(), Optional.empty(), 0));
        assertThrows(IllegalArgumentException.class,
                () -> Trainers.train("svm", IRIS, "target", Map.of(), Optional.empty(), 0));
    }

    @Test
    void networkRunResumedFromACheckpointFileEqualsAnUninterruptedRun() {
        Map<String, String> params = Map.of("layers", "8,8", "epochs", "4", "dropout", "0.1", "batch_size", "16");
        MlpRun straight = Trainers.startNetwork(IRIS, "target", params, Optional.empty(), 9);
        straight.trainUntil(4, report -> { });
        MlpRun first = Trainers.startNetwork(IRIS, "target", params, Optional.empty(), 9);
        first.trainUntil(2, report -> { });
        TabularNetwork checkpoint = (TabularNetwork) RoundTrip.throughFile(first.checkpoint());
        MlpRun resumed = Trainers.resumeNetwork(checkpoint, IRIS, "target");
        assertEquals(2, resumed.epoch());
        resumed.trainUntil(4, report -> { });
        ModelSnapshot expected = straight.checkpoint().snapshot();
        ModelSnapshot actual = resumed.checkpoint().snapshot();
        for (NamedTensor tensor : expected.tensors()) {
            assertTrue(tensor.tensor().contentEquals(actual.tensor(tensor.name()).tensor()), tensor.name());
        }
        assertEquals(expected.training(), actual.training());
        assertEquals(4, resumed.history().size());
    }

    private static double accuracy(TabularModel model, Table table) {
        long[] predicted = model.predict(table.without("target")).toLongArray();
        List<String> labels = ((Classifier) model).classLabels();
        var truth = (dev.brine.models.data.Column.Text) table.column("target");
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) if (labels.get((int) predicted[i]).equals(truth.values()[i])) correct++;
        return (double) correct / predicted.length;
    }
}
