"""numpy peer of the Brine format benchmark (bench/.../NumpyPeer.java runs it; never part of the build).

    numpy_peer.py load DIR          np.load every .npy file of DIR (reads every byte into memory)
    numpy_peer.py save DIR OUT      np.load DIR's files (untimed), then np.save them to OUT, fsyncing each

Prints the seconds the timed part took, and nothing else, on stdout.
"""
import os
import sys
import time

import numpy as np


def npy_files(directory):
    return sorted(os.path.join(directory, name) for name in os.listdir(directory) if name.endswith(".npy"))


def load(directory):
    start = time.perf_counter()
    arrays = [np.load(path) for path in npy_files(directory)]
    elapsed = time.perf_counter() - start
    del arrays
    return elapsed


def save(directory, out):
    arrays = [(os.path.basename(path), np.load(path)) for path in npy_files(directory)]
    os.makedirs(out, exist_ok=True)
    start = time.perf_counter()
    for name, array in arrays:
        with open(os.path.join(out, name), "wb") as file:
            np.save(file, array)
            file.flush()
            os.fsync(file.fileno())
    return time.perf_counter() - start


if __name__ == "__main__":
    operation = sys.argv[1]
    seconds = load(sys.argv[2]) if operation == "load" else save(sys.argv[2], sys.argv[3])
    print(f"{seconds:.9f}")
