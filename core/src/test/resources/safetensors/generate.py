#!/usr/bin/python3
"""Writes the safetensors fixtures of this directory, independently of Brine.

The Python `safetensors` package cannot be installed where these fixtures were made, so this script writes the
format from its specification (https://github.com/huggingface/safetensors#format) the way the library's Rust core
serialises it (safetensors/src/tensor.rs, `prepare`):

  * tensors sorted by dtype alignment, largest first (the order of the Rust `Dtype` enum, reversed), then by name;
  * the header is compact JSON: `__metadata__` first when present, then the tensors in data order, each
    {"dtype", "shape", "data_offsets"} with offsets relative to the data buffer;
  * the header is padded with spaces to a multiple of 8 bytes, so the data buffer starts 8-aligned;
  * the file is: header length (u64 little-endian), header, data buffer.

Outputs (all committed; Maven never runs Python):
  valid/*.safetensors       files every conforming reader must accept
  expected.json             for each valid file, the report of the independent reader tools/safetensors_read.py:
                            metadata, each tensor's dtype, shape, offsets, SHA-256 and values (floats as exact
                            hex strings, integers as decimal), checked here against the tensors written
  malformed/*.safetensors   one file per validation rule, each breaking only that rule
  malformed.json            for each malformed file: the rule, the exception and exit code Brine must give, and
                            text its message must contain (the tensor or the byte offset at fault)

Run from anywhere: /usr/bin/python3 core/src/test/resources/safetensors/generate.py
Needs numpy only. The output is deterministic.
"""
import hashlib
import json
import math
import os
import shutil
import struct
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
# The independent reader decodes the expected values (tools/safetensors_read.py, also written from the spec).
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "..", "tools"))
import safetensors_read  # noqa: E402

# The Rust `Dtype` enum in declaration order; it is ordered by alignment so that sorting in reverse puts the widest
# dtypes first and every tensor starts aligned to its element size.
RUST_DTYPE_ORDER = ["BOOL", "F4", "F6_E2M3", "F6_E3M2", "U8", "I8", "F8_E5M2", "F8_E4M3", "F8_E8M0", "I16", "U16",
                    "F16", "BF16", "I32", "U32", "F32", "C64", "F64", "I64", "U64"]
NUMPY_DTYPES = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4", "I16": "<i2", "I8": "i1",
                "U64": "<u8", "U32": "<u4", "U16": "<u2", "U8": "u1", "BOOL": "?"}


class Raw:
    """A tensor as the format sees it: a dtype name, a shape and its little-endian bytes."""

    def __init__(self, dtype, shape, data):
        self.dtype = dtype
        self.shape = list(shape)
        self.data = bytes(data)


def from_numpy(dtype, values, shape):
    array = np.array(values, dtype=NUMPY_DTYPES[dtype]).reshape(shape)
    return Raw(dtype, shape, array.tobytes())


def from_uint16_bits(dtype, bits, shape):
    return Raw(dtype, shape, np.array(bits, dtype="<u2").tobytes())


def from_byte_patterns(dtype, patterns, shape):
    return Raw(dtype, shape, bytes(patterns))


def header_json(header):
    # serde_json writes compact JSON and leaves non-ASCII characters as UTF-8.
    return json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def pad8(text):
    return text + b" " * (-len(text) % 8)


def serialize(tensors, metadata=None):
    """The bytes the safetensors library writes for `tensors` (name -> Raw) and optional string metadata."""
    ordered = sorted(tensors.items(), key=lambda item: (-RUST_DTYPE_ORDER.index(item[1].dtype), item[0]))
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    offset = 0
    for name, tensor in ordered:
        header[name] = {"dtype": tensor.dtype, "shape": tensor.shape,
                        "data_offsets": [offset, offset + len(tensor.data)]}
        offset += len(tensor.data)
    text = pad8(header_json(header))
    return struct.pack("<Q", len(text)) + text + b"".join(tensor.data for _, tensor in ordered)


def assemble(header, data, pad=True):
    """A file from a hand-written header (for malformed cases): length prefix, header, data."""
    text = header if isinstance(header, bytes) else header_json(header)
    if pad:
        text = pad8(text)
    return struct.pack("<Q", len(text)) + text + data


# ---- valid files ----

def all_dtypes():
    f64_specials = [0.0, -0.0, 1.5, -2.25, math.pi, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
                    math.inf, -math.inf, math.nan, -1e-300]
    f32_specials = [0.0, -0.0, 1.0, -3.5, 0.1, 1.4e-45, 1.1754943508222875e-38, 3.4028234663852886e38,
                    math.inf, -math.inf, math.nan, 123456.789]
    f16_specials = [0.0, -0.0, 1.0, -1.5, 0.1, 2.0 ** -24, 2.0 ** -14, 65504.0, math.inf, -math.inf, math.nan,
                    3.140625]
    bf16_bits = [0x0000, 0x8000, 0x0001, 0x0080, 0x7F7F, 0x7F80, 0xFF80, 0x7FC0, 0x3F80, 0x4049, 0x3DCD, 0x80FF]
    return {
        "f64": from_numpy("F64", f64_specials, (3, 4)),
        "f32": from_numpy("F32", f32_specials, (2, 2, 3)),
        "f16": from_numpy("F16", f16_specials, (12,)),
        "bf16": from_uint16_bits("BF16", bf16_bits, (2, 6)),
        "f8_e4m3": from_byte_patterns("F8_E4M3", range(256), (16, 16)),
        "f8_e5m2": from_byte_patterns("F8_E5M2", range(256), (256,)),
        "i64": from_numpy("I64", [-2 ** 63, 2 ** 63 - 1, -1, 0, 1, 2 ** 53 + 1], (6,)),
        "i32": from_numpy("I32", [-2 ** 31, 2 ** 31 - 1, -1, 0, 1, 65536], (2, 3)),
        "i16": from_numpy("I16", [-2 ** 15, 2 ** 15 - 1, -1, 0], (4,)),
        "i8": from_numpy("I8", [-128, 127, -1, 0, 1], (5,)),
        "u64": from_numpy("U64", [0, 1, 2 ** 63, 2 ** 64 - 1], (2, 2)),
        "u32": from_numpy("U32", [0, 1, 2 ** 31, 2 ** 32 - 1], (4,)),
        "u16": from_numpy("U16", [0, 1, 2 ** 15, 2 ** 16 - 1], (1, 4)),
        "u8": from_numpy("U8", [0, 1, 128, 255, 7, 9], (3, 2)),
        "bool": from_numpy("BOOL", [True, False, True], (3, 1)),
    }


def scalars():
    return {
        "pi": from_numpy("F64", [math.pi], ()),
        "half": from_numpy("F32", [0.5], ()),
        "step": from_numpy("I64", [1234567890123], ()),
        "flag": from_numpy("BOOL", [True], ()),
        "scale": from_uint16_bits("BF16", [0x3FC0], ()),
        "byte": from_numpy("U8", [200], ()),
    }


def zero_size():
    return {
        "empty_vector": from_numpy("F32", [], (0,)),
        "empty_middle": from_numpy("F64", [], (2, 0, 3)),
        "empty_square": from_numpy("I8", [], (0, 0)),
        "empty_bool": from_numpy("BOOL", [], (0,)),
        "values": from_numpy("I32", [1, 2, 3], (3,)),
    }


def max_rank():
    return {"rank8": from_numpy("F32", list(range(2 ** 8)), (2,) * 8)}


def unicode_names():
    return {"encoder.層.weight": from_numpy("F16", [1.0, 2.0], (2,)),
            "décodeur/bias ✓": from_numpy("F32", [3.0], (1,)),
            "quote\"and\\backslash": from_numpy("U8", [1, 2, 3], (3,))}


def header_order_differs():
    """Header keys in reverse data order: older writers did this; readers sort by offset."""
    a = from_numpy("F32", [1.0, 2.0], (2,))
    b = from_numpy("I64", [7], (1,))
    header = {"second": {"dtype": "I64", "shape": [1], "data_offsets": [8, 16]},
              "first": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}
    return assemble(header, a.data + b.data)


def unpadded_header():
    """No space padding: the data buffer starts at an odd file offset and every tensor is unaligned."""
    u8 = from_numpy("U8", [1, 2, 3], (3,))
    f64 = from_numpy("F64", [1.25, -8.5], (2,))
    f32 = from_numpy("F32", [0.75], (1,))
    header = {"bytes": {"dtype": "U8", "shape": [3], "data_offsets": [0, 3]},
              "doubles": {"dtype": "F64", "shape": [2], "data_offsets": [3, 19]},
              "float": {"dtype": "F32", "shape": [1], "data_offsets": [19, 23]}}
    text = header_json(header)
    if len(text) % 2 == 0:
        text += b" "  # one space keeps it valid and makes the data start odd
    return assemble(text, u8.data + f64.data + f32.data, pad=False), {"bytes": u8, "doubles": f64, "float": f32}


def describe(path, tensors):
    """The expected.json entry of a valid file: what the independent reader reports, checked against the input."""
    report = safetensors_read.read(path)
    assert report["tensors"].keys() == tensors.keys(), path
    for name, tensor in tensors.items():
        entry = report["tensors"][name]
        assert (entry["dtype"], entry["shape"]) == (tensor.dtype, tensor.shape), name
        assert entry["sha256"] == hashlib.sha256(tensor.data).hexdigest(), name
    return report


def valid_files():
    files = {}
    cases = {
        "all_dtypes": (all_dtypes(), {"format": "pt", "note": "ünïcode ✓ \"quoted\"", "empty": ""}),
        "scalars": (scalars(), None),
        "zero_size": (zero_size(), {"why": "zero-size tensors share offsets"}),
        "max_rank": (max_rank(), None),
        "unicode_names": (unicode_names(), None),
        "metadata_only": ({}, {"only": "metadata"}),
        "empty": ({}, None),
    }
    for name, (tensors, metadata) in cases.items():
        files[name] = (serialize(tensors, metadata), tensors)
    order = {"first": from_numpy("F32", [1.0, 2.0], (2,)), "second": from_numpy("I64", [7], (1,))}
    files["header_order_differs"] = (header_order_differs(), order)
    files["unpadded_header"] = unpadded_header()
    return files


# ---- malformed files: each breaks exactly one rule of the format ----

def entry(dtype, shape, begin, end):
    return {"dtype": dtype, "shape": shape, "data_offsets": [begin, end]}


def data_start(file_bytes):
    return 8 + struct.unpack("<Q", file_bytes[:8])[0]


def offset_of(file_bytes, text, start=9):
    """File offset of `text` in the header, searching from `start` (9 skips the opening brace)."""
    return "offset " + str(file_bytes.index(text, start))


def malformed_files():
    """name -> (rule, bytes, exception, exit code, texts the message must contain)."""
    eight = bytes(range(8))
    good = {"w": entry("F32", [2], 0, 8)}
    corrupt, unsupported = ("CorruptModelException", 4), ("UnsupportedModelException", 5)
    cases = {}

    def add(name, rule, file_bytes, mentions, error=corrupt):
        cases[name] = (rule, file_bytes, error[0], error[1], mentions)

    add("header_too_large", "header length over the 100 MB limit",
        struct.pack("<Q", 100_000_001) + b"{}" + b" " * 6, ["offset 0", "100000001"])
    add("header_length_huge", "header length with the top bit set (negative as a signed 64-bit value)",
        struct.pack("<Q", 2 ** 64 - 1) + b"{}" + b" " * 6, ["offset 0", "18446744073709551615"])
    add("header_past_eof", "header length points past the end of the file",
        struct.pack("<Q", 4096) + header_json(good) + eight, ["offset 0", "4096"])
    add("too_short", "shorter than the 8-byte length prefix", b"\x10\x00\x00\x00", ["4 bytes"])
    add("not_brace", "header does not start with '{'", assemble(b"[\"w\",1]", b""), ["offset 8", "'{'"])
    add("leading_space", "header starts with a space, not '{'", assemble(b" " + header_json(good), eight),
        ["offset 8", "'{'"])
    add("invalid_utf8", "header is not valid UTF-8",
        assemble(b'{"w\xff":' + header_json(good["w"]) + b"}", eight), ["offset 8", "UTF-8"])
    invalid_json = assemble(b'{"w":{"dtype":"F32",}}', eight)
    add("invalid_json", "header is not JSON", invalid_json, [offset_of(invalid_json, b"}")])
    duplicate_key = assemble(b'{"w":' + header_json(entry("F32", [1], 0, 4)) + b',"w":'
                             + header_json(entry("F32", [1], 4, 8)) + b"}", eight)
    add("duplicate_key", "the same tensor name twice", duplicate_key,
        ["duplicate", "\"w\"", offset_of(duplicate_key, b'"w"', 10)])
    duplicate_field = assemble(b'{"w":{"dtype":"F32","dtype":"I32","shape":[2],"data_offsets":[0,8]}}', eight)
    add("duplicate_entry_field", "an entry with dtype twice", duplicate_field,
        ["duplicate", "\"dtype\"", offset_of(duplicate_field, b'"dtype"', 20)])
    add("unknown_dtype", "a dtype no specification defines", assemble({"w": entry("F128", [1], 0, 8)}, eight),
        ["tensor \"w\"", "F128"])
    add("dtype_c64", "complex64: valid safetensors that Brine does not read",
        assemble({"w": entry("C64", [1], 0, 8)}, eight), ["tensor \"w\"", "C64"], unsupported)
    add("dtype_not_string", "dtype is a number", assemble({"w": entry(4, [2], 0, 8)}, eight), ["tensor \"w\""])
    add("shape_size_mismatch", "shape x element size differs from the byte range",
        assemble({"w": entry("F32", [3], 0, 8)}, eight), ["tensor \"w\"", "12", "[0, 8]"])
    add("shape_overflow", "shape whose element count overflows 64 bits",
        assemble({"w": entry("F32", [2 ** 32, 2 ** 32, 2 ** 32], 0, 8)}, eight), ["tensor \"w\"", "overflow"])
    add("negative_dimension", "a negative dimension", assemble({"w": entry("F32", [-2], 0, 8)}, eight),
        ["tensor \"w\"", "shape"])
    add("fractional_dimension", "a dimension that is not an integer",
        assemble({"w": entry("F32", [2.0], 0, 8)}, eight), ["tensor \"w\"", "shape"])
    add("rank_over_limit", "rank 9, over Limits.maxRank = 8",
        assemble({"w": entry("F32", [1] * 9, 0, 4)}, eight[:4]), ["tensor \"w\"", "rank", "maxRank"])
    overlap = assemble({"a": entry("F32", [2], 0, 8), "b": entry("F32", [2], 4, 12)}, eight + eight[:4])
    add("overlap", "two tensors share bytes", overlap,
        ["tensor \"b\"", "overlaps", "begin at 4", "file offset " + str(data_start(overlap) + 4)])
    gap = assemble({"a": entry("F32", [2], 0, 8), "b": entry("F32", [2], 12, 20)}, eight + eight[:4] + eight)
    add("gap", "bytes between two tensors belong to none", gap,
        ["tensor \"b\"", "gap", "begin at 12", "file offset " + str(data_start(gap) + 12)])
    gap_at_start = assemble({"a": entry("F32", [2], 8, 16)}, eight + eight)
    add("gap_at_start", "the first tensor does not start at data offset 0", gap_at_start,
        ["tensor \"a\"", "gap", "begin at 8", "file offset " + str(data_start(gap_at_start) + 8)])
    add("trailing_bytes", "bytes after the last tensor", assemble(good, eight + b"\x00\x00\x00\x00"),
        ["trailing", "data offset 8"])
    add("truncated_data", "the data buffer is shorter than the offsets say", assemble(good, eight[:5]),
        ["truncated", "data offset"])
    add("end_before_begin", "data_offsets end before they begin",
        assemble({"w": entry("F32", [0], 8, 0)}, eight), ["tensor \"w\"", "[8, 0]"])
    add("offsets_arity", "data_offsets with one number", assemble({"w": {"dtype": "F32", "shape": [2],
                                                                          "data_offsets": [8]}}, eight),
        ["tensor \"w\"", "data_offsets"])
    add("negative_offset", "a negative data offset",
        assemble({"w": entry("F32", [2], -8, 0)}, eight), ["tensor \"w\"", "data_offsets", "-8"])
    add("offset_over_64_bits", "a data offset that does not fit in 64 bits",
        assemble({"w": entry("F32", [2], 2 ** 64, 2 ** 64 + 8)}, eight), ["tensor \"w\"", "18446744073709551616"])
    add("offset_past_end", "a huge data offset inside 64 bits, past the end of the data",
        assemble({"w": entry("F32", [2], 2 ** 62, 2 ** 62 + 8)}, eight), ["tensor \"w\"", str(2 ** 62)])
    add("metadata_non_string", "__metadata__ with a number value",
        assemble({"__metadata__": {"epoch": 3}, **good}, eight), ["__metadata__", "epoch"])
    add("metadata_not_object", "__metadata__ is a string",
        assemble({"__metadata__": "v1", **good}, eight), ["__metadata__"])
    add("unknown_entry_key", "an entry with a key other than dtype, shape, data_offsets",
        assemble({"w": {**entry("F32", [2], 0, 8), "offset": 0}}, eight), ["tensor \"w\"", "\"offset\""])
    add("entry_not_object", "a tensor entry that is a number", assemble({"w": 8}, eight), ["tensor \"w\""])
    add("missing_shape", "an entry without shape",
        assemble({"w": {"dtype": "F32", "data_offsets": [0, 8]}}, eight), ["tensor \"w\"", "shape"])
    return cases


def write(path, content):
    with open(path, "wb") as out:
        out.write(content)


def main():
    for folder in ("valid", "malformed"):
        shutil.rmtree(os.path.join(HERE, folder), ignore_errors=True)
        os.makedirs(os.path.join(HERE, folder))
    expected = {}
    for name, (content, tensors) in valid_files().items():
        file_name = name + ".safetensors"
        path = os.path.join(HERE, "valid", file_name)
        write(path, content)
        expected[file_name] = describe(path, tensors)
    refusals = {}
    for name, (rule, content, exception, exit_code, mentions) in malformed_files().items():
        file_name = name + ".safetensors"
        write(os.path.join(HERE, "malformed", file_name), content)
        refusals[file_name] = {"rule": rule, "exception": exception, "exit_code": exit_code, "mentions": mentions}
    with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as out:
        json.dump(expected, out, indent=1, ensure_ascii=False)
        out.write("\n")
    with open(os.path.join(HERE, "malformed.json"), "w", encoding="utf-8") as out:
        json.dump(refusals, out, indent=1, ensure_ascii=False)
        out.write("\n")


if __name__ == "__main__":
    main()
