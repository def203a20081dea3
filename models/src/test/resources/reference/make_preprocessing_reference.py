"""scikit-learn's outputs for the preprocessing and pipeline tests (PreprocessingMatchesScikitLearnTest).

Run once with /usr/bin/python3 (Debian python3-sklearn 1.2.1) from this directory; reads the committed CSVs in
../datasets and writes preprocessing_sklearn.json.
"""
import csv
import json

import numpy as np
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.decomposition import PCA
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import MinMaxScaler, OneHotEncoder, StandardScaler


def load(name):
    with open("../datasets/%s.csv" % name) as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def numeric(name):
    header, body = load(name)
    return np.array([[float(v) for v in row[:-1]] for row in body]), [row[-1] for row in body]


def housing():
    header, body = load("housing")
    numbers = np.array([[float(v) if v != "" else np.nan for v in row[:2]] for row in body])
    city = np.array([row[2] for row in body], dtype=object)
    price = np.array([float(row[3]) for row in body])
    return numbers, city, price


HEAD = 8
wine, _ = numeric("wine")
diabetes, _ = numeric("diabetes")
iris, iris_labels = numeric("iris")
numbers, city, price = housing()
out = {"sklearn": sklearn.__version__}

scaler = StandardScaler().fit(wine)
out["standard_scaler_wine"] = {"mean": scaler.mean_.tolist(), "scale": scaler.scale_.tolist(),
                               "transform_head": scaler.transform(wine[:HEAD]).tolist()}

minmax = MinMaxScaler().fit(diabetes)
out["min_max_scaler_diabetes"] = {"transform_head": minmax.transform(diabetes[:HEAD]).tolist()}

out["simple_imputer_housing"] = {
    strategy: SimpleImputer(strategy=strategy).fit(numbers).statistics_.tolist()
    for strategy in ["mean", "median", "most_frequent"]}

encoder = OneHotEncoder(handle_unknown="ignore", sparse_output=False).fit(city.reshape(-1, 1))
out["one_hot_encoder_housing"] = {
    "categories": encoder.categories_[0].tolist(),
    "transform_head": encoder.transform(city[:HEAD].reshape(-1, 1)).tolist(),
    "unknown": encoder.transform(np.array([["rennes"]], dtype=object)).tolist()}

pca = PCA(n_components=3).fit(iris)
out["pca_iris"] = {"components": pca.components_.tolist(), "explained_variance": pca.explained_variance_.tolist(),
                   "transform_head": pca.transform(iris[:HEAD]).tolist()}

frame = np.empty((len(price), 3), dtype=object)
frame[:, 0] = numbers[:, 0]
frame[:, 1] = numbers[:, 1]
frame[:, 2] = city
housing_model = Pipeline([
    ("prepare", ColumnTransformer([
        ("numbers", Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())]), [0, 1]),
        ("city", OneHotEncoder(handle_unknown="ignore", sparse_output=False), [2])])),
    ("ridge", Ridge(alpha=1.0))]).fit(frame, price)
out["housing_pipeline"] = {"coef": housing_model.named_steps["ridge"].coef_.tolist(),
                           "intercept": float(housing_model.named_steps["ridge"].intercept_),
                           "predictions": housing_model.predict(frame).tolist()}

iris_model = Pipeline([("scaler", StandardScaler()),
                       ("logistic", LogisticRegression(solver="newton-cg", tol=1e-10, max_iter=1000))])
iris_model.fit(iris, iris_labels)
out["iris_pipeline"] = {"proba_head": iris_model.predict_proba(iris[:HEAD]).tolist(),
                        "accuracy": float(iris_model.score(iris, iris_labels))}

with open("preprocessing_sklearn.json", "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
