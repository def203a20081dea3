/**
 * Pickled scikit-learn estimators (0.19 to 1.8) as the Brine models that predict as they do. One converter per
 * family reads the estimator's recorded state through {@code Estimator}, which names the attribute at fault when
 * a file is not what its class says. Entry points: {@link dev.brine.python.sklearn.SklearnModels} and the
 * {@code pickle} and {@code joblib} model readers behind {@code Models.load}.
 */
package dev.brine.python.sklearn;
