"""Writes the classic datasets as CSV, from the copies bundled with scikit-learn (no network).

Run once with /usr/bin/python3 (Debian python3-sklearn 1.2.1); the CSVs are committed. Column names are the
scikit-learn feature names in snake_case; the last column is `target` (class names for classifiers). Floats are
written with repr, so Java parses exactly the doubles scikit-learn used.
"""
import re

import numpy as np
from sklearn import datasets


def snake(name):
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def write(path, header, rows):
    with open(path, "w") as out:
        out.write(",".join(header) + "\n")
        for row in rows:
            out.write(",".join(cell for cell in row) + "\n")


def cell(value):
    if isinstance(value, str):
        return value
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return repr(float(value))


def write_bunch(name, bunch, classes):
    header = [snake(feature) for feature in bunch.feature_names] + ["target"]
    rows = []
    for features, target in zip(bunch.data, bunch.target):
        label = str(bunch.target_names[target]) if classes else cell(target)
        rows.append([cell(v) for v in features] + [label])
    write(name + ".csv", header, rows)


write_bunch("iris", datasets.load_iris(), classes=True)
write_bunch("wine", datasets.load_wine(), classes=True)
write_bunch("breast_cancer", datasets.load_breast_cancer(), classes=True)
write_bunch("diabetes", datasets.load_diabetes(), classes=False)

# A synthetic linear regression set (4 informative of 5 features, Gaussian noise).
features, target = datasets.make_regression(n_samples=200, n_features=5, n_informative=4, noise=5.0,
                                            random_state=0)
write("regression.csv", ["x%d" % i for i in range(5)] + ["target"],
      [[cell(v) for v in row] + [cell(t)] for row, t in zip(features, target)])

# A small mixed-type set for imputers, encoders and column transformers: two numeric columns with missing
# values, one categorical column, a numeric target.
rng = np.random.RandomState(0)
count = 120
area = rng.uniform(30, 150, count)
rooms = rng.randint(1, 6, count).astype(float)
city = rng.choice(["lyon", "nantes", "paris"], count, p=[0.3, 0.2, 0.5])
price = 2.0 * area + 15.0 * rooms + np.select([city == "paris", city == "lyon"], [120.0, 40.0], 0.0) \
    + rng.normal(0, 10, count)
area[rng.rand(count) < 0.1] = np.nan
rooms[rng.rand(count) < 0.1] = np.nan
write("housing.csv", ["area", "rooms", "city", "price"],
      [[cell(a), cell(r), c, cell(p)] for a, r, c, p in zip(area, rooms, city, price)])
