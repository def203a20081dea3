"""scikit-learn's bundled 8x8 digits as an image set for `brine train --model cnn` (TrainImagesTest).

Run once with /usr/bin/python3 (Debian python3-sklearn 1.2.1) from this directory; writes digits.npz with `images`
(1797, 1, 8, 8) uint8 grey levels 0-16 and `target` (1797,) int64 digits. Nothing is downloaded: load_digits reads
the copy inside scikit-learn.
"""
import numpy as np
from sklearn.datasets import load_digits

digits = load_digits()
np.savez_compressed("digits.npz", images=digits.images.astype(np.uint8).reshape(-1, 1, 8, 8),
                    target=digits.target.astype(np.int64))
