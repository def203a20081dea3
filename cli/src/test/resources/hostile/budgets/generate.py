#!/usr/bin/python3
"""Writes the `budgets` group of the hostile-input corpus (issue 12 §2): files that try to make a load or a run cost
unbounded time or touch what is not a model file. Run once with Debian's python3-onnx
(``/usr/bin/python3 generate.py`` in this directory); cases.tsv lists what brine must answer for each.

- endless_loop.onnx: a valid graph whose Loop has no trip count and a condition that stays true; ONNX Runtime would
  run it forever, Brine stops it at its time budget (maxRunMillis) with exit 5.
- external_dir/model.onnx: external data whose location is a directory (exit 4, not a crash).
- external_symlink/model.onnx: external data through a symbolic link to a file outside the model's directory
  (exit 3: Brine reads nothing outside the model's directory).
- external_regular/model.onnx: the control, external data in a regular file beside the model (exit 0).
"""
import os
import shutil

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
OPSETS = [helper.make_opsetid("", 17)]


def model_of(graph):
    model = helper.make_model(graph, opset_imports=OPSETS, producer_name="brine-hostile", producer_version="1",
                              ir_version=8)
    onnx.checker.check_model(model)
    return model


def endless_loop():
    # Takes the 4 features of the harness's input.csv, so the run really starts.
    body = helper.make_graph(
        [helper.make_node("Identity", ["cond_in"], ["cond_out"]),
         helper.make_node("Add", ["v_in", "one"], ["v_out"])],
        "forever",
        [helper.make_tensor_value_info("iteration", TensorProto.INT64, []),
         helper.make_tensor_value_info("cond_in", TensorProto.BOOL, []),
         helper.make_tensor_value_info("v_in", TensorProto.FLOAT, ["N", 4])],
        [helper.make_tensor_value_info("cond_out", TensorProto.BOOL, []),
         helper.make_tensor_value_info("v_out", TensorProto.FLOAT, ["N", 4])],
        [helper.make_tensor("one", TensorProto.FLOAT, [1, 1], [1.0])])
    graph = helper.make_graph(
        [helper.make_node("Loop", ["", "keep_going", "x"], ["y"], body=body)],
        "endless_loop",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 4])],
        [helper.make_tensor("keep_going", TensorProto.BOOL, [], [True])])
    onnx.save_model(model_of(graph), os.path.join(HERE, "endless_loop.onnx"))


def external(directory):
    """x [N, 4] @ w [4, 1], w stored externally in weights.bin beside the model."""
    weight = numpy_helper.from_array(np.arange(1, 5, dtype=np.float32).reshape(4, 1), "w")
    weight.ClearField("raw_data")
    weight.data_location = TensorProto.EXTERNAL
    for key, value in (("location", "weights.bin"), ("offset", "0"), ("length", "16")):
        entry = weight.external_data.add()
        entry.key, entry.value = key, value
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["y"])], "external",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 1])],
        [weight])
    model = helper.make_model(graph, opset_imports=OPSETS, producer_name="brine-hostile", producer_version="1",
                              ir_version=8)
    path = os.path.join(HERE, directory)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    with open(os.path.join(path, "model.onnx"), "wb") as out:
        out.write(model.SerializeToString())
    return path


def main():
    endless_loop()
    weights = np.arange(1, 5, dtype=np.float32).tobytes()

    regular = external("external_regular")
    with open(os.path.join(regular, "weights.bin"), "wb") as out:
        out.write(weights)

    directory = external("external_dir")
    os.makedirs(os.path.join(directory, "weights.bin"))
    with open(os.path.join(directory, "weights.bin", "README"), "w") as out:
        out.write("weights.bin is a directory on purpose (hostile corpus, budgets group)\n")

    symlink = external("external_symlink")
    with open(os.path.join(HERE, "outside.bin"), "wb") as out:
        out.write(weights)
    os.symlink("../outside.bin", os.path.join(symlink, "weights.bin"))


if __name__ == "__main__":
    main()
