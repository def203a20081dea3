#!/usr/bin/env python3
"""Hostile ONNX files for the `onnx` group of the hostile corpus, and its cases.tsv.

Run from this directory with Debian's python3-onnx and python3-numpy: /usr/bin/python3 generate.py. Most files are
one graph y = x W + b (x: float [N, 4], y: float [N, 3]) built with onnx.helper and then damaged; external-data
cases get a directory each (<case>/model.onnx) with the files and symbolic links they point to. The checker is
never run on them: it would open the external files.

Expected codes: external data that leaves the model's directory (absolute path, `..`, a link leading out, a device
or pipe) is unsafe (3); a damaged protobuf, sizes that disagree or exceed the budgets, external data that is a
directory, and a graph that runs past its time budget are corrupt (4); an operator, domain or opset Brine's runtime
does not have is unsupported (5); a missing external file is not found (7).
"""
import os
import shutil
import struct

import numpy as np
import onnx
from onnx import TensorProto, helper

CASES = []
rng = np.random.default_rng(13)
W = rng.standard_normal((4, 3)).astype(np.float32)
B = rng.standard_normal(3).astype(np.float32)


def add(name, command, exit_code, why):
    CASES.append((name, command, exit_code, why))


def graph(nodes, initializers, name="hostile", outputs=None):
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 4])
    y = outputs or [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 3])]
    return helper.make_graph(nodes, name, [x], y, initializers)


def model(g, opset=17, **kwargs):
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)], **kwargs)
    m.ir_version = 8
    return m


def linear(w=None, b=None):
    w = w if w is not None else helper.make_tensor("W", TensorProto.FLOAT, [4, 3], W.flatten())
    b = b if b is not None else helper.make_tensor("B", TensorProto.FLOAT, [3], B)
    return model(graph([helper.make_node("MatMul", ["x", "W"], ["xw"]), helper.make_node("Add", ["xw", "B"], ["y"])],
                       [w, b]))


def save(name, command, exit_code, why, m_or_bytes):
    directory = os.path.dirname(name)
    if directory:
        os.makedirs(directory, exist_ok=True)
    with open(name, "wb") as f:
        f.write(m_or_bytes if isinstance(m_or_bytes, bytes) else m_or_bytes.SerializeToString())
    add(name, command, exit_code, why)


def raw_weight(dims, data):
    t = TensorProto(name="W", data_type=TensorProto.FLOAT, dims=dims)
    t.raw_data = data
    return t


HONEST = linear()
save("honest.onnx", "predict", 0, "control: y = x W + b", HONEST)
HONEST_BYTES = HONEST.SerializeToString()

# --- the protobuf itself ------------------------------------------------------------------------------------------
save("empty.onnx", "predict", 4, "zero bytes", b"")
save("noise.onnx", "predict", 4, "random bytes", bytes(rng.integers(0, 256, 4096, dtype=np.uint8)))
save("truncated.onnx", "predict", 4, "cut in the middle of the graph", HONEST_BYTES[: len(HONEST_BYTES) // 2])
save("length_past_end.onnx", "predict", 4, "the graph field claims 2^31 bytes",
     b"\x08\x08" + b"\x3a" + bytes([0x80, 0x80, 0x80, 0x80, 0x08]) + HONEST_BYTES[:64])
save("varint_11_bytes.onnx", "predict", 4, "a varint of eleven bytes", b"\x08" + b"\xff" * 10 + b"\x01")
save("wrong_wire_type.onnx", "predict", 4, "the graph field sent as a 64-bit fixed value",
     b"\x08\x08\x39" + b"\x00" * 8)
save("ir_version_huge.onnx", "predict", 5, "ir_version 2^62", b"\x08" + bytes([0x80] * 8 + [0x40])
     + HONEST_BYTES[2:])
save("opset_huge.onnx", "predict", 5, "default opset 1000000", model(graph(
    [helper.make_node("MatMul", ["x", "W"], ["xw"]), helper.make_node("Add", ["xw", "B"], ["y"])],
    [helper.make_tensor("W", TensorProto.FLOAT, [4, 3], W.flatten()), helper.make_tensor("B", TensorProto.FLOAT, [3], B)]),
    opset=1_000_000))
save("custom_domain.onnx", "predict", 5, "a node from the domain com.evil", helper.make_model(
    graph([helper.make_node("System", ["x"], ["y"], domain="com.evil", command="touch BRINE_CANARY")], []),
    opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.evil", 1)]))

# --- initializers that lie ------------------------------------------------------------------------------------------
save("dims_huge.onnx", "predict", 4, "W declared 2^31 x 2^31 with 48 bytes of data",
     linear(raw_weight([2**31, 2**31], W.tobytes())))
save("dims_negative.onnx", "predict", 4, "W declared -4 x -3", linear(raw_weight([-4, -3], W.tobytes())))
save("dims_overflow.onnx", "predict", 4, "W declared 2^32 x 2^32 x 2^32",
     linear(raw_weight([2**32] * 3, W.tobytes())))
save("dims_rank_64.onnx", "predict", 4, "W of rank 64", linear(raw_weight([1] * 62 + [4, 3], W.tobytes())))
save("raw_data_short.onnx", "predict", 4, "W [4, 3] with 8 bytes of raw_data", linear(raw_weight([4, 3], b"\0" * 8)))
save("float_data_count.onnx", "predict", 4, "W [4, 3] with 5 values in float_data",
     linear(TensorProto(name="W", data_type=TensorProto.FLOAT, dims=[4, 3], float_data=[1.0] * 5)))
save("dtype_unknown.onnx", "predict", 4, "W of data_type 99",
     linear(TensorProto(name="W", data_type=99, dims=[4, 3], raw_data=W.tobytes())))
save("duplicate_initializer.onnx", "predict", 4, "W given twice with different shapes", model(graph(
    [helper.make_node("MatMul", ["x", "W"], ["xw"]), helper.make_node("Add", ["xw", "B"], ["y"])],
    [helper.make_tensor("W", TensorProto.FLOAT, [4, 3], W.flatten()), raw_weight([2, 2], b"\0" * 16),
     helper.make_tensor("B", TensorProto.FLOAT, [3], B)])))


def nested_if(depth):
    """`depth` If nodes, each the then-branch of the one above (ONNX Runtime refuses deep protobuf nesting)."""
    leaf = helper.make_graph([helper.make_node("Identity", ["x"], ["y"])], "leaf", [],
                             [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)])
    inner = leaf
    for _ in range(depth):
        node = helper.make_node("If", ["c"], ["y"], then_branch=inner, else_branch=leaf)
        inner = helper.make_graph([node], "level", [], [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)])
    return inner


deep = nested_if(400)
top = model(helper.make_graph(deep.node, "deep", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 4])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 4])],
                              [helper.make_tensor("c", TensorProto.BOOL, [], [True])]))
save("nested_if_400.onnx", "predict", 4, "If nodes nested 400 deep", top)


def endless_loop():
    """Loop with max trip count 2^63-1 and a condition that stays true: runs until stopped."""
    body = helper.make_graph(
        [helper.make_node("Identity", ["cond_in"], ["cond_out"]), helper.make_node("Add", ["v_in", "one"], ["v_out"])],
        "body", [helper.make_tensor_value_info("i", TensorProto.INT64, []),
                 helper.make_tensor_value_info("cond_in", TensorProto.BOOL, []),
                 helper.make_tensor_value_info("v_in", TensorProto.FLOAT, ["N", 4])],
        [helper.make_tensor_value_info("cond_out", TensorProto.BOOL, []),
         helper.make_tensor_value_info("v_out", TensorProto.FLOAT, ["N", 4])],
        [helper.make_tensor("one", TensorProto.FLOAT, [], [1.0])])
    loop = helper.make_node("Loop", ["max", "cond", "x"], ["y"], body=body)
    return model(helper.make_graph([loop], "endless", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 4])],
                                   [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 4])],
                                   [helper.make_tensor("max", TensorProto.INT64, [], [2**63 - 1]),
                                    helper.make_tensor("cond", TensorProto.BOOL, [], [True])]))


save("endless_loop.onnx", "predict", 4, "pending: runs until killed today, and the JVM crashes (SIGSEGV) when it exits with the session busy: a Loop of "
     "2^63-1 trips whose condition stays true", endless_loop())


# --- external data --------------------------------------------------------------------------------------------------
def external(directory, location, offset=None, length=None, extra=None, why="", exit_code=3):
    """<directory>/model.onnx whose W lives at `location`; `extra` prepares the directory."""
    if os.path.lexists(directory):
        shutil.rmtree(directory)
    os.makedirs(directory)
    w = TensorProto(name="W", data_type=TensorProto.FLOAT, dims=[4, 3], data_location=TensorProto.EXTERNAL)
    for key, value in (("location", location), ("offset", offset), ("length", length)):
        if value is not None:
            entry = w.external_data.add()
            entry.key, entry.value = key, str(value)
    if extra:
        extra(directory)
    save(os.path.join(directory, "model.onnx"), "predict", exit_code, why, linear(w))


def write(name, data):
    return lambda d: open(os.path.join(d, name), "wb").write(data)


def link(name, target):
    return lambda d: os.symlink(target, os.path.join(d, name))


external("ext_honest", "weights.bin", extra=write("weights.bin", W.tobytes()), exit_code=0,
         why="control: W in weights.bin beside the model")
external("ext_dev_zero", "/dev/zero", why="W at /dev/zero (absolute, a device of endless zeros)")
external("ext_dev_stdin", "/dev/stdin", why="W at /dev/stdin (a pipe that never ends)")
external("ext_dotdot", "../../../../../../etc/passwd", why="W at ../../../../../../etc/passwd")
external("ext_link_dev_zero", "weights.bin", extra=link("weights.bin", "/dev/zero"),
         why="weights.bin is a symbolic link to /dev/zero")
external("ext_link_stdin", "weights.bin", extra=link("weights.bin", "/proc/self/fd/0"),
         why="weights.bin is a symbolic link to the standard input, a pipe here: its target pipe:[n] is no path", exit_code=7)
external("ext_link_outside", "weights.bin", extra=link("weights.bin", "../honest.onnx"),
         why="weights.bin is a symbolic link to a file outside the model's directory")
external("ext_link_dir_outside", "sub/weights.bin", extra=link("sub", "../ext_honest"),
         why="sub is a symbolic link to another model's directory, which holds a weights.bin")
external("ext_link_loop", "weights.bin", extra=link("weights.bin", "weights.bin"),
         why="pending: exit 1 today (FileSystemException): weights.bin is a symbolic link to itself", exit_code=4)
external("ext_directory", "data", extra=lambda d: (os.makedirs(os.path.join(d, "data")),
                                                   write(".keep", b"")(os.path.join(d, "data"))),
         why="pending: exit 1 today (IOException): W at a directory inside the model's directory", exit_code=4)
external("ext_missing", "nowhere.bin", why="W at a file that does not exist (not found)", exit_code=7)
external("ext_offset_past_end", "weights.bin", offset=2**40, length=48, extra=write("weights.bin", W.tobytes()),
         why="offset 2^40 in a 48-byte file", exit_code=4)
external("ext_length_huge", "weights.bin", offset=0, length=2**62, extra=write("weights.bin", W.tobytes()),
         why="length 2^62", exit_code=4)
external("ext_length_negative", "weights.bin", offset=-8, length=48, extra=write("weights.bin", W.tobytes()),
         why="offset -8", exit_code=4)
external("ext_length_text", "weights.bin", offset="0x10", length="forty", extra=write("weights.bin", W.tobytes()),
         why="offset and length that are not decimal numbers", exit_code=4)
external("ext_no_location", None, offset=0, length=48, extra=write("weights.bin", W.tobytes()),
         why="external data without a location", exit_code=4)

with open("cases.tsv", "w") as f:
    f.write("file\tcommand\texit\twhy\n")
    for name, command, exit_code, why in CASES:
        f.write(f"{name}\t{command}\t{exit_code}\t{why}\n")
print(len(CASES), "cases")
