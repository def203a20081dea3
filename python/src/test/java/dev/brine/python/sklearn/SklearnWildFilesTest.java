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
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * scikit-learn files that other projects committed, pickled by versions 0.19 to 1.8. They are not in this repository
 * (the folder's README lists where to fetch each): these tests read them from {@code $BRINE_REAL_FILES/sklearn_wild/}
 * and are skipped when that variable is unset. Each predicts what the numpy reference of {@code sklearn_wild_gen.py}
 * computes from its state (labels exactly, values within 1e-9), and {@code brine scan} and loading agree on every
 * file.
 */
class SklearnWildFilesTest {

    private static final String FOLDER = "sklearn_wild";
    private static final String VARIABLE = "BRINE_REAL_FILES";

    /** The fetched files' folder, if {@code BRINE_REAL_FILES} names one. */
    private static Optional<Path> realFiles() {
        return Optional.ofNullable(System.getenv(VARIABLE)).map(dir -> Path.of(dir, FOLDER));
    }

    private static Path real(String file) {
        assumeTrue(realFiles().isPresent(), () -> VARIABLE + " is unset: the scikit-learn files of other projects are "
                + "not in the repository; fetch them into $" + VARIABLE + "/" + FOLDER
                + "/ as python/src/test/resources/fixtures/" + FOLDER + "/README.md lists");
        return realFiles().orElseThrow().resolve(file);
    }

    @TestFactory
    Stream<DynamicTest> everyFilePredictsAsItsVersionDid() {
        real(".");
        List<DynamicTest> tests = new ArrayList<>();
        for (SklearnCase sample : SklearnCase.all(FOLDER).values()) {
            for (String file : sample.files()) {
                tests.add(DynamicTest.dynamicTest(file,
                        () -> SklearnFixturesTest.check(sample, real(file))));
            }
        }
        return tests.stream();
    }

    /**
     * One allow-list, one verdict: a file {@code brine scan} calls unsafe never loads, and its refusal is unsafe too
     * unless every name the scan flagged is a scikit-learn class Brine lacks (then unsupported, naming them). A file
     * the scan calls safe loads, or is refused only for a setting Brine has no equivalent for (unsupported). Runs over
     * the repository's own {@code sklearn} fixtures always, and over the fetched files when present.
     */
    @TestFactory
    Stream<DynamicTest> scanAndLoadGiveOneVerdict() throws IOException {
        List<Path> folders = new ArrayList<>(List.of(Fixtures.path("sklearn")));
        realFiles().ifPresent(folders::add);
        List<Path> files = new ArrayList<>();
        for (Path folder : folders) {
            try (Stream<Path> listing = Files.list(folder)) {
                listing.filter(file -> file.toString().matches(".*\\.(pkl|pickle|joblib)")).sorted()
                        .forEach(files::add);
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
        ScanReport report = PickleScanner.scan(real("svc_0_20_kserve.pickle"));
        assertEquals(ScanReport.Verdict.SAFE, report.verdict());
        assertTrue(report.findings().stream().anyMatch(f -> f.global().qualifiedName()
                .equals("sklearn.svm.classes.SVC")), report.findings().toString());
    }

    @Test
    void aRealPipelineWithAClassBrineLacksIsUnsupportedAndNamesIt() {
        Path file = real("missing_indicator_0_22_datarobot.pkl");
        UnsupportedModelException error = assertThrows(UnsupportedModelException.class, () -> Models.load(file));
        assertTrue(error.getMessage().contains("MissingIndicator"), error.getMessage());
    }

    @Test
    void aRealFileCarryingDillIsUnsafe() {
        Path file = real("svc_dill_0_20_kserve.joblib");
        UnsafeModelException error = assertThrows(UnsafeModelException.class, () -> Models.load(file));
        assertTrue(error.getMessage().contains("dill"), error.getMessage());
    }
}
