#!/usr/bin/python3
"""Hostile Python-format inputs for `brine` (issue 12): pickles, joblib, numpy and torch files an attacker could
hand over. Run once with /usr/bin/python3 (Debian's numpy, joblib, torch); it rewrites every file here, cases.tsv
and python-facts.tsv.

A payload opens the file BRINE_CANARY in the current directory for writing (a relative path, nothing else). For
every case this generator asks the real Python loaders (pickle.load, joblib.load, np.load(allow_pickle=True),
torch.load) what they do with the file, each in a throwaway directory and a child process, and records the
outcome in python-facts.tsv: `RAN` when the canary appeared. A case `scan` calls unsafe must have a loader that
RAN it (or say which reading of a polyglot no installed version takes); a case `scan` calls safe must have no
loader that ran anything. The generator stops if a fact contradicts the verdict written for it.
"""
import bz2
import gzip
import io
import lzma
import os
import pickle
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import zipfile
import zlib
from collections import OrderedDict

import joblib
import lz4.frame
import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
CANARY = "BRINE_CANARY"
MIB = 1 << 20

LOADERS = {
    "pickle": "import pickle,sys\npickle.load(open(sys.argv[1],'rb'))",
    "joblib": "import joblib,sys\njoblib.load(sys.argv[1])",
    "numpy": "import numpy as np,sys\nd=np.load(sys.argv[1],allow_pickle=True)\n"
             "if hasattr(d,'files'):\n    [d[k] for k in d.files]",
    "torch": "import torch,sys\ntorch.load(sys.argv[1])",
}


class Canary:
    """Unpickling it calls open('BRINE_CANARY', 'w'): the file appears exactly when Python ran the payload."""

    def __reduce__(self):
        return (open, (CANARY, "w"))


# The same payload written by hand, protocol 0: io.open('BRINE_CANARY', 'w').
CANARY_P0 = b"cio\nopen\n(VBRINE_CANARY\nVw\ntR."

cases = []  # (file, [(command, exit)], why, loaders, expectation)
facts = []  # (file, loader, outcome)


def case(name, data, checks, why, loaders=(), expect=None):
    """expect: 'ran' (some loader runs the payload), 'clean' (none does), or a sentence why not checked."""
    with open(os.path.join(HERE, name), "wb") as out:
        out.write(data)
    cases.append((name, checks, why, loaders, expect))


# ---------------------------------------------------------------- helpers


def npy_bytes(array):
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=True)
    return buffer.getvalue()


def zip_bytes(members, compression=zipfile.ZIP_STORED):
    """members: (name, bytes) in order, names exactly as given (case kept, duplicates allowed by zipfile)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = compression
            archive.writestr(info, data)
    return buffer.getvalue()


def joblib_bytes(value, compress=0):
    with tempfile.TemporaryDirectory() as work:
        path = os.path.join(work, "x.joblib")
        joblib.dump(value, path, compress=compress)
        return open(path, "rb").read()


def torch_records(value):
    """The records of torch.save(value) (name, bytes), in archive order."""
    buffer = io.BytesIO()
    torch.save(value, buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def tar_bytes(members, fmt=tarfile.USTAR_FORMAT):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=fmt) as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = 0
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def header_blocks(data):
    """Offsets of the header blocks of a tar written by tar_bytes (each member: header, data padded to 512)."""
    offsets, at = [], 0
    while at + 512 <= len(data) and any(data[at:at + 512]):
        offsets.append(at)
        size = int(data[at + 124:at + 136].rstrip(b"\0 ") or b"0", 8)
        at += 512 + (size + 511) // 512 * 512
    return offsets


def rewrite_header(data, at, name=None, v7=False, checksum="octal"):
    """Edits one tar header block: its name field, the ustar magic (v7 drops it), the checksum's spelling."""
    block = bytearray(data[at:at + 512])
    if name is not None:
        assert len(name) <= 100
        block[0:100] = name.ljust(100, b"\0")
    if v7:
        block[257:265] = b"\0" * 8
    block[148:156] = b" " * 8
    total = sum(block)
    if checksum == "octal":
        field = b"%06o\0 " % total
    elif checksum == "0o":
        field = (b"0o%o" % total).ljust(8, b" ")
        assert len(field) == 8
    elif checksum == "base256":
        field = b"\x80" + total.to_bytes(7, "big")
    block[148:156] = field
    return data[:at] + bytes(block) + data[at + 512:]


def torch_tar(payload=pickle.dumps({}, 2), v7=False, checksum="octal", first_name=None):
    """torch's pre-0.4 tar layout with no storages and no tensors, `pickle` holding `payload`."""
    sys_info = pickle.dumps({"protocol_version": 1001, "little_endian": True,
                             "type_sizes": {"short": 2, "int": 4, "long": 8}}, 2)
    members = [("sys_info", sys_info),
               ("storages", pickle.dumps(0, 2) + pickle.dumps([], 2)),
               ("tensors", pickle.dumps(0, 2)),
               ("pickle", payload)]
    if first_name is not None:
        members.insert(0, ("placeholder", b""))
    data = tar_bytes(members)
    for index, at in enumerate(header_blocks(data)):
        name = first_name if first_name is not None and index == 0 else None
        data = rewrite_header(data, at, name=name, v7=v7, checksum=checksum)
    return data


def legacy_pickles(magic_pickle=None, protocol=None, sys_info=b"}.", obj=b"N.", keys=b"]."):
    """The five pickles torch's legacy reader loads (no storages follow)."""
    magic_pickle = magic_pickle or pickle.dumps(0x1950a86a20f9469cfc6c, 2)
    protocol = protocol or pickle.dumps(1001, 2)
    return magic_pickle + protocol + sys_info + obj + keys


def compress(method, data):
    return {"zlib": lambda: zlib.compress(data, 9),
            "gzip": lambda: gzip.compress(data, 9, mtime=0),
            "bz2": lambda: bz2.compress(data, 9),
            "xz": lambda: lzma.compress(data, lzma.FORMAT_XZ),
            "lzma": lambda: lzma.compress(data, lzma.FORMAT_ALONE),
            "lz4": lambda: lz4.frame.compress(data, compression_level=16)}[method]()


def zeros_compressed(method, size):
    """`size` zero bytes compressed in pieces, so the generator never holds them all."""
    piece = b"\0" * (16 * MIB)
    if method in ("zlib", "gzip"):
        wbits = {"zlib": 15, "gzip": 31}[method]
        encoder = zlib.compressobj(9, zlib.DEFLATED, wbits)
        chunks = [encoder.compress(b"\x80\x04\x8e" + struct.pack("<Q", 1 << 40))]
    elif method == "bz2":
        encoder = bz2.BZ2Compressor(9)
        chunks = [encoder.compress(b"\x80\x04\x8e" + struct.pack("<Q", 1 << 40))]
    elif method in ("xz", "lzma"):
        encoder = lzma.LZMACompressor(lzma.FORMAT_XZ if method == "xz" else lzma.FORMAT_ALONE)
        chunks = [encoder.compress(b"\x80\x04\x8e" + struct.pack("<Q", 1 << 40))]
    else:
        encoder = lz4.frame.LZ4FrameCompressor(compression_level=16)
        chunks = [encoder.begin(), encoder.compress(b"\x80\x04\x8e" + struct.pack("<Q", 1 << 40))]
    left = size
    while left > 0:
        chunks.append(encoder.compress(piece[:min(left, len(piece))]))
        left -= len(piece)
    chunks.append(encoder.flush())
    return b"".join(chunks)


def colliding_strings(bits):
    """2^bits distinct strings with one Java String.hashCode: "Aa" and "BB" hash alike."""
    return ["".join("Aa" if (i >> b) & 1 else "BB" for b in range(bits)) for i in range(1 << bits)]


def protocol4(body):
    return b"\x80\x04" + body + b"."


# ---------------------------------------------------------------- 1. objects hidden in structured dtypes

struct_dtypes = {
    "field": [("a", "<f8"), ("b", "O")],
    "nested": [("outer", [("x", "<i4"), ("inner", "O")])],
    "subarray": [("s", "O", (2,))],
}


def struct_array(kind, rows=2):
    values = {"field": (1.0, Canary()), "nested": ((7, Canary()),), "subarray": ([Canary(), 1],)}[kind]
    return np.array([values] * rows, dtype=struct_dtypes[kind])


for kind in struct_dtypes:
    case(f"npy_struct_object_{kind}.npy", npy_bytes(struct_array(kind)), [("scan", 3)],
         f"structured dtype with an object {kind}: kind V, but dtype.hasobject, so np.save pickled the array",
         ["numpy"], "ran")
big_endian = np.array([[(1.0, Canary())] * 2] * 2, dtype=[("a", ">f8"), ("b", "O")], order="F")
case("npy_struct_object_bigendian_fortran.npy", npy_bytes(big_endian), [("scan", 3)],
     "big-endian, Fortran-order structured array with an object field", ["numpy"], "ran")
case("npz_struct_object.npz", zip_bytes([("w.npy", npy_bytes(struct_array("field")))]), [("scan", 3)],
     "an .npz member whose structured dtype has an object field", ["numpy"], "ran")
case("npz_struct_object_deflated.npz",
     zip_bytes([("w.npy", npy_bytes(struct_array("nested")))], zipfile.ZIP_DEFLATED), [("scan", 3)],
     "a deflated .npz member with a nested object field", ["numpy"], "ran")
case("npz_member_without_suffix.npz",
     zip_bytes([("a.npy", npy_bytes(np.arange(3.0))), ("weights", npy_bytes(struct_array("field")))]),
     [("scan", 3)], "np.load reads any member with the .npy magic: this one is named 'weights', no .npy suffix",
     ["numpy"], "ran")
case("npz_member_upper_suffix.npz", zip_bytes([("W.NPY", npy_bytes(np.array([Canary()], dtype=object)))]),
     [("scan", 3)], "an object array in a member named W.NPY (suffix in capitals)", ["numpy"], "ran")
case("npz_second_member_object.npz",
     zip_bytes([("a.npy", npy_bytes(np.arange(3.0))), ("b.npy", npy_bytes(np.array([Canary()], dtype=object)))]),
     [("scan", 3)], "a numeric member first, an object array second: every member is scanned", ["numpy"], "ran")
for method in ("zlib", "gzip", "bz2", "xz", "lzma", "lz4"):
    case(f"joblib_struct_object_{method}.joblib", joblib_bytes(struct_array("field"), (method, 3)), [("scan", 3)],
         f"joblib ({method}) pickles an array whose dtype.hasobject as a nested pickle", ["joblib"], "ran")
case("joblib_struct_object.joblib", joblib_bytes(struct_array("field")), [("scan", 3), ("inspect", 3)],
     "joblib, uncompressed: the nested pickle would otherwise be skipped as raw array bytes", ["joblib"], "ran")
case("joblib_struct_object_nested.joblib", joblib_bytes(struct_array("nested")), [("scan", 3)],
     "joblib: an object inside a nested structured field", ["joblib"], "ran")
case("joblib_struct_object_subarray.joblib", joblib_bytes(struct_array("subarray")), [("scan", 3)],
     "joblib: a subarray field of objects", ["joblib"], "ran")
case("joblib_struct_object_in_dict.joblib",
     joblib_bytes({"w": np.ones(3), "meta": struct_array("field"), "b": np.zeros(2)}), [("scan", 3)],
     "joblib: the object-field array is the second of three", ["joblib"], "ran")
case("pickle_struct_object.pkl", pickle.dumps(struct_array("field"), 4), [("scan", 3)],
     "a plain pickle of a structured array with an object field", ["pickle"], "ran")
case("npy_struct_numeric.npy", npy_bytes(np.zeros(3, dtype=[("a", "<f8"), ("b", "<i4", (2,))])), [("scan", 0)],
     "control: a structured dtype without objects is raw bytes, nothing to unpickle", ["numpy"], "clean")
case("joblib_struct_numeric.joblib", joblib_bytes(np.zeros(3, dtype=[("a", "<f8"), ("b", "<i4")])), [("scan", 0)],
     "control: joblib with a numeric structured array", ["joblib"], "clean")

# ---------------------------------------------------------------- 2. torch records under other spellings

state = OrderedDict(weight=torch.arange(4.0).reshape(2, 2), bias=torch.zeros(2))
records = torch_records(state)
malicious_pkl = pickle.dumps(Canary(), 2)


def respelled(spellings, payload_at=None):
    """torch.save's records with data.pkl replaced by the given spellings; payload_at gets the payload."""
    out = []
    for name, data in records:
        if name.endswith("/data.pkl"):
            for index, spelling in enumerate(spellings):
                out.append((spelling, malicious_pkl if index == payload_at else data))
        else:
            out.append((name, data))
    return out


case("torch_data_pkl_upper.pt", zip_bytes(respelled(["archive/DATA.PKL"], 0)), [("scan", 3), ("inspect", 3)],
     "data.pkl spelled DATA.PKL: torch's ZIP reader ignores case", ["torch"], "ran")
case("torch_data_pkl_mixed_deflated.pt", zip_bytes(respelled(["archive/DaTa.PkL"], 0), zipfile.ZIP_DEFLATED),
     [("scan", 3)], "DaTa.PkL, deflated", ["torch"], "ran")
case("torch_two_spellings_payload_second.pt",
     zip_bytes(respelled(["archive/data.pkl", "archive/DATA.pkl"], 1)), [("scan", 3), ("inspect", 3)],
     "an honest data.pkl, then the payload as DATA.pkl: which one torch reads depends on the version",
     ["torch"], "ran")
case("torch_two_spellings_payload_first.pt",
     zip_bytes(respelled(["archive/Data.pkl", "archive/data.pkl"], 0)), [("scan", 3), ("inspect", 3)],
     "the payload as Data.pkl before the honest data.pkl", ["torch"],
     "ambiguous: torch 1.13 reads the later of the two spellings here; which one miniz finds depends on the"
     " archive's order and the version, so the payload is one reorder away")
case("torch_constants_pkl_upper.pt", zip_bytes(records + [("archive/CONSTANTS.PKL", malicious_pkl)]),
     [("scan", 3)], "a CONSTANTS.PKL record beside an honest data.pkl: every .pkl in any case is scanned",
     ["torch"], "a TorchScript record; torch 1.13's torch.load does not unpickle it, older jit loaders would")
case("torch_honest.pt", zip_bytes(records), [("scan", 0), ("inspect", 0)], "control: torch.save of a state dict",
     ["torch"], "clean")

# ---------------------------------------------------------------- 3. polyglots and the tar-before-legacy order

legacy_head = legacy_pickles()
case("legacy_tar_polyglot.pt", torch_tar(malicious_pkl, first_name=legacy_head), [("scan", 3), ("inspect", 3)],
     "starts with the legacy pickles (None) and is a tar whose `pickle` runs: torch.load tries the tar first",
     ["torch"], "ran")
case("legacy_tar_polyglot_v7.pt", torch_tar(malicious_pkl, v7=True, first_name=legacy_head),
     [("scan", 3), ("inspect", 3)], "the same as a v7 tar (no ustar magic; Python's tarfile needs none)",
     ["torch"], "ran")
case("tar_pickle_polyglot.pt", torch_tar(first_name=CANARY_P0), [("scan", 3), ("inspect", 3)],
     "an honest tar to torch.load, a payload to pickle.load and joblib.load (the pickle is the first name field)",
     ["pickle", "joblib", "torch"], "ran")
case("tar_pickle_polyglot_binary.pkl", torch_tar(first_name=pickle.dumps(Canary(), 2)), [("scan", 3)],
     "the same with a protocol 2 pickle in the name field", ["pickle", "joblib"], "ran")
case("tar_v7_payload.pt", torch_tar(malicious_pkl, v7=True), [("scan", 3), ("inspect", 3)],
     "a v7 tar (no ustar magic) whose `pickle` member runs", ["torch"], "ran")
case("tar_checksum_0o.pt", torch_tar(malicious_pkl, v7=True, checksum="0o"), [("scan", 4)],
     "checksums written as 0o-prefixed octal, which int(..., 8) accepts: Python reads the tar (and torch runs its"
     " pickle), Brine's tar reader cannot, so scan says malformed, never safe", ["torch"], "ran")
case("tar_checksum_base256.pt", torch_tar(malicious_pkl, checksum="base256"), [("scan", 4)],
     "checksums in tarfile's base-256 form: read by Python, malformed to Brine, never safe", ["torch"], "ran")
case("tar_honest.pt", torch_tar(), [("scan", 0)], "control: the tar layout with an empty dict", ["torch"], "clean")
case("legacy_magic_protocol0.pt",
     legacy_pickles(magic_pickle=b"L119547037146038801333356L\n.", protocol=b"I1001\n.", obj=CANARY_P0),
     [("scan", 3)], "the legacy magic number as a protocol 0 LONG: torch compares values, not bytes", ["torch"], "ran")
case("legacy_magic_long1.pt",
     legacy_pickles(magic_pickle=protocol4(b"\x8a\x0a" + (0x1950a86a20f9469cfc6c).to_bytes(10, "little")),
                    obj=malicious_pkl), [("scan", 3)], "the magic number as a protocol 4 LONG1", ["torch"], "ran")
case("legacy_payload_in_sys_info.pt", legacy_pickles(sys_info=malicious_pkl), [("scan", 3), ("inspect", 3)],
     "the third legacy pickle (sys_info) runs", ["torch"], "ran")
case("legacy_payload_in_keys.pt", legacy_pickles(keys=malicious_pkl), [("scan", 3), ("inspect", 3)],
     "the fifth legacy pickle (the storage keys) runs", ["torch"], "ran")
case("legacy_honest_none.pt", legacy_pickles(), [("scan", 0)], "control: the legacy pickles of None",
     ["torch"], "clean")


def zip_tar_polyglot():
    """A torch ZIP whose first block is also a v7 tar header: the first record's long name carries its fields."""
    name = bytearray(("archive/" + "p" * 392).encode())
    at = 30  # the name follows the 30-byte local header
    name[100 - at:156 - at] = b"0000644 0000000 0000000 00000000000 00000000000 " + b" " * 8
    name[156 - at] = ord("0")
    name[329 - at:345 - at] = b"0000000 0000000 "  # devmajor, devminor: tarfile parses them as numbers too
    block = zip_bytes([(name.decode(), b"")] + records)[:512]
    name[148 - at:156 - at] = b"%07o " % sum(block)
    data = zip_bytes([(name.decode(), b"")] + records)
    assert tarfile.is_tarfile(io.BytesIO(data)) and zipfile.is_zipfile(io.BytesIO(data))
    return data


case("zip_tar_polyglot.pt", zip_tar_polyglot(), [("scan", 3), ("inspect", 3)],
     "a torch ZIP that Python's tarfile also opens (torch before 1.6 tried tar first)", ["torch"],
     "polyglot: torch 1.13 reads the ZIP (clean); tarfile opens it too, which torch before 1.6 tried first")
appended = pickle.dumps({"a": 1}, 2) + zip_bytes(respelled(["archive/data.pkl"], 0))
case("pickle_then_zip.pkl", appended, [("scan", 3)],
     "a pickle with a ZIP appended: pickle.load reads the pickle, zipfile the archive (with a payload)",
     ["pickle", "torch"],
     "polyglot: pickle.load reads the honest pickle; zipfile.ZipFile finds the archive and its payload")

# ---------------------------------------------------------------- 4. decompression bombs

bomb_sizes = {"zlib": 160 * MIB, "gzip": 160 * MIB, "bz2": 2048 * MIB, "xz": 512 * MIB, "lzma": 512 * MIB,
              "lz4": 140 * MIB}
for method, size in bomb_sizes.items():
    case(f"bomb_{method}.joblib", zeros_compressed(method, size), [("scan", 4), ("inspect", 4)],
         f"{method} stream of {size // MIB} MiB (a BINBYTES8 of 2^40 bytes, then zeros): a decompression bomb",
         [], "not loaded in Python (it would decompress everything)")
deflate_bomb = zlib.compressobj(9, zlib.DEFLATED, -15)
bomb_body = deflate_bomb.compress(b"\0" * (200 * MIB)) + deflate_bomb.flush()


def npz_with_deflated(name, body, declared_size, crc):
    """A one-member ZIP whose member is raw deflate `body` and whose headers declare `declared_size`."""
    name_bytes = name.encode()
    local = struct.pack("<IHHHHHIIIHH", 0x04034b50, 20, 0, 8, 0, 0x21, crc, len(body), declared_size,
                        len(name_bytes), 0) + name_bytes
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014b50, 20, 20, 0, 8, 0, 0x21, crc, len(body), declared_size,
                          len(name_bytes), 0, 0, 0, 0, 0, 0) + name_bytes
    end = struct.pack("<IHHHHIIH", 0x06054b50, 0, 0, 1, 1, len(central), len(local) + len(body), 0)
    return local + body + central + end


zero_crc = zlib.crc32(b"\0" * (200 * MIB))
case("npz_deflate_bomb.npz", npz_with_deflated("w.npy", bomb_body, 200 * MIB, zero_crc),
     [("scan", 4)], "an .npz member inflating to 200 MiB", [], "not loaded in Python")
case("npz_declares_3gib.npz", npz_with_deflated("w.npy", zlib.compress(b"x")[2:-4], 3 << 30, 0),
     [("scan", 4)], "a tiny member whose headers declare 3 GiB uncompressed", [],
     "not loaded in Python")
case("torch_data_pkl_bomb.pt", npz_with_deflated("archive/data.pkl", bomb_body, 200 * MIB, zero_crc),
     [("scan", 4), ("inspect", 4)], "a torch data.pkl record inflating to 200 MiB", [], "not loaded in Python")

# ---------------------------------------------------------------- 5. pickle work: nesting, memo, stack, sizes

case("mark_nesting.pkl", b"(" * 100_000, [("scan", 4)], "100 000 nested MARKs", ["pickle"], None)
case("tuple1_nesting.pkl", protocol4(b"N" + b"\x85" * 100_000), [("scan", 4)],
     "TUPLE1 applied 100 000 times: tuples nested without any MARK", [], "not loaded in Python (deep recursion)")
case("frozenset_nesting.pkl", protocol4(b"(" * 5000 + b"\x91" * 5000), [("scan", 4)],
     "frozensets nested 5000 deep", [], "not loaded in Python (deep recursion)")
case("list_nesting.pkl", protocol4(b"(]" * 10_000), [("scan", 4)],
     "10 000 MARKs each opening a list", [], "not checked")
memo_bomb = zlib.compress(protocol4(b"N" + b"\x94" * (20 * MIB)), 9)
case("memo_bomb.joblib", memo_bomb, [("scan", 4), ("inspect", 4)],
     "20 million MEMOIZE opcodes (zlib-compressed joblib): memo entries past the memory budget", [],
     "not loaded in Python")
stack_bomb = lzma.compress(protocol4(b"N" + b"2" * (100 * MIB)), lzma.FORMAT_XZ)
case("stack_bomb.joblib", stack_bomb, [("scan", 4), ("inspect", 4)],
     "100 million DUPs (xz-compressed joblib): the stack outgrows the memory budget", [], "not loaded in Python")
append_bomb = zlib.compress(protocol4(b"]" + b"Ka" * (40 * MIB)), 9)
case("append_bomb.joblib", append_bomb, [("scan", 4), ("inspect", 4)],
     "40 million APPENDs of small ints to one list", [], "not loaded in Python")
case("binbytes8_huge.pkl", protocol4(b"\x8e" + struct.pack("<Q", 1 << 62)), [("scan", 4)],
     "BINBYTES8 declaring 2^62 bytes", ["pickle"], None)
case("binunicode8_huge.pkl", protocol4(b"\x8d" + struct.pack("<Q", (1 << 64) - 1)), [("scan", 4)],
     "BINUNICODE8 declaring 2^64-1 bytes", ["pickle"], None)
case("long4_huge.pkl", protocol4(b"\x8b" + struct.pack("<i", 0x7fffffff)), [("scan", 4)],
     "LONG4 declaring a 2 GiB integer", ["pickle"], None)
case("int_5000_digits.pkl", b"I" + b"9" * 5000 + b"\n.", [("scan", 4)],
     "a 5000-digit decimal INT (CPython refuses more than 4300 digits)", ["pickle"], None)
case("frame_past_end.pkl", b"\x80\x04\x95" + struct.pack("<Q", 1 << 40) + b"N.", [("scan", 4)],
     "a FRAME longer than the file", ["pickle"], None)
case("memo_get_unset.pkl", protocol4(b"h\x05"), [("scan", 4)], "BINGET of a memo entry never written",
     ["pickle"], None)
case("nested_pickle_depth.joblib",
     b"".join([b"\x80\x02cjoblib.numpy_pickle\nNumpyArrayWrapper\n)\x81}(U\x05dtypecnumpy\ndtype\nU\x02O8K\x00K\x01"
               b"\x87R(K\x03U\x01|NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK?tbU\x05shapeK\x01\x85U\x05orderU\x01Cub"]
              * 400) + b"N." + b"." * 400, [("scan", 4)],
     "joblib object-array wrappers each followed by another nested pickle, 400 deep", [], "not checked")

# ---------------------------------------------------------------- 6. hash floods (safe files that must stay fast)


def dict_of(keys):
    return protocol4(b"}(" + b"".join(keys) + b"u")


def str_op(text):
    raw = text.encode()
    return b"\x8c" + bytes([len(raw)]) + raw


strings = colliding_strings(16)
case("flood_dict_str.joblib", bz2.compress(dict_of(str_op(s) + b"N" for s in strings), 9), [("scan", 0)],
     "65 536 str keys with one Java String.hashCode", ["joblib"], "clean")
case("flood_set_str.joblib", bz2.compress(protocol4(b"\x8f(" + b"".join(str_op(s) for s in strings) + b"\x90"), 9),
     [("scan", 0)], "65 536 colliding str in a set", ["joblib"], "clean")
case("flood_frozenset_str.joblib",
     bz2.compress(protocol4(b"(" + b"".join(str_op(s) for s in strings) + b"\x91"), 9), [("scan", 0)],
     "65 536 colliding str in a frozenset", ["joblib"], "clean")
case("flood_dict_tuple.joblib", bz2.compress(dict_of(str_op(s) + b"\x85N" for s in strings), 9), [("scan", 0)],
     "65 536 one-tuples of colliding str as keys", ["joblib"], "clean")
case("flood_dict_bytes.joblib",
     bz2.compress(dict_of(b"C" + bytes([len(s)]) + s.encode() + b"N" for s in strings), 9), [("scan", 0)],
     "65 536 bytes keys with one 31-polynomial hash", ["joblib"], "clean")
int_keys = [((a << 32) | ((0x5bd1e995 - 31 * a) & 0xffffffff)) for a in range(1, 65_537)]
case("flood_dict_int.joblib",
     bz2.compress(dict_of(b"\x8a\x09" + k.to_bytes(9, "little") + b"N" for k in int_keys), 9), [("scan", 0)],
     "65 536 ints with one Java BigInteger.hashCode", ["joblib"], "clean")
case("flood_dict_float.joblib",
     bz2.compress(dict_of(b"G" + struct.pack(">Q", (x << 32) | x) + b"N" for x in range(1, 65_537)), 9),
     [("scan", 0)], "65 536 floats with one Java Double.hashCode (bits ^ bits >>> 32 = 0)", ["joblib"],
     "clean")

# ---------------------------------------------------------------- 7. shared-reference graphs (2^60 paths)


def dag(depth, leaf, pair):
    """leaf, then `depth` levels each naming the level below twice through the memo."""
    body = leaf + b"\x94"
    for level in range(depth):
        body += pair(level) + b"\x94"
    return protocol4(body)


lists = dag(60, b"]", lambda level: b"(" + b"h" + bytes([level]) + b"h" + bytes([level]) + b"l")
case("dag_lists.pkl", lists, [("scan", 0)], "60 levels of lists holding the level below twice: 2^60 paths",
     ["pickle", "joblib"], "clean")
dicts = dag(60, b"}", lambda level: b"}(\x8c\x01ah" + bytes([level]) + b"\x8c\x01bh" + bytes([level]) + b"u")
case("dag_dicts.pkl", dicts, [("scan", 0)], "60 levels of dicts {'a': below, 'b': below}", ["pickle", "joblib"],
     "clean")
tuples = dag(60, b")", lambda level: b"h" + bytes([level]) + b"h" + bytes([level]) + b"\x86")
# T60 is memo entry 60 (0x3c): a dict {T60: None} after it.
case("dag_tuple_key.pkl", tuples[:-1] + b"}h\x3cNs.", [("scan", 0)],
     "a dict keyed by a tuple DAG 60 deep (CPython does not cache tuple hashes: it hashes 2^60 times)", ["pickle"],
     "clean")
twin_a = dag(40, b")", lambda level: b"h" + bytes([level]) + b"h" + bytes([level]) + b"\x86")[2:-1]
twin_b = dag(40, b")", lambda level: b"h" + bytes([41 + level]) + b"h" + bytes([41 + level]) + b"\x86")[2:-1]
case("dag_equal_tuple_keys.pkl", b"\x80\x04" + twin_a + twin_b + b"}(h\x28K\x01h\x51K\x02u.", [("scan", 0)],
     "two tuple DAGs 40 deep, built apart, equal, as keys of one dict: comparing them path by path is 2^40",
     ["pickle"], "clean")
frozen = dag(60, b"(\x91", lambda level: b"(h" + bytes([level]) + b"h" + bytes([level]) + b"\x85\x91")
case("dag_frozensets.pkl", frozen, [("scan", 0)], "frozensets {X, (X,)} 60 deep: hashing without a cache is 2^60",
     ["pickle", "joblib"], "clean")
tensor_leaf = (b"ctorch._utils\n_rebuild_tensor_v2\n((X\x07\x00\x00\x00storagectorch\nFloatStorage\n"
               b"X\x01\x00\x00\x000X\x03\x00\x00\x00cpuK\x01tQK\x00(K\x01t(K\x01t\x89"
               b"ccollections\nOrderedDict\n)RtR")
state_dag = dag(60, tensor_leaf, lambda level: b"\x8c\x0bcollections\x8c\x0bOrderedDict\x93)R(\x8c\x01ah"
                + bytes([level]) + b"\x8c\x01bh" + bytes([level]) + b"u")
case("dag_state_dict.pt", zip_bytes([("archive/data.pkl", state_dag), ("archive/data/0", b"\0" * 4),
                                     ("archive/version", b"3\n")]),
     [("scan", 0), ("inspect", 6)], "a torch state dict of OrderedDicts sharing the level below, 60 deep, one tensor"
     " at the bottom: 2^60 paths, each container walked once; a checkpoint without a state-dict key is exit 6", ["torch"], "clean")

# ---------------------------------------------------------------- 8. huge declared sizes and views

npy_header = lambda text: b"\x93NUMPY\x01\x00" + struct.pack("<H", len(text)) + text
case("npy_shape_2pow40.npy", npy_header(b"{'descr': '<f8', 'fortran_order': False, 'shape': (1099511627776,), }\n"),
     [("scan", 0)], "an .npy declaring 2^40 doubles with no data (nothing to unpickle)", ["numpy"], "clean")
case("npy_shape_overflow.npy",
     npy_header(b"{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 8), }\n"),
     [("scan", 4)], "an .npy whose shape overflows 64 bits", ["numpy"], "clean")
case("npy_header_length_4g.npy", b"\x93NUMPY\x02\x00" + struct.pack("<I", 0xffffffff) + b"{",
     [("scan", 4)], "a version 2 header declaring 4 GiB", ["numpy"], "clean")


def torch_zip(pickled):
    return zip_bytes([("archive/data.pkl", pickled), ("archive/data/0", b"\0" * 4), ("archive/version", b"3\n")])


def rebuild(size, stride, numel=1):
    """A state dict {'t': tensor} on storage '0' of `numel` floats, with the given size and stride."""
    return (b"\x80\x02ccollections\nOrderedDict\n)R(X\x01\x00\x00\x00tctorch._utils\n_rebuild_tensor_v2\n("
            + b"(X\x07\x00\x00\x00storagectorch\nFloatStorage\nX\x01\x00\x00\x000X\x03\x00\x00\x00cpu"
            + b"\x8a\x08" + struct.pack("<q", numel) + b"tQK\x00"
            + b"(" + b"".join(b"\x8a\x08" + struct.pack("<q", n) for n in size) + b"t"
            + b"(" + b"".join(b"\x8a\x08" + struct.pack("<q", n) for n in stride) + b"t"
            + b"\x89ccollections\nOrderedDict\n)RtRu.")


case("torch_storage_2pow47.pt", torch_zip(rebuild((1 << 47,), (1,), 1 << 47)), [("scan", 0), ("inspect", 4)],
     "a storage declaring 2^47 floats backed by a 4-byte record", ["torch"], "clean")
case("torch_zero_stride.pt", torch_zip(rebuild((1 << 17, 1 << 17), (0, 0))), [("scan", 0), ("inspect", 4)],
     "a 2^17 x 2^17 view with zero strides of one float: 64 GiB to materialize from 4 bytes", ["torch"], "clean")
many_views = (b"\x80\x02ccollections\nOrderedDict\n)R("
              + b"".join(b"X\x02\x00\x00\x00" + b"%02d" % i + b"ctorch._utils\n_rebuild_tensor_v2\n("
                         + b"(X\x07\x00\x00\x00storagectorch\nFloatStorage\nX\x01\x00\x00\x000X\x03\x00\x00\x00cpu"
                         + b"K\x01tQK\x00(J\x00\x00\x80\x00t(K\x00t\x89ccollections\nOrderedDict\n)RtR"
                         for i in range(64)) + b"u.")
case("torch_many_zero_stride_views.pt", torch_zip(many_views), [("scan", 0), ("inspect", 4)],
     "64 views of 2^23 floats, each with stride 0 over one float: 32 MiB each, 2 GiB to materialize in all",
     ["torch"],
     "clean")


# ---------------------------------------------------------------- facts and cases.tsv


def run_loader(name, loader):
    if name in KNOWN:  # BRINE_REUSE_FACTS=1: the outcomes recorded by the last full run
        outcome = KNOWN[name][loader]
        return outcome, outcome.startswith("RAN")
    with tempfile.TemporaryDirectory() as work:
        shutil.copy(os.path.join(HERE, name), os.path.join(work, name))
        try:
            done = subprocess.run([sys.executable, "-c", LOADERS[loader], name], cwd=work, capture_output=True,
                                  timeout=60, text=True)
            detail = "returned" if done.returncode == 0 else "error: " + (done.stderr.strip().splitlines() or ["?"])[-1]
        except subprocess.TimeoutExpired:
            detail = "still running after 60 s"
        ran = os.path.exists(os.path.join(work, CANARY))
    return ("RAN the payload (canary created); " if ran else "nothing ran; ") + detail[:160], ran


KNOWN = {}
if os.environ.get("BRINE_REUSE_FACTS") == "1":
    for row in open(os.path.join(HERE, "python-facts.tsv")).read().splitlines()[1:]:
        file, loader, outcome = row.split("\t")
        KNOWN.setdefault(file, {})[loader] = outcome
lines = ["file\tcommand\texit\twhy"]
for name, checks, why, loaders, expect in cases:
    outcomes = []
    for loader in loaders:
        outcome, ran = run_loader(name, loader)
        facts.append((name, loader, outcome))
        outcomes.append((loader, ran))
    verdict = dict(checks).get("scan")
    ran_any = any(ran for _, ran in outcomes)
    if expect == "ran" and not ran_any:
        sys.exit(f"{name}: no Python loader ran the payload: {facts[-len(loaders):]}")
    if expect == "clean" and ran_any:
        sys.exit(f"{name}: a Python loader ran something: {facts[-len(loaders):]}")
    if verdict == 0 and ran_any:
        sys.exit(f"{name}: scan would say safe, but Python ran it")
    if verdict == 3 and expect not in ("ran",) and not (isinstance(expect, str) and expect.startswith(("polyglot", "a Torch", "ambiguous"))):
        sys.exit(f"{name}: unsafe without a loader that runs it")
    python = ("python: " + ", ".join(f"{loader} {'RAN' if ran else 'ran nothing'}" for loader, ran in outcomes)
              if outcomes else "python: " + (expect or "not loaded"))
    if isinstance(expect, str) and expect not in ("ran", "clean") and outcomes:
        python += " (" + expect + ")"
    for command, code in checks:
        lines.append(f"{name}\t{command}\t{code}\t{why}; {python}")
with open(os.path.join(HERE, "cases.tsv"), "w") as out:
    out.write("\n".join(lines) + "\n")
with open(os.path.join(HERE, "python-facts.tsv"), "w") as out:
    out.write("file\tloader\toutcome\n")
    out.write("".join(f"{f}\t{l}\t{o}\n" for f, l, o in facts))
print(f"{len(cases)} files, {len(lines) - 1} cases; numpy {np.__version__}, joblib {joblib.__version__},"
      f" torch {torch.__version__}")
