#!/usr/bin/python3
"""Writes the files of the batch-predict benchmark into DIR and times Python's own batch prediction on them.

    /usr/bin/python3 make_data.py DIR ROWS RUNS [MAX_DEPTH]

Files: x.csv (ROWS rows x 20 features, standard normal, six decimals, with a header f0..f19) and forest.joblib (a
100-tree RandomForestClassifier, max_depth MAX_DEPTH (default 10, as in the models benchmark; "none" grows trees
until their leaves are pure), other settings scikit-learn's defaults, fitted on 20000 rows of the same distribution). Then runs
pd.read_csv + predict + to_csv RUNS times (the model loaded once beforehand, n_jobs=-1 so it uses every core as
Brine does) and prints "python <median seconds> <min seconds>"; the last run's output is python.csv.
"""
import os
import statistics
import sys
import time

import joblib
import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier

FEATURES = 20


def main():
    folder, rows, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    depth = sys.argv[4] if len(sys.argv) > 4 else "10"
    max_depth = None if depth == "none" else int(depth)
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(42)
    weights = rng.normal(size=FEATURES)
    names = [f"f{j}" for j in range(FEATURES)]

    def frame(n):
        x = rng.normal(size=(n, FEATURES))
        y = np.where(x @ weights + 2 * np.sin(x[:, 0]) + rng.normal(size=n) > 0, "yes", "no")
        return pd.DataFrame(x, columns=names), y

    train, target = frame(20000)
    forest = RandomForestClassifier(n_estimators=100, max_depth=max_depth, random_state=0, n_jobs=-1).fit(train, target)
    joblib.dump(forest, os.path.join(folder, "forest.joblib"))
    data, _ = frame(rows)
    data.to_csv(os.path.join(folder, "x.csv"), index=False, float_format="%.6f")

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        x = pd.read_csv(os.path.join(folder, "x.csv"))
        predicted = forest.predict(x)
        pd.DataFrame({"prediction": predicted}).to_csv(os.path.join(folder, "python.csv"), index=False)
        times.append(time.perf_counter() - start)
    print("python", statistics.median(times), min(times))


if __name__ == "__main__":
    main()
