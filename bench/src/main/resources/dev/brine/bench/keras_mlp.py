"""Writes the MLP of issue 6 §4's benchmark, Dense 64 → 256 relu → 256 relu → 10 softmax, as tf.keras 2.11's
`model.save('mlp.h5')` lays it out (Keras cannot be installed here; the h5py calls replay Keras', as the keras
module's fixtures/generate.py does), weights from numpy's seeded generator. Usage: keras_mlp.py OUT.h5"""
import json
import sys

import h5py
import numpy as np

rng = np.random.default_rng(0)
sizes = [64, 256, 256, 10]
glorot = {"class_name": "GlorotUniform", "config": {"seed": None}}
layers = [{"class_name": "InputLayer", "config": {"batch_input_shape": [None, sizes[0]], "dtype": "float32",
                                                  "sparse": False, "ragged": False, "name": "dense_input"}}]
weights = []
for i, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
    name = "dense" if i == 0 else f"dense_{i}"
    layers.append({"class_name": "Dense", "config": {
        "name": name, "trainable": True, "dtype": "float32", "units": n_out,
        "activation": "softmax" if i == len(sizes) - 2 else "relu", "use_bias": True,
        "kernel_initializer": glorot, "bias_initializer": {"class_name": "Zeros", "config": {}},
        "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
        "kernel_constraint": None, "bias_constraint": None}})
    weights.append((name, [(f"{name}/kernel:0", (rng.normal(size=(n_in, n_out)) / np.sqrt(n_in)).astype(np.float32)),
                           (f"{name}/bias:0", (rng.normal(size=n_out) * 0.1).astype(np.float32))]))
config = {"class_name": "Sequential", "config": {"name": "sequential", "layers": layers}}
with h5py.File(sys.argv[1], "w") as f:
    f.attrs["keras_version"] = b"2.11.0"
    f.attrs["backend"] = b"tensorflow"
    f.attrs["model_config"] = json.dumps(config).encode("utf8")
    group = f.create_group("model_weights")
    group.attrs["layer_names"] = [name.encode("utf8") for name, _ in weights]
    group.attrs["backend"] = b"tensorflow"
    group.attrs["keras_version"] = b"2.11.0"
    for name, values in weights:
        g = group.create_group(name)
        g.attrs["weight_names"] = [w.encode("utf8") for w, _ in values]
        for weight_name, value in values:
            g.create_dataset(weight_name, data=value)
