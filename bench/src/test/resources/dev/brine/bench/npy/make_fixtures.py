"""Writes the .npy fixtures of NpyPeerTest with the real numpy (run once by hand with /usr/bin/python3; the build
never runs Python). The test checks that the bench's own .npy writer produces these exact bytes."""
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))

np.save(os.path.join(HERE, "matrix_2x3.npy"), (np.arange(6, dtype="<f4") * 0.5 - 1).reshape(2, 3))
np.save(os.path.join(HERE, "vector_5.npy"), np.array([0.1, -2.5, 3e38, -0.0, 1e-40], dtype="<f4"))
