package dev.brine.python.sklearn;

import dev.brine.python.pickle.PyGlobal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The scikit-learn estimators Brine converts, by the module and class name a pickle names them with. Module paths
 * are scikit-learn's private ones, stable from 0.22 to 1.8; the public paths of earlier versions are mapped onto
 * them by {@link SklearnGlobals}.
 */
final class Estimators {

    private static final Map<PyGlobal, Converter> CONVERTERS = new LinkedHashMap<>();

    static {
        add("sklearn.linear_model._base", "LinearRegression", LinearConverters::linearRegression);
        add("sklearn.linear_model._ridge", "Ridge", LinearConverters::ridge);
        add("sklearn.linear_model._coordinate_descent", "Lasso", LinearConverters::lasso);
        add("sklearn.linear_model._coordinate_descent", "ElasticNet", LinearConverters::elasticNet);
        add("sklearn.linear_model._logistic", "LogisticRegression", LinearConverters::logisticRegression);
        add("sklearn.linear_model._stochastic_gradient", "SGDClassifier", LinearConverters::sgdClassifier);
        add("sklearn.linear_model._stochastic_gradient", "SGDRegressor", LinearConverters::sgdRegressor);
        add("sklearn.svm._classes", "LinearSVC", LinearConverters::linearSvc);
        add("sklearn.svm._classes", "SVC", SvmConverters::svc);
        add("sklearn.svm._classes", "SVR", SvmConverters::svr);
        add("sklearn.neighbors._classification", "KNeighborsClassifier", NeighborsConverter::classifier);
        add("sklearn.neighbors._regression", "KNeighborsRegressor", NeighborsConverter::regressor);
        add("sklearn.naive_bayes", "GaussianNB", NaiveBayesConverter::gaussian);
        add("sklearn.tree._classes", "DecisionTreeClassifier", TreeConverters::decisionTree);
        add("sklearn.tree._classes", "DecisionTreeRegressor", TreeConverters::decisionTree);
        add("sklearn.tree._classes", "ExtraTreeClassifier", TreeConverters::decisionTree);
        add("sklearn.tree._classes", "ExtraTreeRegressor", TreeConverters::decisionTree);
        add("sklearn.ensemble._forest", "RandomForestClassifier", TreeConverters::forest);
        add("sklearn.ensemble._forest", "RandomForestRegressor", TreeConverters::forest);
        add("sklearn.ensemble._forest", "ExtraTreesClassifier", TreeConverters::forest);
        add("sklearn.ensemble._forest", "ExtraTreesRegressor", TreeConverters::forest);
        add("sklearn.ensemble._gb", "GradientBoostingClassifier", GradientBoostingConverter::convert);
        add("sklearn.ensemble._gb", "GradientBoostingRegressor", GradientBoostingConverter::convert);
        add("sklearn.ensemble._hist_gradient_boosting.gradient_boosting", "HistGradientBoostingClassifier",
                HistGradientBoostingConverter::convert);
        add("sklearn.ensemble._hist_gradient_boosting.gradient_boosting", "HistGradientBoostingRegressor",
                HistGradientBoostingConverter::convert);
        add("sklearn.neural_network._multilayer_perceptron", "MLPClassifier", MlpConverter::classifier);
        add("sklearn.neural_network._multilayer_perceptron", "MLPRegressor", MlpConverter::regressor);
        add("sklearn.preprocessing._data", "StandardScaler", PreprocessingConverters::standardScaler);
        add("sklearn.preprocessing._data", "MinMaxScaler", PreprocessingConverters::minMaxScaler);
        add("sklearn.preprocessing._data", "RobustScaler", PreprocessingConverters::robustScaler);
        add("sklearn.preprocessing._encoders", "OneHotEncoder", EncoderConverters::oneHot);
        add("sklearn.preprocessing._encoders", "OrdinalEncoder", EncoderConverters::ordinal);
        add("sklearn.preprocessing._label", "LabelEncoder", EncoderConverters::label);
        add("sklearn.impute._base", "SimpleImputer", PreprocessingConverters::simpleImputer);
        add("sklearn.preprocessing.imputation", "Imputer", PreprocessingConverters::oldImputer);
        add("sklearn.decomposition._pca", "PCA", PreprocessingConverters::pca);
        add("sklearn.preprocessing._function_transformer", "FunctionTransformer",
                PreprocessingConverters::functionTransformer);
        add("sklearn.pipeline", "Pipeline", CompositeConverters::pipeline);
        add("sklearn.compose._column_transformer", "ColumnTransformer", CompositeConverters::columnTransformer);
    }

    private Estimators() {
    }

    private static void add(String module, String name, Converter converter) {
        CONVERTERS.put(new PyGlobal(module, name), converter);
    }

    static Optional<Converter> converter(PyGlobal type) {
        return Optional.ofNullable(CONVERTERS.get(type));
    }

    /** Every estimator class (the pickles' globals). */
    static List<PyGlobal> classes() {
        return List.copyOf(CONVERTERS.keySet());
    }

    /** The supported class names, for messages. */
    static String supportedNames() {
        TreeSet<String> names = new TreeSet<>();
        CONVERTERS.keySet().forEach(type -> names.add(type.name()));
        return String.join(", ", names);
    }
}
