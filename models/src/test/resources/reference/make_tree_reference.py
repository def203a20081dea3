"""scikit-learn's cross-validated scores for the tree tests (TreesMatchScikitLearnTest).

Run once with /usr/bin/python3 (Debian python3-sklearn 1.2.1) from this directory; reads the committed CSVs in
../datasets and writes tree_sklearn.json. Each case is scored by 5-fold cross-validation on folds written into the
file (KFold, shuffled, random_state=0), so Java scores the same splits: accuracy for classifiers, R² for regressors.
Randomised estimators are averaged over random_state 0, 1 and 2, so the reference is the method's score rather than
one seed's luck.
"""
import csv
import json

import numpy as np
import sklearn
from sklearn.ensemble import (ExtraTreesClassifier, ExtraTreesRegressor, GradientBoostingClassifier,
                              GradientBoostingRegressor, RandomForestClassifier, RandomForestRegressor)
from sklearn.model_selection import KFold
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

DATASETS = ["iris", "wine", "breast_cancer", "diabetes", "regression"]
SEEDS = [0, 1, 2]


def load(name):
    with open("../datasets/%s.csv" % name) as f:
        rows = list(csv.reader(f))
    x = np.array([[float(v) for v in row[:-1]] for row in rows[1:]])
    target = [row[-1] for row in rows[1:]]
    return x, target


def folds(count):
    fold_of_row = np.zeros(count, dtype=int)
    for fold, (_, test) in enumerate(KFold(n_splits=5, shuffle=True, random_state=0).split(np.arange(count))):
        fold_of_row[test] = fold
    return fold_of_row


def cv_score(make, dataset, classification, fold_of_row):
    x, target = load(dataset)
    y = np.array(target) if classification else np.array([float(t) for t in target])
    scores = []
    for seed in SEEDS:
        for fold in range(5):
            train, test = fold_of_row != fold, fold_of_row == fold
            model = make(seed).fit(x[train], y[train])
            scores.append(model.score(x[test], y[test]))
    return float(np.mean(scores))


fold_table = {name: folds(len(load(name)[1])) for name in DATASETS}

CASES = [
    ("tree_iris", "iris", True, lambda s: DecisionTreeClassifier(random_state=s), {}),
    ("tree_wine_entropy", "wine", True, lambda s: DecisionTreeClassifier(criterion="entropy", random_state=s),
     {"criterion": "entropy"}),
    ("tree_breast_cancer_shallow", "breast_cancer", True,
     lambda s: DecisionTreeClassifier(max_depth=3, min_samples_leaf=5, random_state=s),
     {"max_depth": 3, "min_samples_leaf": 5}),
    ("tree_diabetes", "diabetes", False, lambda s: DecisionTreeRegressor(max_depth=4, random_state=s),
     {"max_depth": 4}),
    ("forest_iris", "iris", True, lambda s: RandomForestClassifier(n_estimators=100, random_state=s), {}),
    ("forest_wine", "wine", True, lambda s: RandomForestClassifier(n_estimators=100, random_state=s), {}),
    ("forest_breast_cancer", "breast_cancer", True,
     lambda s: RandomForestClassifier(n_estimators=100, random_state=s), {}),
    ("forest_diabetes", "diabetes", False, lambda s: RandomForestRegressor(n_estimators=100, random_state=s), {}),
    ("forest_regression", "regression", False,
     lambda s: RandomForestRegressor(n_estimators=100, random_state=s), {}),
    ("extra_wine", "wine", True, lambda s: ExtraTreesClassifier(n_estimators=100, random_state=s), {}),
    ("extra_breast_cancer", "breast_cancer", True,
     lambda s: ExtraTreesClassifier(n_estimators=100, random_state=s), {}),
    ("extra_diabetes", "diabetes", False, lambda s: ExtraTreesRegressor(n_estimators=100, random_state=s), {}),
    ("boost_diabetes", "diabetes", False, lambda s: GradientBoostingRegressor(random_state=s), {}),
    ("boost_regression", "regression", False, lambda s: GradientBoostingRegressor(random_state=s), {}),
    ("boost_breast_cancer", "breast_cancer", True, lambda s: GradientBoostingClassifier(random_state=s), {}),
    ("boost_iris", "iris", True, lambda s: GradientBoostingClassifier(random_state=s), {}),
    ("boost_wine", "wine", True, lambda s: GradientBoostingClassifier(random_state=s), {}),
]

out = {"sklearn": sklearn.__version__, "folds": {k: v.tolist() for k, v in fold_table.items()}, "cases": []}
for name, dataset, classification, make, params in CASES:
    score = cv_score(make, dataset, classification, fold_table[dataset])
    print(name, round(score, 4))
    out["cases"].append({"name": name, "dataset": dataset, "classification": classification, "params": params,
                         "score": score})

with open("tree_sklearn.json", "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
