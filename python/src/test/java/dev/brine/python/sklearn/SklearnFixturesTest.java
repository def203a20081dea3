package dev.brine.python.sklearn;

import dev.brine.core.Models;
import dev.brine.core.model.Classifier;
import dev.brine.core.model.Model;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.tabular.TabularClassifier;
import dev.brine.models.tabular.TabularModel;
import dev.brine.python.Fixtures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every estimator scikit-learn 1.2.1 pickled (every file of every case: protocols 2, 4, 5, joblib with each
 * compression) loads through {@code Models.load} and predicts what scikit-learn predicted on the same inputs:
 * class labels exactly, numbers and probabilities within 1e-9 relative (absolute 1e-12 near zero).
 */
class SklearnFixturesTest {

    static final double RELATIVE = 1e-9;
    static final double ABSOLUTE = 1e-12;

    @TestFactory
    Stream<DynamicTest> everyFilePredictsAsScikitLearn() {
        List<DynamicTest> tests = new ArrayList<>();
        for (SklearnCase sample : SklearnCase.all().values()) {
            for (String file : sample.files()) {
                tests.add(DynamicTest.dynamicTest(file, () -> check(sample, Fixtures.path("sklearn/" + file))));
            }
        }
        return tests.stream();
    }

    /** The first file of every case, converted, saved as .brine and loaded again, predicts the same bits. */
    @TestFactory
    Stream<DynamicTest> convertedModelsSurviveSavingAsBrine(@TempDir Path folder) {
        return SklearnCase.all().values().stream().map(sample -> DynamicTest.dynamicTest(sample.name(), () -> {
            Model converted = Models.load(Fixtures.path("sklearn/" + sample.files().getFirst()));
            Path saved = folder.resolve(sample.name() + ".brine");
            Models.save(converted, saved);
            Model reloaded = Models.load(saved);
            assertEquals(converted.type(), reloaded.type());
            assertTrue(((TabularModel) converted).predict(sample.input())
                    .contentEquals(((TabularModel) reloaded).predict(sample.input())), sample.name());
            if (sample.probabilities() != null) {
                assertTrue(((TabularClassifier) converted).predictProba(sample.input())
                        .contentEquals(((TabularClassifier) reloaded).predictProba(sample.input())), sample.name());
            }
            check(sample, saved);
        }));
    }

    static void check(SklearnCase sample, Path file) {
        Model model = Models.load(file);
        TabularModel tabular = assertInstanceOf(TabularModel.class, model, file.toString());
        Tensor predicted = tabular.predict(sample.input());
        if (sample.classifier()) {
            Classifier classifier = (Classifier) model;
            assertEquals(sample.classes(), classifier.classLabels(), "class labels");
            long[] indices = predicted.toLongArray();
            List<String> labels = new ArrayList<>();
            for (long index : indices) labels.add(classifier.classLabels().get((int) index));
            assertEquals(((dev.brine.core.json.Json.JsonArray) sample.predictions()).toStringList(), labels,
                    file + " predict");
            if (sample.probabilities() != null) {
                Tensor proba = ((TabularClassifier) model).predictProba(sample.input());
                assertClose(SklearnCase.numbers(sample.probabilities()), proba.toDoubleArray(), file + " proba");
            }
        } else {
            assertClose(SklearnCase.numbers(sample.predictions()), predicted.toDoubleArray(), file + " predict");
        }
    }

    static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": value count");
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            if (Double.isNaN(e) && Double.isNaN(a)) continue;
            double difference = Math.abs(e - a);
            if (!(difference <= RELATIVE * Math.max(Math.abs(e), Math.abs(a)) || difference <= ABSOLUTE)) {
                fail(what + ": value " + i + " is " + a + ", scikit-learn gave " + e);
            }
        }
    }
}
