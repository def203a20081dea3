package dev.brine.python.sklearn;

import dev.brine.models.data.Matrix;
import dev.brine.models.svm.Kernel;
import dev.brine.models.svm.SupportVectorMachine;
import dev.brine.models.tabular.TabularModel;

import java.util.List;
import java.util.Locale;

/**
 * SVC and SVR as libsvm holds them: scikit-learn's internal {@code _dual_coef_} and {@code _intercept_} (the values
 * libsvm predicts with; the public ones are sign-flipped for two classes), {@code support_vectors_}, the support
 * counts per class, the fitted {@code _gamma} and, with probability estimates, libsvm's Platt parameters
 * ({@code _probA}/{@code _probB}; {@code probA_}/{@code probB_} before scikit-learn 1.0).
 */
final class SvmConverters {

    private SvmConverters() {
    }

    static TabularModel svc(Estimator estimator, Conversion conversion) {
        Kernel kernel = kernel(estimator);
        List<String> classes = estimator.classLabels();
        if (estimator.bool("break_ties", false) && classes.size() > 2
                && estimator.string("decision_function_shape", "ovr").equals("ovr")) {
            throw estimator.unsupported("predicts with break_ties=True (argmax of the one-vs-rest decision "
                    + "function); Brine predicts by libsvm's votes");
        }
        Matrix supportVectors = estimator.matrix("support_vectors_");
        double[] dual = estimator.doubles("_dual_coef_");
        Matrix dualCoef = new Matrix(classes.size() - 1, supportVectors.rows(), dual);
        double[] intercept = estimator.doubles("_intercept_");
        double[] nSupport = estimator.doubles(estimator.firstPresent("_n_support", "n_support_"));
        int[] counts = new int[nSupport.length];
        for (int i = 0; i < counts.length; i++) counts[i] = (int) nSupport[i];
        double[] probA = null;
        double[] probB = null;
        if (estimator.bool("probability", false)) {
            probA = estimator.doubles(estimator.firstPresent("_probA", "probA_"));
            probB = estimator.doubles(estimator.firstPresent("_probB", "probB_"));
        }
        return SupportVectorMachine.classifier(kernel, supportVectors, dualCoef, intercept, counts, classes, probA,
                probB, estimator.featureNames());
    }

    static TabularModel svr(Estimator estimator, Conversion conversion) {
        Kernel kernel = kernel(estimator);
        Matrix supportVectors = estimator.matrix("support_vectors_");
        double[] intercept = estimator.doubles("_intercept_");
        if (intercept.length != 1) {
            throw estimator.incompatible("has " + intercept.length + " intercepts, expected one");
        }
        return SupportVectorMachine.regressor(kernel, supportVectors, estimator.doubles("_dual_coef_"), intercept[0],
                estimator.featureNames());
    }

    private static Kernel kernel(Estimator estimator) {
        if (estimator.bool("_sparse", false)) {
            throw estimator.unsupported("was fitted on sparse input; Brine reads dense support vectors");
        }
        if (!(estimator.require("kernel") instanceof dev.brine.python.pickle.PyStr)) {
            throw estimator.unsupported("has a callable kernel");
        }
        String name = estimator.string("kernel");
        Kernel.Kind kind = switch (name) {
            case "linear", "poly", "rbf", "sigmoid" -> Kernel.Kind.valueOf(name.toUpperCase(Locale.ROOT));
            default -> throw estimator.unsupported("has kernel '" + name + "'; Brine reads linear, poly, rbf and "
                    + "sigmoid kernels");
        };
        double gamma = estimator.number(estimator.firstPresent("_gamma", "gamma"));
        return new Kernel(kind, gamma, estimator.number("coef0", 0.0), (int) estimator.integer("degree", 3));
    }
}
