package dev.brine.python.sklearn;

import dev.brine.python.pickle.AllowList;
import dev.brine.python.pickle.PyGlobal;

import java.util.List;

/**
 * The globals pickled scikit-learn estimators name: the estimator classes Brine converts ({@link Estimators}) and the
 * internal types they carry (trees, losses, dummy initial estimators, neighbour search trees, optimizers…), all as
 * inert plain classes or values. Nothing here is ever called; converters read the recorded state.
 */
public final class SklearnGlobals {

    /** Internal plain classes, by module: instances are recorded with their state and read only where needed. */
    private static final List<String[]> INTERNAL_CLASSES = List.of(
            new String[] {"sklearn.tree._tree", "Tree"},
            new String[] {"sklearn.dummy", "DummyClassifier", "DummyRegressor"},
            new String[] {"sklearn.ensemble._gb_losses", "LeastSquaresError", "LeastAbsoluteError",
                    "HuberLossFunction", "QuantileLossFunction", "BinomialDeviance", "MultinomialDeviance",
                    "ExponentialLoss"},
            new String[] {"sklearn._loss.loss", "HalfSquaredError", "AbsoluteError", "PinballLoss", "HuberLoss",
                    "HalfPoissonLoss", "HalfGammaLoss", "HalfTweedieLoss", "HalfTweedieLossIdentity",
                    "HalfBinomialLoss", "HalfMultinomialLoss", "ExponentialLoss"},
            new String[] {"sklearn._loss.link", "IdentityLink", "LogLink", "LogitLink", "HalfLogitLink",
                    "MultinomialLogit", "Interval"},
            new String[] {"sklearn._loss._loss", "__pyx_unpickle_CyHalfSquaredError", "__pyx_unpickle_CyAbsoluteError",
                    "__pyx_unpickle_CyPinballLoss", "__pyx_unpickle_CyHuberLoss", "__pyx_unpickle_CyHalfPoissonLoss",
                    "__pyx_unpickle_CyHalfGammaLoss", "__pyx_unpickle_CyHalfTweedieLoss",
                    "__pyx_unpickle_CyHalfTweedieLossIdentity", "__pyx_unpickle_CyHalfBinomialLoss",
                    "__pyx_unpickle_CyHalfMultinomialLoss", "__pyx_unpickle_CyExponentialLoss"},
            new String[] {"sklearn.ensemble._hist_gradient_boosting.loss", "LeastSquares", "LeastAbsoluteDeviation",
                    "Poisson", "BinaryCrossEntropy", "CategoricalCrossEntropy"},
            new String[] {"sklearn.ensemble._hist_gradient_boosting.binning", "_BinMapper"},
            new String[] {"sklearn.ensemble._hist_gradient_boosting.predictor", "TreePredictor"},
            new String[] {"sklearn.linear_model._sgd_fast", "Hinge", "SquaredHinge", "Log", "ModifiedHuber",
                    "SquaredLoss", "Huber", "EpsilonInsensitive", "SquaredEpsilonInsensitive"},
            new String[] {"sklearn.neural_network._stochastic_optimizers", "AdamOptimizer", "SGDOptimizer"},
            new String[] {"sklearn.preprocessing._label", "LabelBinarizer"},
            new String[] {"sklearn.neighbors._kd_tree", "newObj"},
            new String[] {"sklearn.neighbors._ball_tree", "newObj"},
            new String[] {"sklearn.metrics._dist_metrics", "newObj"},
            new String[] {"sklearn.neighbors._dist_metrics", "newObj"},
            new String[] {"builtins", "slice"});

    /**
     * Cython classes: arguments of the constructors above ({@code newObj(KDTree)}, {@code __pyx_unpickle_…(cls, …)}),
     * or created directly by versions whose classes define {@code __reduce__}; recorded like the plain classes.
     */
    private static final List<String[]> CYTHON_CLASSES = List.of(
            new String[] {"sklearn._loss._loss", "CyHalfSquaredError", "CyAbsoluteError", "CyPinballLoss",
                    "CyHuberLoss", "CyHalfPoissonLoss", "CyHalfGammaLoss", "CyHalfTweedieLoss",
                    "CyHalfTweedieLossIdentity", "CyHalfBinomialLoss", "CyHalfMultinomialLoss", "CyExponentialLoss"},
            new String[] {"sklearn.neighbors._kd_tree", "KDTree", "KDTree64", "KDTree32"},
            new String[] {"sklearn.neighbors._ball_tree", "BallTree", "BallTree64", "BallTree32"},
            new String[] {"sklearn.metrics._dist_metrics", "EuclideanDistance", "EuclideanDistance64",
                    "EuclideanDistance32", "ManhattanDistance", "ManhattanDistance64", "ManhattanDistance32",
                    "ChebyshevDistance", "ChebyshevDistance64", "ChebyshevDistance32", "MinkowskiDistance",
                    "MinkowskiDistance64", "MinkowskiDistance32"},
            new String[] {"sklearn.neighbors._dist_metrics", "EuclideanDistance", "ManhattanDistance",
                    "ChebyshevDistance", "MinkowskiDistance"});

    /** Types that appear only as values (dtype parameters of encoders and imputers). */
    private static final List<String[]> VALUES = List.of(
            new String[] {"numpy", "float64", "float32", "float16", "int64", "int32", "int16", "int8", "uint8",
                    "bool_", "object_", "str_"},
            new String[] {"builtins", "float", "int", "str", "bool"});

    private static final AllowList ALLOW_LIST = build();

    private SklearnGlobals() {
    }

    public static AllowList allowList() {
        return ALLOW_LIST;
    }

    private static AllowList build() {
        AllowList.Builder builder = AllowList.builder();
        for (PyGlobal estimator : Estimators.classes()) {
            builder.allowPlainClass(estimator.module(), estimator.name());
        }
        for (String[] group : INTERNAL_CLASSES) {
            for (int i = 1; i < group.length; i++) builder.allowPlainClass(group[0], group[i]);
        }
        for (String[] group : CYTHON_CLASSES) {
            for (int i = 1; i < group.length; i++) builder.allowPlainClass(group[0], group[i]);
        }
        for (String[] group : VALUES) {
            for (int i = 1; i < group.length; i++) builder.allowValue(group[0], group[i]);
        }
        return builder.build();
    }
}
