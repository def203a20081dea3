package dev.brine.python.sklearn;

import dev.brine.core.BrineException;
import dev.brine.core.Models;
import dev.brine.core.UnsafeModelException;
import dev.brine.core.UnsupportedModelException;
import dev.brine.python.Fixtures;
import dev.brine.python.PickleScanner;
import dev.brine.python.ScanReport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * scikit-learn files that other projects committed, pickled by versions 0.19 to 1.8 (provenance in the folder's
 * README): each predicts what the numpy reference of {@code sklearn_wild_gen.py} computes from its state (labels
 * exactly, values within 1e-9), and {@code brine scan} and loading agree on every file.
 */
class SklearnWildFilesTest {

    private static final String FOLDER = "sklearn_wild";

    @TestFactory
    Stream<DynamicTest> everyFilePredictsAsItsVersionDid() {
        List<DynamicTest> tests = new ArrayList<>();
        for (SklearnCase sample : SklearnCase.all(FOLDER).values()) {
            for (String file : sample.files()) {
                tests.add(DynamicTest.dynamicTest(file,
                        () -> SklearnFixturesTest.check(sample, Fixtures.path(FOLDER + "/" + file))));
            }
        }
        return tests.stream();
    }

    /**
     * One allow-list, one verdict: a file {@code brine scan} calls unsafe never loads, and its refusal is unsafe too
     * unless every name the scan flagged is a scikit-learn class Brine lacks (then unsupported, naming them). A file
     * the scan calls safe loads, or is refused only for a setting Brine has no equivalent for (unsupported).
     */
    @TestFactory
    Stream<DynamicTest> scanAndLoadGiveOneVerdict() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String folder : List.of(FOLDER, "sklearn")) {
            try (Stream<Path> listing = Files.list(Fixtures.path(folder))) {
                listing.filter(file -> !file.toString().endsWith(".json")).sorted().forEach(files::add);
            }
        }
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            ScanReport report = PickleScanner.scan(file);
            BrineException refusal = null;
            try {
                Models.load(file);
            } catch (BrineException e) {
                refusal = e;
            }
            String what = file.getFileName() + ": scan " + report.verdict() + " " + report.unsafe() + ", load "
                    + refusal;
            if (report.verdict() == ScanReport.Verdict.SAFE) {
                assertTrue(refusal == null || refusal instanceof UnsupportedModelException, what);
            } else {
                assertTrue(refusal instanceof UnsafeModelException
                        || refusal instanceof UnsupportedModelException && onlyScikitLearnClasses(report), what);
            }
        }));
    }

    private static boolean onlyScikitLearnClasses(ScanReport report) {
        return report.unsafe().stream().allMatch(finding -> finding.global().module().startsWith("sklearn."));
    }

    @Test
    void aFileWhoseClassesMovedSaysWhatTheyAreNow() {
        ScanReport report = PickleScanner.scan(Fixtures.path(FOLDER + "/svc_0_20_kserve.pickle"));
        assertEquals(ScanReport.Verdict.SAFE, report.verdict());
        assertTrue(report.findings().stream().anyMatch(f -> f.global().qualifiedName()
                .equals("sklearn.svm.classes.SVC")), report.findings().toString());
    }

    @Test
    void aRealPipelineWithAClassBrineLacksIsUnsupportedAndNamesIt() {
        UnsupportedModelException error = assertThrows(UnsupportedModelException.class,
                () -> Models.load(Fixtures.path(FOLDER + "/missing_indicator_0_22_datarobot.pkl")));
        assertTrue(error.getMessage().contains("MissingIndicator"), error.getMessage());
    }

    @Test
    void aRealFileCarryingDillIsUnsafe() {
        UnsafeModelException error = assertThrows(UnsafeModelException.class,
                () -> Models.load(Fixtures.path(FOLDER + "/svc_dill_0_20_kserve.joblib")));
        assertTrue(error.getMessage().contains("dill"), error.getMessage());
    }
}
