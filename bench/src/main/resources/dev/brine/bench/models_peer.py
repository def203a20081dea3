"""The scikit-learn / PyTorch peer of ModelsBench: the same data (raw float64 files written by the Java side), the
same model settings, timed by this script's own clock so interpreter start-up and imports are not counted.
Prints one JSON object: {name: [seconds, ...]} per measurement, or {"skipped": reason}."""
import json
import sys
import time

import numpy as np

directory, rows, cols, reps, calls, epochs = sys.argv[1], *map(int, sys.argv[2:7])
x = np.fromfile(f"{directory}/x.f64", dtype="<f8").reshape(rows, cols)
y = np.fromfile(f"{directory}/y.f64", dtype="<f8")
out = {}


def repeat(body, times):
    samples = []
    for _ in range(times):
        start = time.perf_counter()
        body()
        samples.append(time.perf_counter() - start)
    return samples


try:
    from sklearn.ensemble import RandomForestRegressor
    from sklearn.linear_model import LinearRegression

    linear = LinearRegression().fit(x, y)
    forest = RandomForestRegressor(n_estimators=100, max_depth=10, random_state=0).fit(x, y)
    linear.predict(x); forest.predict(x)
    out["sklearn linear batch"] = repeat(lambda: linear.predict(x), reps)
    out["sklearn forest batch"] = repeat(lambda: forest.predict(x), reps)
    one = x[:1]
    for _ in range(20):
        forest.predict(one)
    out["sklearn forest single"] = repeat(lambda: forest.predict(one), min(calls, 500))
except ImportError as e:
    out["sklearn skipped"] = str(e)

try:
    import torch

    torch.manual_seed(0)
    xs = torch.tensor((x - x.mean(0)) / x.std(0), dtype=torch.float32)
    ys = torch.tensor(((y - y.mean()) / y.std()).reshape(-1, 1), dtype=torch.float32)
    net = torch.nn.Sequential(torch.nn.Linear(cols, 64), torch.nn.ReLU(), torch.nn.Linear(64, 64), torch.nn.ReLU(),
                              torch.nn.Linear(64, 1))
    optimizer = torch.optim.Adam(net.parameters(), lr=0.001)
    loss_fn = torch.nn.MSELoss()
    generator = torch.Generator().manual_seed(0)

    def epoch():
        for index in torch.randperm(rows, generator=generator).split(32):
            optimizer.zero_grad()
            loss_fn(net(xs[index]), ys[index]).backward()
            optimizer.step()

    out["torch mlp epoch"] = repeat(epoch, epochs)
    with torch.no_grad():
        net(xs)
        out["torch mlp batch"] = repeat(lambda: net(xs), reps)
    out["torch threads"] = torch.get_num_threads()
except ImportError as e:
    out["torch skipped"] = str(e)

print(json.dumps(out))
