#!/usr/bin/env python3
"""Hostile Keras files (legacy HDF5 and .keras zip) for the `keras` group of the hostile corpus, and cases.tsv.

Run from this directory with Debian's python3-h5py and python3-numpy: /usr/bin/python3 generate.py. The HDF5
files are laid out as Keras' own `save_model_to_hdf5` writes them (model_config and layer_names attributes,
model_weights/<layer>/<weight> datasets), the archives as Keras 3's saving_lib (metadata.json, config.json,
model.weights.h5). The honest_* files are copies of the keras module's fixtures (sequential_mlp.h5 and
functional.keras, both taking four features) and serve as controls (exit 0).

Expected codes: code in a config (Lambda, custom classes, registered or foreign modules), an HDF5 link and an
archive member whose name escapes the archive are unsafe (3); a file or archive that is damaged, ambiguous, lies
about sizes or asks for more than the budgets is corrupt (4); a layer or dtype Brine does not implement is
unsupported (5); weights that do not fit the configuration are incompatible (6). Members named BRINE_CANARY test that nothing is ever extracted.
"""
import io
import json
import struct
import zipfile
import zlib

import h5py
import numpy as np

CASES = []
rng = np.random.default_rng(12)


def add(name, command, exit_code, why):
    CASES.append((name, command, exit_code, why))


def f32(*shape):
    return rng.standard_normal(shape).astype(np.float32)


def dense(name, units, activation="linear", **extra):
    return {"class_name": "Dense", "config": {"name": name, "trainable": True, "dtype": "float32", "units": units,
                                              "activation": activation, "use_bias": True, **extra}}


def sequential(layers, inputs=4):
    return {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
        {"class_name": "InputLayer", "config": {"batch_input_shape": [None, inputs], "dtype": "float32",
                                                "sparse": False, "ragged": False, "name": "input"}}] + layers}}


def save_h5(path, config, weights, config_text=None, dataset=None):
    """save_model_to_hdf5: `weights` is [(layer, [(weight name, array)])]; `dataset` may replace how one
    weight is written: dataset(group, name, value)."""
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = b"2.11.0"
        f.attrs["backend"] = b"tensorflow"
        f.attrs["model_config"] = (config_text if config_text is not None else json.dumps(config)).encode()
        group = f.create_group("model_weights")
        group.attrs["layer_names"] = [layer.encode() for layer, _ in weights]
        group.attrs["backend"] = b"tensorflow"
        group.attrs["keras_version"] = b"2.11.0"
        for layer, values in weights:
            g = group.create_group(layer)
            g.attrs["weight_names"] = [name.encode() for name, _ in values]
            for name, value in values:
                if dataset is not None:
                    dataset(g, name, value)
                else:
                    g.create_dataset(name, data=value)


def h5(name, command, exit_code, why, config, weights, **kwargs):
    save_h5(name, config, weights, **kwargs)
    add(name, command, exit_code, why)


ONE_DENSE = sequential([dense("dense", 3)])
ONE_DENSE_WEIGHTS = [("dense", [("dense/kernel:0", f32(4, 3)), ("dense/bias:0", f32(3))])]
LAMBDA_CODE = ("4wEAAAAAAAAAAAAAAAEAAAACAAAAQwAAAHMIAAAAfABkARQAUwApAk7pAgAAAKkAKQHaAXhyAQAAAHIBAAAA+gg8c3RkaW4+2gg8bG"
               "FtYmRhPgEAAADzAAAAAA==")
LAMBDA = {"class_name": "Lambda", "config": {"name": "evil", "trainable": True, "dtype": "float32",
                                             "function": [LAMBDA_CODE, None, None], "function_type": "lambda",
                                             "module": "__main__", "output_shape": None, "arguments": {}}}

add("honest_sequential.h5", "predict", 0, "control: the keras module's Sequential MLP fixture")
add("honest_functional.keras", "predict", 0, "control: the keras module's Keras 3 functional fixture")
h5("one_dense.h5", "predict", 0, "control: one Dense layer", ONE_DENSE, ONE_DENSE_WEIGHTS)

# --- code in the config -------------------------------------------------------------------------------------------
for command in ("scan", "predict", "push"):
    h5(f"lambda_{command}.h5", command, 3, "a Lambda layer with marshalled bytecode",
       sequential([dense("dense", 3), LAMBDA]), ONE_DENSE_WEIGHTS + [("evil", [])])
h5("lambda_in_wrapper.h5", "scan", 3, "a Lambda inside a TimeDistributed wrapper's config",
   sequential([{"class_name": "TimeDistributed", "config": {"name": "td", "layer": LAMBDA}}]), [("td", [])])
h5("lambda_in_nested_model.h5", "scan", 3, "a Lambda inside a Sequential used as a layer",
   sequential([{"class_name": "Sequential", "config": {"name": "inner", "layers": [LAMBDA]}}]), [("inner", [])])
h5("lambda_as_activation.h5", "scan", 3, "a Dense whose activation is a Keras 3 __lambda__ object",
   sequential([dense("dense", 3, {"class_name": "__lambda__", "config": {"code": LAMBDA_CODE, "defaults": None,
                                                                          "closure": None}})]), ONE_DENSE_WEIGHTS)
h5("class_os_system.h5", "scan", 3, "a layer whose class_name is os.system",
   sequential([{"class_name": "os.system", "config": {"name": "dense", "command": "touch BRINE_CANARY"}}]),
   [("dense", [])])
h5("custom_registered.h5", "scan", 3, "a layer registered by user code (Package>Name)",
   sequential([{**dense("dense", 3), "registered_name": "Evil>Dense"}]), ONE_DENSE_WEIGHTS)
h5("foreign_module.h5", "scan", 3, "a Dense from the module builtins",
   sequential([{**dense("dense", 3), "module": "builtins"}]), ONE_DENSE_WEIGHTS)
h5("custom_activation.h5", "scan", 3, "an activation named by a module path",
   sequential([dense("dense", 3, "evil_module.evil_activation")]), ONE_DENSE_WEIGHTS)
h5("custom_model_class.h5", "scan", 3, "a subclassed model class",
   {"class_name": "MyModel", "config": {"name": "m"}}, [])
h5("unsupported_conv.h5", "predict", 5, "Conv2D: a Keras layer Brine does not implement",
   sequential([{"class_name": "Conv2D", "config": {"name": "conv", "filters": 2, "kernel_size": [1, 1]}}]),
   [("conv", [])])

# --- damaged or lying configs ---------------------------------------------------------------------------------
h5("config_not_json.h5", "predict", 4, "model_config is not JSON", None, ONE_DENSE_WEIGHTS, config_text="{{{")
h5("config_deep.h5", "predict", 4, "model_config nested 100000 deep", None, ONE_DENSE_WEIGHTS,
   config_text='{"class_name":"Sequential","config":' + "[" * 100_000 + "]" * 100_000 + "}")
h5("config_missing.h5", "predict", 4, "model_config holds null", None, ONE_DENSE_WEIGHTS, config_text="null")
h5("units_huge.h5", "predict", 4, "Dense units 10^12 with a 4x3 kernel", sequential([dense("dense", 10**12)]),
   ONE_DENSE_WEIGHTS)
h5("units_2pow31.h5", "predict", 4, "Dense units 2^31", sequential([dense("dense", 2**31)]), ONE_DENSE_WEIGHTS)
h5("units_negative.h5", "predict", 4, "Dense units -3", sequential([dense("dense", -3)]), ONE_DENSE_WEIGHTS)
h5("units_fraction.h5", "predict", 4, "Dense units 3.5", sequential([dense("dense", 3.5)]), ONE_DENSE_WEIGHTS)
h5("input_huge.h5", "predict", 4, "an input of 10^15 features", sequential([dense("dense", 3)], 10**15),
   ONE_DENSE_WEIGHTS)
h5("embedding_huge.h5", "predict", 4, "an Embedding of 10^12 x 10^6",
   sequential([{"class_name": "Embedding", "config": {"name": "emb", "input_dim": 10**12, "output_dim": 10**6}}]),
   [("emb", [("emb/embeddings:0", f32(4, 2))])])
h5("lstm_huge.h5", "predict", 4, "an LSTM of 10^9 units",
   sequential([{"class_name": "LSTM", "config": {"name": "lstm", "units": 10**9, "activation": "tanh",
                                                  "recurrent_activation": "sigmoid", "use_bias": True}}]),
   [("lstm", [("lstm/kernel:0", f32(4, 4)), ("lstm/recurrent_kernel:0", f32(1, 4)), ("lstm/bias:0", f32(4))])])
h5("reshape_huge.h5", "predict", 6, "a Reshape of 3 values to 10^9 x 10^9",
   sequential([dense("dense", 3), {"class_name": "Reshape", "config": {"name": "r", "target_shape": [10**9, 10**9]}}]),
   ONE_DENSE_WEIGHTS + [("r", [])])
h5("kernel_wrong_shape.h5", "predict", 6, "a 7x9 kernel for a 4->3 Dense", ONE_DENSE,
   [("dense", [("dense/kernel:0", f32(7, 9)), ("dense/bias:0", f32(3))])])
h5("kernel_strings.h5", "predict", 5, "a kernel of strings", ONE_DENSE,
   [("dense", [("dense/kernel:0", np.array([[b"x"] * 3] * 4)), ("dense/bias:0", f32(3))])])
h5("layer_names_missing_group.h5", "predict", 6, "layer_names lists a layer with no group",
   sequential([dense("dense", 3), dense("ghost", 3)]), ONE_DENSE_WEIGHTS + [("ghost", [("ghost/kernel:0", f32(3, 3))])])
with h5py.File("layer_names_missing_group.h5", "r+") as f:
    del f["model_weights/ghost"]


def huge_dataset(group, name, value):
    """A chunked dataset declaring 2^31 x 2^31 floats; nothing is stored (HDF5 fills on read)."""
    group.create_dataset(name, shape=(2**31, 2**31) if value.ndim == 2 else (2**40,), dtype="f4", chunks=True)


h5("dataset_huge_dims.h5", "predict", 4, "kernel dataset declared 2^31 x 2^31 (storage unallocated)", ONE_DENSE,
   ONE_DENSE_WEIGHTS, dataset=huge_dataset)


def bomb_dataset(group, name, value):
    """A 1 GiB kernel of zeros, gzip-compressed to a few kilobytes."""
    if "kernel" in name:
        d = group.create_dataset(name, shape=(16384, 16384), dtype="f4", chunks=(1024, 1024), compression="gzip",
                                 compression_opts=9)
        d[0, 0] = 1.0
    else:
        group.create_dataset(name, data=np.zeros(16384, np.float32))


h5("gzip_bomb.h5", "predict", 4, "a 1 GiB gzip-compressed kernel the config really asks for (16384 -> 16384)",
   sequential([dense("dense", 16384)], 16384), [("dense", [("dense/kernel:0", None), ("dense/bias:0", None)])],
   dataset=bomb_dataset)


def external_link(group, name, value):
    group[name] = h5py.ExternalLink("../../../outside.h5", "/kernel")


h5("external_link.h5", "predict", 3, "the kernel is an HDF5 external link to a file outside", ONE_DENSE,
   ONE_DENSE_WEIGHTS, dataset=external_link)


def soft_link_loop(group, name, value):
    group[name] = h5py.SoftLink(group.name + "/" + name)


h5("soft_link_loop.h5", "predict", 3, "the kernel is a soft link to itself", ONE_DENSE, ONE_DENSE_WEIGHTS,
   dataset=soft_link_loop)

with open("one_dense.h5", "rb") as f:
    ONE = f.read()
with open("truncated.h5", "wb") as f:
    f.write(ONE[:1500])
add("truncated.h5", "predict", 4, "an HDF5 file cut after 1500 bytes")
with open("signature_only.h5", "wb") as f:
    f.write(b"\x89HDF\r\n\x1a\n" + bytes(range(256)) * 8)
add("signature_only.h5", "predict", 4, "the HDF5 signature followed by noise")
with open("superblock_offsets.h5", "wb") as f:
    blob = bytearray(ONE)
    blob[24:40] = struct.pack("<QQ", 2**63 - 1, 2**64 - 1)   # superblock v0: base address, free-space address
    f.write(blob)
add("superblock_offsets.h5", "predict", 4, "superblock addresses of 2^63-1 and 2^64-1")

# --- .keras archives ------------------------------------------------------------------------------------------
with zipfile.ZipFile("honest_functional.keras") as z:
    HONEST = {name: z.read(name) for name in z.namelist()}
HONEST_CONFIG = json.loads(HONEST["config.json"])


def archive(name, command, exit_code, why, members, method=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(name, "w", method) as z:
        for member, data in members:
            z.writestr(member, data)
    add(name, command, exit_code, why)


def members(**replace):
    return [(k, replace.get(k.replace(".", "_"), v)) for k, v in HONEST.items()]


def with_layer(mutate):
    config = json.loads(json.dumps(HONEST_CONFIG))
    mutate(config["config"]["layers"])
    return json.dumps(config)


archive("keras3_lambda.keras", "scan", 3, "a Keras 3 Lambda (__lambda__ code) layer",
        members(config_json=with_layer(lambda layers: layers.append(
            {"module": "keras.layers", "class_name": "Lambda", "registered_name": None, "name": "evil",
             "config": {"name": "evil", "function": {"class_name": "__lambda__", "config": {"code": LAMBDA_CODE}}},
             "inbound_nodes": []}))))
archive("keras3_registered.keras", "scan", 3, "a layer with a user registered_name",
        members(config_json=with_layer(lambda layers: layers[1].update(registered_name="Evil>Dense"))))
archive("keras3_module_os.keras", "scan", 3, "a layer from module os",
        members(config_json=with_layer(lambda layers: layers[1].update(module="os", class_name="system"))))
archive("keras3_units_huge.keras", "predict", 4, "Dense units 10^12",
        members(config_json=with_layer(lambda layers: layers[1]["config"].update(units=10**12))))
archive("keras3_config_deep.keras", "predict", 4, "config.json nested 100000 deep",
        members(config_json="[" * 100_000 + "]" * 100_000))
archive("keras3_config_not_utf8.keras", "predict", 4, "config.json is not UTF-8",
        members(config_json=b"\xff\xfe" + HONEST["config.json"]))
archive("no_config.keras", "predict", 4, "an archive without config.json",
        [(k, v) for k, v in HONEST.items() if k != "config.json"])
archive("weights_garbage.keras", "predict", 4, "model.weights.h5 is noise", members(model_weights_h5=bytes(4096)))
archive("canary_members.keras", "predict", 3, "members named BRINE_CANARY and ../BRINE_CANARY: refused as zip slip, nothing extracted",
        list(HONEST.items()) + [("BRINE_CANARY", b"x"), ("../BRINE_CANARY", b"x"), ("a/../../BRINE_CANARY", b"x")])
archive("duplicate_config.keras", "scan", 4, "config.json twice: the first honest, the second (which Python's "
        "zipfile reads) with a Lambda",
        list(HONEST.items()) + [("config.json", with_layer(lambda layers: layers.append(
            {"module": "keras.layers", "class_name": "Lambda", "registered_name": None, "name": "evil",
             "config": {"name": "evil", "function": {"class_name": "__lambda__", "config": {"code": LAMBDA_CODE}}},
             "inbound_nodes": []})))])
archive("config_bomb.keras", "predict", 4, "config.json deflates to 400 MB of spaces",
        [(k, v) for k, v in HONEST.items() if k != "config.json"] + [("config.json", b" " * 400_000_000)])
archive("weights_bomb.keras", "predict", 4, "model.weights.h5 deflates to 600 MB of zeros",
        [(k, v) for k, v in HONEST.items() if k != "model.weights.h5"] + [("model.weights.h5", bytes(600_000_000))])
archive("stored_bzip2.keras", "predict", 5, "members compressed with bzip2 (zip method 12)", list(HONEST.items()),
        method=zipfile.ZIP_BZIP2)
archive("many_members.keras", "predict", 0, "5000 extra empty members: within the limits",
        list(HONEST.items()) + [(f"junk/{i}", b"") for i in range(5_000)])


def lying_sizes(name, why, declared):
    """The honest archive with config.json's uncompressed size (local header and central directory) replaced."""
    data = bytearray(open("honest_functional.keras", "rb").read())
    target = b"config.json"
    for signature, size_offset, name_offset in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        at = 0
        while (at := data.find(signature, at)) >= 0:
            if data[at + name_offset:at + name_offset + len(target)] == target:
                data[at + size_offset:at + size_offset + 4] = struct.pack("<I", declared)
            at += 4
    with open(name, "wb") as f:
        f.write(data)
    add(name, "predict", 4, why)


lying_sizes("size_understated.keras", "config.json claims 10 bytes and inflates to 3016", 10)
lying_sizes("size_overstated.keras", "config.json claims 4 GB and inflates to 3016", 0xFFFFFFF0)

with open("honest_functional.keras", "rb") as f:
    ZIP = f.read()
with open("truncated.keras", "wb") as f:
    f.write(ZIP[: len(ZIP) // 2])
add("truncated.keras", "predict", 4, "half an archive: no central directory")
with open("not_a_zip.keras", "wb") as f:
    f.write(b"PK\x05\x06" + bytes(18) + b"not a zip" * 10)
add("not_a_zip.keras", "predict", 4, "an end-of-directory record and noise")

with open("cases.tsv", "w") as f:
    f.write("file\tcommand\texit\twhy\n")
    for name, command, exit_code, why in CASES:
        f.write(f"{name}\t{command}\t{exit_code}\t{why}\n")
print(len(CASES), "cases")
