package dev.brine.python.sklearn;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.Limits;
import dev.brine.core.UnsafeModelException;
import dev.brine.core.UnsupportedModelException;
import dev.brine.models.tabular.TabularModel;
import dev.brine.python.PickleScanner;
import dev.brine.python.PythonGlobals;
import dev.brine.python.ScanReport;
import dev.brine.python.joblib.Joblib;
import dev.brine.python.pickle.GlobalReference;
import dev.brine.python.pickle.PyValue;

import java.nio.file.Path;
import java.util.List;

/**
 * scikit-learn estimators pickled with {@code pickle} or {@code joblib} (any compression) as Brine models that
 * predict what scikit-learn predicted. Reading goes through the safe unpickler with {@link PythonGlobals#defaults()};
 * nothing in the file runs.
 *
 * <pre>{@code
 * TabularModel model = SklearnModels.read(Path.of("pipeline.joblib"), Limits.DEFAULTS);
 * }</pre>
 */
public final class SklearnModels {

    private SklearnModels() {
    }

    /**
     * Reads and converts the estimator a pickle or joblib file holds. A file naming a scikit-learn class Brine does
     * not convert is {@link UnsupportedModelException} listing the supported ones; any other global outside the
     * allow-list stays {@link UnsafeModelException}.
     */
    public static TabularModel read(Path file, Limits limits) {
        PyValue root;
        try {
            root = Joblib.read(file, PythonGlobals.defaults(), limits);
        } catch (UnsafeModelException e) {
            throw unknownEstimatorOr(file, limits, e);
        }
        return convert(root, file.getFileName().toString());
    }

    /** Converts an already unpickled estimator; {@code source} names it in messages. */
    public static TabularModel convert(PyValue root, String source) {
        try {
            return new Conversion(source).convert(root, "");
        } catch (IllegalArgumentException | IndexOutOfBoundsException | ArithmeticException | ClassCastException
                 | NegativeArraySizeException e) {
            // The models check their invariants when built; a state that breaks them is not a fitted estimator.
            throw new IncompatibleModelException(source + ": the estimator's fitted state is inconsistent ("
                    + e.getMessage() + "); the file is damaged or not what its classes say.", e);
        }
    }

    /** The supported estimator class names, comma-separated. */
    public static String supportedEstimators() {
        return Estimators.supportedNames();
    }

    /**
     * When every global the file names outside the allow-list is a scikit-learn class (and nothing else is hostile),
     * the file is a well-formed estimator Brine lacks: unsupported, not unsafe. Decided by a full scan, so a payload
     * later in the file is still reported as unsafe.
     */
    private static RuntimeException unknownEstimatorOr(Path file, Limits limits, UnsafeModelException refusal) {
        ScanReport report = PickleScanner.scan(file, PythonGlobals.defaults(), limits);
        List<GlobalReference> unknown = report.unsafe().stream().map(ScanReport.Finding::global).toList();
        boolean onlyEstimators = !unknown.isEmpty() && unknown.stream().allMatch(SklearnModels::isSklearnClass)
                && !report.problem().map(ScanReport.Problem::unsafe).orElse(false);
        if (!onlyEstimators) {
            boolean functionTransformer = report.findings().stream()
                    .anyMatch(finding -> finding.global().name().equals("FunctionTransformer"));
            return functionTransformer ? new UnsafeModelException(refusal.getMessage() + " The file holds a "
                    + "FunctionTransformer whose func is code (" + String.join(", ", unknown.stream()
                    .map(GlobalReference::qualifiedName).distinct().toList()) + "); Brine reads FunctionTransformer "
                    + "only as the identity (func=None).", refusal) : refusal;
        }
        String names = String.join(", ", unknown.stream().map(GlobalReference::qualifiedName).distinct().toList());
        return new UnsupportedModelException(file.getFileName() + ": holds " + names + ", which Brine does not "
                + "convert (nothing in the file was run). Supported scikit-learn estimators: "
                + Estimators.supportedNames() + ".");
    }

    private static boolean isSklearnClass(GlobalReference global) {
        return (global.module().equals("sklearn") || global.module().startsWith("sklearn."))
                && !global.name().isEmpty() && Character.isUpperCase(global.name().charAt(0));
    }
}
