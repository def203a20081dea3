"""Trains issue 8 §4's second model, a 100-tree RandomForestClassifier on iris, and writes forest.pkl, which the
FastAPI server loads and `brine convert` turns into the .brine file Brine's server loads, and iris.csv (its rows). Run with Debian's python3 and scikit-learn."""
import pickle
import sys

from sklearn.datasets import load_iris
from sklearn.ensemble import RandomForestClassifier

out = sys.argv[1]
iris = load_iris()
features = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
labels = iris.target_names[iris.target]
model = RandomForestClassifier(n_estimators=100, random_state=0).fit(iris.data, labels)
with open(f"{out}/forest.pkl", "wb") as f:
    pickle.dump(model, f)
with open(f"{out}/iris.csv", "w") as f:
    f.write(",".join(features + ["species"]) + "\n")
    for row, label in zip(iris.data, labels):
        f.write(",".join(repr(float(v)) for v in row) + f",{label}\n")
