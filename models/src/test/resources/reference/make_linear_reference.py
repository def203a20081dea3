"""scikit-learn's coefficients for the linear-model tests (LinearModelsMatchScikitLearnTest).

Run once with /usr/bin/python3 (Debian python3-sklearn 1.2.1) from this directory; reads the committed CSVs in
../datasets and writes linear_sklearn.json. Solvers are run to tight tolerances so the reference is the optimum
itself, not an early stop: coordinate descent to a duality gap of 1e-12, logistic regression by newton-cg to a
gradient of 1e-10 (scipy's L-BFGS-B stops on a relative decrease of f first).
"""
import csv
import json

import numpy as np
import sklearn
from sklearn.linear_model import ElasticNet, Lasso, LinearRegression, LogisticRegression, Ridge
from sklearn.preprocessing import StandardScaler


def load(name):
    with open("../datasets/%s.csv" % name) as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    x = np.array([[float(v) for v in row[:-1]] for row in body])
    target = [row[-1] for row in body]
    return header[:-1], x, target


def regression_case(name, dataset, estimator):
    _, x, target = load(dataset)
    y = np.array([float(v) for v in target])
    estimator.fit(x, y)
    return {"name": name, "dataset": dataset, "params": params(estimator),
            "coef": estimator.coef_.tolist(), "intercept": float(estimator.intercept_),
            "predictions_head": estimator.predict(x[:5]).tolist()}


def logistic_case(name, dataset, scale, estimator):
    _, x, target = load(dataset)
    if scale:
        x = StandardScaler().fit_transform(x)
    estimator.fit(x, np.array(target))
    return {"name": name, "dataset": dataset, "standardized": scale, "params": params(estimator),
            "classes": estimator.classes_.tolist(), "coef": estimator.coef_.tolist(),
            "intercept": estimator.intercept_.tolist(), "proba_head": estimator.predict_proba(x[:5]).tolist()}


def params(estimator):
    return {k: v for k, v in estimator.get_params().items() if isinstance(v, (int, float, bool, str))}


TIGHT = dict(tol=1e-12, max_iter=1_000_000)
cases = [
    regression_case("ols_diabetes", "diabetes", LinearRegression()),
    regression_case("ols_regression", "regression", LinearRegression()),
    regression_case("ridge_diabetes", "diabetes", Ridge(alpha=1.0)),
    regression_case("ridge_regression", "regression", Ridge(alpha=0.5)),
    regression_case("lasso_diabetes", "diabetes", Lasso(alpha=0.1, **TIGHT)),
    regression_case("lasso_regression", "regression", Lasso(alpha=1.0, **TIGHT)),
    regression_case("elastic_net_diabetes", "diabetes", ElasticNet(alpha=0.01, l1_ratio=0.5, **TIGHT)),
    regression_case("elastic_net_regression", "regression", ElasticNet(alpha=0.3, l1_ratio=0.7, **TIGHT)),
    logistic_case("logistic_breast_cancer", "breast_cancer", True,
                  LogisticRegression(C=1.0, solver="newton-cg", tol=1e-10, max_iter=1000)),
    logistic_case("logistic_iris", "iris", False,
                  LogisticRegression(C=1.0, solver="newton-cg", tol=1e-10, max_iter=1000)),
    logistic_case("logistic_wine", "wine", True,
                  LogisticRegression(C=0.5, solver="newton-cg", tol=1e-10, max_iter=1000)),
]

with open("linear_sklearn.json", "w") as out:
    json.dump({"sklearn": sklearn.__version__, "cases": cases}, out, indent=1)
    out.write("\n")
