package dev.brine.python.sklearn;

import dev.brine.python.joblib.JoblibGlobals;
import dev.brine.python.pickle.AllowList;
import dev.brine.python.pickle.GlobalHandler;
import dev.brine.python.pickle.PickleContext;
import dev.brine.python.pickle.PyDict;
import dev.brine.python.pickle.PyGlobal;
import dev.brine.python.pickle.PyTuple;
import dev.brine.python.pickle.PyValue;

import java.util.List;

/**
 * The globals pickled scikit-learn estimators name: the estimator classes Brine converts ({@link Estimators}) and the
 * internal types they carry (trees, losses, dummy initial estimators, neighbour search trees, optimizers…), all as
 * inert plain classes or values. Nothing here is ever called; converters read the recorded state.
 *
 * <p>Versions before 0.24 pickled the same classes under public module paths that 0.22 made private and 0.24 removed
 * ({@code sklearn.tree.tree}, {@code sklearn.ensemble.forest}, {@code sklearn.preprocessing.data}…). Each such path
 * is allowed too, and an instance created through it records the class it became ({@link #MOVED_MODULES}), so the
 * converters, the loaders and {@code brine scan} see one class under one name and give one verdict.
 */
public final class SklearnGlobals {

    /** Internal plain classes, by module: instances are recorded with their state and read only where needed. */
    private static final List<String[]> INTERNAL_CLASSES = List.of(
            new String[] {"sklearn.tree._tree", "Tree"},
            new String[] {"sklearn.dummy", "DummyClassifier", "DummyRegressor"},
            // The initial estimators of gradient boosting up to 0.20 (kept, deprecated, until 0.22).
            new String[] {"sklearn.ensemble.gradient_boosting", "MeanEstimator", "QuantileEstimator",
                    "LogOddsEstimator", "ScaledLogOddsEstimator", "PriorProbabilityEstimator", "ZeroEstimator"},
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
            new String[] {"sklearn.compose._column_transformer", "make_column_selector"},
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

    /**
     * Module paths of scikit-learn 0.18–0.23 (and of the joblib copy it carried) and the module each became; one that
     * split in two is listed twice. The classes are the same, pickled with the same state but for the layouts the
     * converters read by version. Listed from each version's {@code __init__} imports and the 0.22 deprecation shims.
     */
    private static final List<String[]> MOVED_MODULES = List.of(
            new String[] {"sklearn.linear_model.base", "sklearn.linear_model._base"},
            new String[] {"sklearn.linear_model.ridge", "sklearn.linear_model._ridge"},
            new String[] {"sklearn.linear_model.coordinate_descent", "sklearn.linear_model._coordinate_descent"},
            new String[] {"sklearn.linear_model.logistic", "sklearn.linear_model._logistic"},
            new String[] {"sklearn.linear_model.stochastic_gradient", "sklearn.linear_model._stochastic_gradient"},
            new String[] {"sklearn.linear_model.sgd_fast", "sklearn.linear_model._sgd_fast"},
            new String[] {"sklearn.svm.classes", "sklearn.svm._classes"},
            new String[] {"sklearn.neighbors.classification", "sklearn.neighbors._classification"},
            new String[] {"sklearn.neighbors.regression", "sklearn.neighbors._regression"},
            new String[] {"sklearn.neighbors.kd_tree", "sklearn.neighbors._kd_tree"},
            new String[] {"sklearn.neighbors.ball_tree", "sklearn.neighbors._ball_tree"},
            new String[] {"sklearn.neighbors.dist_metrics", "sklearn.neighbors._dist_metrics"},
            new String[] {"sklearn.tree.tree", "sklearn.tree._classes"},
            new String[] {"sklearn.ensemble.forest", "sklearn.ensemble._forest"},
            new String[] {"sklearn.ensemble.gradient_boosting", "sklearn.ensemble._gb"},
            new String[] {"sklearn.ensemble.gradient_boosting", "sklearn.ensemble._gb_losses"},
            new String[] {"sklearn.neural_network.multilayer_perceptron",
                    "sklearn.neural_network._multilayer_perceptron"},
            new String[] {"sklearn.preprocessing.data", "sklearn.preprocessing._data"},
            new String[] {"sklearn.preprocessing.label", "sklearn.preprocessing._label"},
            new String[] {"sklearn.impute", "sklearn.impute._base"},
            new String[] {"sklearn.decomposition.pca", "sklearn.decomposition._pca"},
            new String[] {"sklearn.externals.joblib.numpy_pickle", "joblib.numpy_pickle"});

    /**
     * Types that appear only as values: dtype parameters of encoders and imputers, {@code make_column_selector}'s
     * {@code dtype_include}, and the class argument of a pandas {@code Index}.
     */
    private static final List<String[]> VALUES = List.of(
            new String[] {"numpy", "float64", "float32", "float16", "int64", "int32", "int16", "int8", "uint8",
                    "bool_", "object_", "str_", "number", "integer", "floating", "bool", "object"},
            new String[] {"builtins", "float", "int", "str", "bool", "object"},
            new String[] {"pandas.core.indexes.base", "Index"});

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
        // ColumnTransformer 0.22–0.24 kept the DataFrame's columns as a pandas Index: _new_Index(Index, {'data': …}).
        builder.allow("pandas.core.indexes.base", "_new_Index", SklearnGlobals::pandasIndex);
        AllowList own = builder.build();
        AllowList current = own.toBuilder().allowAll(JoblibGlobals.allowList()).build();
        AllowList.Builder withMoved = AllowList.builder();
        for (PyGlobal global : current.handlers().keySet()) {
            if (!global.module().startsWith("sklearn.") && !global.module().startsWith("joblib.")) continue;
            for (String[] moved : MOVED_MODULES) {
                if (moved[1].equals(global.module())) {
                    withMoved.allow(moved[0], global.name(), movedTo(global, current.handler(global).orElseThrow()));
                }
            }
        }
        return withMoved.allowAll(own).build();
    }

    /** A pandas {@code Index} as the array of its labels (all that scikit-learn reads from one). */
    private static PyValue pandasIndex(PyGlobal global, PyTuple args, PickleContext context) {
        if (args.size() == 2 && args.get(1) instanceof PyDict state && state.get("data").isPresent()) {
            return state.get("data").orElseThrow();
        }
        throw context.unsupported(global.qualifiedName() + " with arguments " + args + "; Brine reads a pandas "
                + "Index from (Index, {'data': labels})");
    }

    /**
     * The handler of a class under a module path it had before it moved: the current class's handler, given the
     * current name, so what it makes records the class it is today.
     */
    private static GlobalHandler movedTo(PyGlobal current, GlobalHandler handler) {
        return new GlobalHandler() {
            @Override
            public PyValue call(PyGlobal global, PyTuple args, PickleContext context) {
                return handler.call(current, args, context);
            }

            @Override
            public PyValue instantiate(PyGlobal cls, PyTuple args, PyDict kwargs, PickleContext context) {
                return handler.instantiate(current, args, kwargs, context);
            }
        };
    }
}
