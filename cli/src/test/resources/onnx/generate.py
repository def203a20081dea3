#!/usr/bin/python3
"""Writes the ONNX fixtures of the `brine predict` tests (tensor inputs, several inputs, scalars, old opsets).

Run once with Debian's python3-onnx 1.12 (``/usr/bin/python3 generate.py`` in this directory); CI never runs it.
The graphs are element-wise arithmetic whose float32 results the tests compute exactly in Java. The numpy inputs:
ab.npz (members a and b for two_inputs.onnx), images.npy ((2, 2, 2) float32 for relu3.onnx), objects.npy (an object
array of an int and a str: a pickle naming only numpy's own globals), hostile.npy (an object array whose pickle would
call os.system, creating BRINE_CANARY if it ever ran) and truncated.npy (a header promising more data than follows).
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper

HERE = os.path.dirname(os.path.abspath(__file__))


def save(graph, name, opset=17):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="brine-fixtures",
                              producer_version="1", ir_version=8 if opset >= 7 else 3)
    onnx.checker.check_model(model)
    onnx.save_model(model, os.path.join(HERE, name))


# Two inputs, two outputs: sum = a + b, product = a * b, each (N, 2) float32.
save(helper.make_graph(
    [helper.make_node("Add", ["a", "b"], ["sum"]), helper.make_node("Mul", ["a", "b"], ["product"])],
    "two_inputs",
    [helper.make_tensor_value_info("a", TensorProto.FLOAT, ["N", 2]),
     helper.make_tensor_value_info("b", TensorProto.FLOAT, ["N", 2])],
    [helper.make_tensor_value_info("sum", TensorProto.FLOAT, ["N", 2]),
     helper.make_tensor_value_info("product", TensorProto.FLOAT, ["N", 2])]), "two_inputs.onnx")

# A rank-0 (scalar) input: y = x * scale, x (N, 3) float32, scale a scalar.
save(helper.make_graph(
    [helper.make_node("Mul", ["x", "scale"], ["y"])],
    "scaled",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 3]),
     helper.make_tensor_value_info("scale", TensorProto.FLOAT, [])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 3])]), "scaled.onnx")

# A rank-3 output from a rank-3 input (an "image" batch): y = relu(x), (N, 2, 2).
save(helper.make_graph(
    [helper.make_node("Relu", ["x"], ["y"])],
    "relu3",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 2, 2])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 2, 2])]), "relu3.onnx")

# Opset 6, older than ONNX Runtime runs: Relu on (N, 2).
save(helper.make_graph(
    [helper.make_node("Relu", ["x"], ["y"])],
    "old",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 2])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 2])]), "opset6.onnx", opset=6)

np.savez(os.path.join(HERE, "ab.npz"), a=np.array([[1, 2], [3, 4]], dtype=np.float32),
         b=np.array([[10, 20], [30, 40]], dtype=np.float32))
np.save(os.path.join(HERE, "images.npy"), np.array([[[1, -2], [-3, 4]], [[-5, 6], [7, -8]]], dtype=np.float32))
np.save(os.path.join(HERE, "objects.npy"), np.array([1, "a"], dtype=object), allow_pickle=True)
with open(os.path.join(HERE, "hostile.npy"), "wb") as out:
    np.lib.format.write_array_header_1_0(out, {"descr": "|O", "fortran_order": False, "shape": (1,)})
    out.write(b"cos\nsystem\n(S'touch BRINE_CANARY'\ntR.")
with open(os.path.join(HERE, "truncated.npy"), "wb") as out:
    np.save(out, np.arange(100, dtype=np.float64))
with open(os.path.join(HERE, "truncated.npy"), "r+b") as out:
    out.truncate(200)
