#!/usr/bin/python3
"""Writes the files of the Python-load benchmark into DIR and times Python's own loaders on them.

    /usr/bin/python3 make_files.py DIR RUNS

Files: rf100.joblib (a 100-tree RandomForestClassifier, scikit-learn defaults, 2000 rows x 20 features) and
state100mb.pt (the state dict of nn.Sequential(nn.Linear(5000, 5000)): 100 MB of float32). Prints one line per file:
"<file> <bytes> <median seconds of joblib.load / torch.load over RUNS loads after one warm-up>".
"""
import os
import statistics
import sys
import time

import joblib
import torch
from sklearn.datasets import make_classification
from sklearn.ensemble import RandomForestClassifier


def median_seconds(load, runs):
    load()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        load()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    folder, runs = sys.argv[1], int(sys.argv[2])
    os.makedirs(folder, exist_ok=True)
    forest_path = os.path.join(folder, 'rf100.joblib')
    x, y = make_classification(n_samples=2000, n_features=20, random_state=0)
    joblib.dump(RandomForestClassifier(n_estimators=100, random_state=0).fit(x, y), forest_path)
    torch.manual_seed(0)
    state_path = os.path.join(folder, 'state100mb.pt')
    torch.save(torch.nn.Sequential(torch.nn.Linear(5000, 5000)).state_dict(), state_path)
    for path, load in ((forest_path, lambda: joblib.load(forest_path)), (state_path, lambda: torch.load(state_path))):
        print(os.path.basename(path), os.path.getsize(path), '%.6f' % median_seconds(load, runs))


if __name__ == '__main__':
    main()
