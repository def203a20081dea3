"""Trains the tutorials' model, StandardScaler + LogisticRegression on iris, and writes it two ways:
iris.pkl (what the FastAPI server loads, as the tutorials do, and what `brine convert` turns into .brine) and
iris-params.json (the fitted parameters). Run with Debian's python3 and scikit-learn."""
import json
import pickle
import sys

from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

out = sys.argv[1]
iris = load_iris()
features = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
model = Pipeline([("scaler", StandardScaler()), ("logistic", LogisticRegression(max_iter=1000))])
model.fit(iris.data, iris.target_names[iris.target])
with open(f"{out}/iris.pkl", "wb") as f:
    pickle.dump(model, f)
scaler, logistic = model.named_steps["scaler"], model.named_steps["logistic"]
with open(f"{out}/iris-params.json", "w") as f:
    json.dump({"features": features, "classes": [str(c) for c in logistic.classes_],
               "mean": scaler.mean_.tolist(), "scale": scaler.scale_.tolist(),
               "coef": logistic.coef_.ravel().tolist(), "intercept": logistic.intercept_.tolist(),
               "probe": model.predict_proba(iris.data[:3]).ravel().tolist()}, f)
