package dev.brine.python.sklearn;

import dev.brine.core.Models;
import dev.brine.core.UnsafeModelException;
import dev.brine.core.UnsupportedModelException;
import dev.brine.python.Fixtures;
import dev.brine.python.PickleScanner;
import dev.brine.python.ScanReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What Brine does with scikit-learn files it cannot or must not convert. */
class SklearnRefusalsTest {

    @ParameterizedTest
    @ValueSource(strings = {"unknown_nusvc.pkl", "unknown_kmeans.joblib", "unknown_in_pipeline.pkl"})
    void anEstimatorBrineLacksIsUnsupportedAndNamed(String file) {
        UnsupportedModelException error = assertThrows(UnsupportedModelException.class,
                () -> Models.load(Fixtures.path("sklearn/" + file)));
        String expectedName = file.contains("kmeans") ? "sklearn.cluster._kmeans.KMeans" : "sklearn.svm._classes.NuSVC";
        assertTrue(error.getMessage().contains(expectedName), error.getMessage());
        assertTrue(error.getMessage().contains("RandomForestClassifier, RandomForestRegressor"), error.getMessage());
    }

    @Test
    void anUnknownEstimatorCarryingAPayloadIsUnsafe() {
        UnsafeModelException error = assertThrows(UnsafeModelException.class,
                () -> Models.load(Fixtures.path("sklearn/unknown_with_payload.pkl")));
        assertTrue(error.getMessage().contains("NuSVC") || error.getMessage().contains("posix.system")
                || error.getMessage().contains("os.system"), error.getMessage());
        assertFalse(java.nio.file.Files.exists(Fixtures.MARKER));
    }

    @Test
    void aFunctionTransformerWithAFunctionIsRefusedAsCode() {
        UnsafeModelException error = assertThrows(UnsafeModelException.class,
                () -> Models.load(Fixtures.path("sklearn/function_transformer_log.pkl")));
        assertTrue(error.getMessage().contains("log1p"), error.getMessage());
        assertTrue(error.getMessage().contains("FunctionTransformer whose func is code"), error.getMessage());
    }

    @Test
    void everyConvertedEstimatorScansAsSafe() {
        for (SklearnCase sample : SklearnCase.all().values()) {
            for (String file : sample.files()) {
                ScanReport report = PickleScanner.scan(Fixtures.path("sklearn/" + file));
                assertEquals(ScanReport.Verdict.SAFE, report.verdict(), file + ": " + report.unsafe());
            }
        }
    }

    @Test
    void probabilitiesOfAModelWithoutThemAreUnsupported() {
        var model = (dev.brine.models.tabular.TabularClassifier) Models.load(Fixtures.path("sklearn/svc_rbf.pkl"));
        var input = SklearnCase.load("svc_rbf", java.util.List.of()).input();
        UnsupportedModelException error = assertThrows(UnsupportedModelException.class,
                () -> model.predictProba(input));
        assertTrue(error.getMessage().contains("probability=False"), error.getMessage());
    }
}
