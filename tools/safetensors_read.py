#!/usr/bin/python3
"""An independent safetensors / .brine reader, written from the specification, not from Brine's code.

    /usr/bin/python3 tools/safetensors_read.py FILE            # JSON report on stdout
    /usr/bin/python3 tools/safetensors_read.py FILE --values   # ... with every element's value

Specification: https://github.com/huggingface/safetensors#format (and docs/format.md for the .brine manifest).
A file is: an unsigned 64-bit little-endian header length N, N bytes of UTF-8 JSON (optionally space padded),
then the data buffer. The JSON maps tensor names to {"dtype", "shape", "data_offsets": [begin, end]} with offsets
relative to the data buffer, plus an optional "__metadata__" string-to-string map. A .brine file is a safetensors
file whose __metadata__["brine"] holds the manifest JSON, which records each tensor's SHA-256.

The report lists the metadata, each tensor's dtype, shape, offsets, SHA-256 and (with --values) its elements:
floats as exact float.hex text ("NaN", "Infinity", "-Infinity" for the specials, which Java's Double.parseDouble
reads), integers and bools as decimal text. For a .brine file it also says whether every recorded digest matches.
Needs numpy only. Import it to use `read(path)`, which returns the same report as a dict.
"""
import hashlib
import json
import math
import struct
import sys

import numpy as np

MAX_HEADER_BYTES = 100_000_000
ELEMENT_BYTES = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "F8_E4M3": 1, "F8_E5M2": 1, "I64": 8, "I32": 4, "I16": 2,
                 "I8": 1, "U64": 8, "U32": 4, "U16": 2, "U8": 1, "BOOL": 1}
NUMPY_DTYPES = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4", "I16": "<i2", "I8": "i1",
                "U64": "<u8", "U32": "<u4", "U16": "<u2", "U8": "u1", "BOOL": "u1"}
ENTRY_KEYS = {"dtype", "shape", "data_offsets"}


class FormatError(Exception):
    pass


def no_duplicate_keys(pairs):
    keys = [key for key, _ in pairs]
    if len(keys) != len(set(keys)):
        raise FormatError("duplicate key in header JSON")
    return dict(pairs)


def read_header(content):
    if len(content) < 8:
        raise FormatError("shorter than the 8-byte header length")
    length = struct.unpack("<Q", content[:8])[0]
    if length > MAX_HEADER_BYTES or 8 + length > len(content):
        raise FormatError(f"header length {length} is over the limit or past the end of the file")
    text = content[8:8 + length].decode("utf-8")  # raises on invalid UTF-8
    if not text.startswith("{"):
        raise FormatError("header does not start with '{'")
    header = json.loads(text, object_pairs_hook=no_duplicate_keys)
    return length, header


def check_entries(header, data_bytes):
    metadata = header.pop("__metadata__", {})
    if not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values()):
        raise FormatError("__metadata__ must map strings to strings")
    position = 0
    for name, entry in sorted(header.items(), key=lambda item: tuple(item[1]["data_offsets"])):
        if set(entry) != ENTRY_KEYS:
            raise FormatError(f"tensor {name!r}: keys {sorted(entry)}")
        begin, end = entry["data_offsets"]
        count = math.prod(entry["shape"])
        if any(not isinstance(d, int) or d < 0 for d in entry["shape"]):
            raise FormatError(f"tensor {name!r}: bad shape {entry['shape']}")
        if begin != position or end - begin != count * ELEMENT_BYTES[entry["dtype"]]:
            raise FormatError(f"tensor {name!r}: data_offsets {entry['data_offsets']} do not follow at {position}"
                              f" or do not match the shape")
        position = end
    if position != data_bytes:
        raise FormatError(f"tensors cover {position} bytes of a {data_bytes}-byte data buffer")
    return metadata


def decode_minifloat(bits, exponent_bits, mantissa_bits, bias, has_infinity):
    """One 8-bit float from its fields (IEEE-754 style; E4M3 'FN' has no infinities and one NaN per sign)."""
    sign = -1.0 if bits >> (exponent_bits + mantissa_bits) else 1.0
    exponent = (bits >> mantissa_bits) & ((1 << exponent_bits) - 1)
    mantissa = bits & ((1 << mantissa_bits) - 1)
    top = (1 << exponent_bits) - 1
    if exponent == top:
        if has_infinity:
            return sign * math.inf if mantissa == 0 else math.nan
        if mantissa == (1 << mantissa_bits) - 1:
            return math.nan
    if exponent == 0:
        return sign * (mantissa / (1 << mantissa_bits)) * 2.0 ** (1 - bias)
    return sign * (1 + mantissa / (1 << mantissa_bits)) * 2.0 ** (exponent - bias)


def float_text(value):
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return float.hex(value)


def decode_values(dtype, raw):
    """Row-major element values as text: floats exact (float.hex), integers and bools decimal."""
    with np.errstate(invalid="ignore"):  # signalling NaNs widen to quiet NaNs; the SHA-256 keeps their bits
        return decode_elements(dtype, raw)


def decode_elements(dtype, raw):
    if dtype == "BF16":
        floats = (np.frombuffer(raw, dtype="<u2").astype("<u4") << 16).view("<f4").astype(np.float64).tolist()
    elif dtype == "F8_E4M3":
        floats = [decode_minifloat(b, 4, 3, 7, False) for b in raw]
    elif dtype == "F8_E5M2":
        floats = [decode_minifloat(b, 5, 2, 15, True) for b in raw]
    elif dtype in ("F64", "F32", "F16"):
        floats = np.frombuffer(raw, dtype=NUMPY_DTYPES[dtype]).astype(np.float64).tolist()
    else:
        return [str(int(v)) for v in np.frombuffer(raw, dtype=NUMPY_DTYPES[dtype]).tolist()]
    return [float_text(v) for v in floats]


def read(path, values=True):
    with open(path, "rb") as file:
        content = file.read()
    length, header = read_header(content)
    data = content[8 + length:]
    metadata = check_entries(header, len(data))
    tensors = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        raw = data[begin:end]
        tensors[name] = {"dtype": entry["dtype"], "shape": entry["shape"], "data_offsets": [begin, end],
                         "sha256": hashlib.sha256(raw).hexdigest()}
        if values:
            tensors[name]["values"] = decode_values(entry["dtype"], raw)
    report = {"header_bytes": length, "data_bytes": len(data), "metadata": metadata, "tensors": tensors}
    if "brine" in metadata:
        manifest = json.loads(metadata["brine"], object_pairs_hook=no_duplicate_keys)
        recorded = {name: record["sha256"] for name, record in manifest["tensors"].items()}
        report["brine_format_version"] = manifest["format_version"]
        report["brine_digests_match"] = recorded == {name: t["sha256"] for name, t in tensors.items()}
    return report


def main(arguments):
    if not arguments or arguments[0].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    try:
        report = read(arguments[0], values="--values" in arguments)
    except (FormatError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
        print(f"{arguments[0]}: not a valid safetensors file: {error}", file=sys.stderr)
        return 4
    json.dump(report, sys.stdout, indent=1, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
