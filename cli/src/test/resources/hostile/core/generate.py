#!/usr/bin/env python3
"""Hostile safetensors / .brine files for the `core` group of the hostile corpus, and its cases.tsv.

Run from this directory: python3 generate.py. Needs nothing but the standard library. The honest_*.brine files
beside it were written by `brine train` (logistic, tree and mlp on a four-row table) and are the starting point
of the manifest cases; they are cases too (exit 0), so the corpus shows the readers still accept honest files.

Every expected exit code follows docs/format.md: a header or manifest that breaks a rule is corrupt (4), a dtype
or model type Brine does not read is unsupported (5), tensors that do not fit the model's configuration are
incompatible weights (6). The cases only ever ask for bytes, never for code, so
nothing here can create the canary; they test bounded work and clean refusals.
"""
import hashlib
import json
import struct

CASES = []


def case(name, command, exit_code, why, data):
    with open(name, "wb") as f:
        f.write(data)
    CASES.append((name, command, exit_code, why))


def raw(header_bytes, data=b"", pad=True):
    """A safetensors file from raw header bytes (padded with spaces to a multiple of 8) and a data buffer."""
    if pad:
        header_bytes += b" " * ((8 - (8 + len(header_bytes)) % 8) % 8)
    return struct.pack("<Q", len(header_bytes)) + header_bytes + data


def st(header, data=b""):
    return raw(json.dumps(header, separators=(",", ":")).encode(), data)


def f32():
    return {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}


W = struct.pack("<2f", 1.0, -2.0)


def read_brine(path):
    """(header dict, manifest dict, data bytes) of an honest .brine file."""
    with open(path, "rb") as f:
        blob = f.read()
    n = struct.unpack("<Q", blob[:8])[0]
    header = json.loads(blob[8:8 + n])
    return header, json.loads(header["__metadata__"]["brine"]), blob[8 + n:]


def tensors_of(header, data):
    """name -> (dtype, shape, bytes) in file order."""
    out = {}
    for name, entry in header.items():
        if name != "__metadata__":
            begin, end = entry["data_offsets"]
            out[name] = (entry["dtype"], entry["shape"], data[begin:end])
    return out


def write_brine(manifest, tensors, fix_digests=True, manifest_text=None):
    """A .brine file: tensors back to back, digests recomputed unless told otherwise."""
    header, data = {}, b""
    for name, (dtype, shape, payload) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(payload)]}
        data += payload
        if fix_digests and name in manifest.get("tensors", {}):
            manifest["tensors"][name]["sha256"] = hashlib.sha256(payload).hexdigest()
    text = manifest_text if manifest_text is not None else json.dumps(manifest, separators=(",", ":"))
    return st({"__metadata__": {"brine": text}, **header}, data)


def with_brine(base, mutate, fix_digests=True):
    header, manifest, data = read_brine(base)
    tensors = tensors_of(header, data)
    mutate(manifest, tensors)
    return write_brine(manifest, tensors, fix_digests)


# --- the safetensors header -------------------------------------------------------------------------------------
case("honest.safetensors", "inspect", 0, "control: a valid file", st({"w": f32()}, W))
case("empty.safetensors", "inspect", 4, "zero bytes", b"")
case("seven_bytes.safetensors", "inspect", 4, "shorter than the length prefix", b"\x08\x00\x00\x00\x00\x00\x00")
case("header_len_u64max.safetensors", "inspect", 4, "header length 2^64-1 (negative as a signed long)",
     struct.pack("<Q", 2**64 - 1) + b"{}      ")
case("header_len_2pow63.safetensors", "inspect", 4, "header length 2^63", struct.pack("<Q", 2**63) + b"{}      ")
case("header_len_past_eof.safetensors", "inspect", 4, "header length past the end of the file",
     struct.pack("<Q", 4096) + b"{}      ")
case("header_len_over_limit.safetensors", "inspect", 4, "header length 200 MB, over the 100 MB limit",
     struct.pack("<Q", 200_000_000) + b"{}      ")
case("header_len_zero.safetensors", "inspect", 4, "header length 0", struct.pack("<Q", 0))
case("header_not_json.safetensors", "inspect", 4, "header is not JSON", raw(b"\x00\x01garbage{"))
case("header_bad_utf8.safetensors", "inspect", 4, "header is not UTF-8",
     raw(b'{"w\xff\xfe":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}', W))
case("header_overlong_utf8.safetensors", "inspect", 4, "overlong UTF-8 encoding of a quote",
     raw(b'{"w\xc0\xa2:{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}', W))
case("header_array.safetensors", "inspect", 4, "header is a JSON array", raw(b"[]"))
case("header_string.safetensors", "inspect", 4, "header is a JSON string", raw(b'"{}"'))
case("header_bom.safetensors", "inspect", 4, "UTF-8 byte order mark before the object",
     raw(b'\xef\xbb\xbf{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}', W))
case("header_trailing_garbage.safetensors", "inspect", 4, "a second JSON value after the object",
     raw(b'{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}{}', W))
case("header_unterminated.safetensors", "inspect", 4, "object never closed",
     raw(b'{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}', W))
case("header_raw_control_char.safetensors", "inspect", 4, "unescaped control character inside a string",
     raw(b'{"w\x01":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}', W))
case("header_lone_surrogate.safetensors", "inspect", 4, "pending: tensor name with an unpaired surrogate escape (safetensors' serde_json refuses it, Brine reads it)",
     raw(b'{"w\\ud800":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}', W))
case("header_deep_arrays.safetensors", "inspect", 4, "100000 nested arrays in a metadata value",
     raw(b'{"__metadata__":{"a":' + b"[" * 100_000 + b"]" * 100_000 + b"}}"))
case("header_deep_objects.safetensors", "inspect", 4, "100000 nested objects as a tensor entry",
     raw(b'{"w":' + b'{"a":' * 100_000 + b"1" + b"}" * 100_000 + b"}"))
case("header_deep_unclosed.safetensors", "inspect", 4, "200000 opening brackets, never closed",
     raw(b'{"a":' + b"[" * 200_000))
case("duplicate_tensor.safetensors", "inspect", 4, "the same tensor name twice",
     raw(b'{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},'
         b'"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}', W))
case("duplicate_field.safetensors", "inspect", 4, "dtype given twice in one entry",
     raw(b'{"w":{"dtype":"F32","dtype":"F64","shape":[2],"data_offsets":[0,8]}}', W))
case("duplicate_metadata.safetensors", "inspect", 4, "__metadata__ given twice",
     raw(b'{"__metadata__":{},"__metadata__":{},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}', W))
case("metadata_not_string.safetensors", "inspect", 4, "a metadata value that is a number",
     st({"__metadata__": {"a": 1}, "w": f32()}, W))
case("metadata_not_object.safetensors", "inspect", 4, "__metadata__ is an array",
     st({"__metadata__": ["a"], "w": f32()}, W))
case("entry_not_object.safetensors", "inspect", 4, "a tensor entry that is a string", st({"w": "F32"}, W))
case("entry_extra_key.safetensors", "inspect", 4, "a tensor entry with a fourth key",
     st({"w": {**f32(), "evil": "x"}}, W))
case("entry_missing_dtype.safetensors", "inspect", 4, "a tensor entry without dtype",
     st({"w": {"shape": [2], "data_offsets": [0, 8]}}, W))
case("dtype_unknown.safetensors", "inspect", 4, "dtype Q99", st({"w": {**f32(), "dtype": "Q99"}}, W))
case("dtype_number.safetensors", "inspect", 4, "dtype is a number", st({"w": {**f32(), "dtype": 4}}, W))
case("dtype_c64.safetensors", "inspect", 5, "C64: a safetensors dtype Brine does not read",
     st({"w": {"dtype": "C64", "shape": [1], "data_offsets": [0, 8]}}, W))
case("offsets_u64max.safetensors", "inspect", 4, "end offset 2^64-1",
     st({"w": {**f32(), "data_offsets": [0, 2**64 - 1]}}, W))
case("offsets_overflow_pair.safetensors", "inspect", 4, "begin 2^63-4, end 2^63+4: the difference fits, the ends do not",
     st({"w": {**f32(), "data_offsets": [2**63 - 4, 2**63 + 4]}}, W))
case("offsets_reversed.safetensors", "inspect", 4, "end before begin",
     st({"w": {**f32(), "data_offsets": [8, 0]}}, W))
case("offsets_negative.safetensors", "inspect", 4, "negative begin",
     st({"w": {**f32(), "data_offsets": [-8, 0]}}, W))
case("offsets_fraction.safetensors", "inspect", 4, "offsets 0.5 and 8.5",
     raw(b'{"w":{"dtype":"F32","shape":[2],"data_offsets":[0.5,8.5]}}', W))
case("offsets_three.safetensors", "inspect", 4, "three offsets",
     st({"w": {**f32(), "data_offsets": [0, 8, 16]}}, W))
case("offsets_past_eof.safetensors", "inspect", 4, "a 1 TiB tensor in an 80-byte file",
     st({"w": {"dtype": "U8", "shape": [2**40], "data_offsets": [0, 2**40]}}, W))
case("overlap.safetensors", "inspect", 4, "two tensors sharing four bytes",
     st({"a": {**f32(), "data_offsets": [0, 8]}, "b": {**f32(), "data_offsets": [4, 12]}}, W + W[:4]))
case("alias.safetensors", "inspect", 4, "two tensors over the same eight bytes",
     st({"a": f32(), "b": f32()}, W))
case("alias_many.safetensors", "inspect", 4, "5000 tensors over the same eight bytes (materialized 5000 times)",
     st({f"t{i}": f32() for i in range(5_000)}, W))
case("gap.safetensors", "inspect", 4, "eight unreferenced bytes between two tensors",
     st({"a": {**f32(), "data_offsets": [0, 8]}, "b": {**f32(), "data_offsets": [16, 24]}}, W * 3))
case("trailing_bytes.safetensors", "inspect", 4, "bytes after the last tensor", st({"w": f32()}, W + W))
case("not_from_zero.safetensors", "inspect", 4, "the first tensor starts at 8",
     st({"w": {**f32(), "data_offsets": [8, 16]}}, W + W))
case("shape_product_overflow.safetensors", "inspect", 4, "shape 2^32 x 2^32 x 2^32, offsets [0,0]",
     st({"w": {"dtype": "F32", "shape": [2**32] * 3, "data_offsets": [0, 0]}}))
case("shape_product_wraps_zero.safetensors", "inspect", 4, "shape [2^62, 4] of F32: bytes wrap to 0 in 64 bits",
     st({"w": {"dtype": "F32", "shape": [2**62, 4], "data_offsets": [0, 0]}}))
case("shape_negative.safetensors", "inspect", 4, "shape [-1, -8] (product 8)",
     st({"w": {"dtype": "U8", "shape": [-1, -8], "data_offsets": [0, 8]}}, W))
case("shape_huge_exponent.safetensors", "inspect", 4, "a dimension written 1e999",
     raw(b'{"w":{"dtype":"F32","shape":[1e999],"data_offsets":[0,8]}}', W))
case("shape_400_digits.safetensors", "inspect", 4, "a dimension of 400 digits",
     raw(b'{"w":{"dtype":"F32","shape":[' + b"9" * 400 + b'],"data_offsets":[0,8]}}', W))
case("shape_100k_digits.safetensors", "inspect", 4, "a dimension of 100000 digits",
     raw(b'{"w":{"dtype":"F32","shape":[' + b"7" * 100_000 + b'],"data_offsets":[0,8]}}', W))
case("shape_string.safetensors", "inspect", 4, "a dimension written as a string",
     st({"w": {**f32(), "shape": ["2"]}}, W))
case("rank_100.safetensors", "inspect", 4, "rank 100 (limit 8)",
     st({"w": {"dtype": "U8", "shape": [1] * 100, "data_offsets": [0, 1]}}, b"\x00"))
case("rank_100k_zeros.safetensors", "inspect", 4, "rank 100000 of zero dimensions",
     st({"w": {"dtype": "U8", "shape": [0] * 100_000, "data_offsets": [0, 0]}}))
case("many_empty_tensors.safetensors", "inspect", 0, "10000 empty tensors: within every limit, must stay fast",
     st({f"t{i}": {"dtype": "F32", "shape": [0], "data_offsets": [0, 0]} for i in range(10_000)}))
case("long_name.safetensors", "inspect", 0, "a 200 kB tensor name: within the limits",
     st({"n" * 200_000: f32()}, W))

# --- the .brine manifest ------------------------------------------------------------------------------------------
LOGISTIC, TREE, MLP = "honest_logistic.brine", "honest_tree.brine", "honest_mlp.brine"
case("honest_logistic.brine", "predict", 0, "control: a logistic regression written by brine train",
     open(LOGISTIC, "rb").read())
case("honest_tree.brine", "predict", 0, "control: a decision tree written by brine train", open(TREE, "rb").read())
case("honest_mlp.brine", "predict", 0, "control: a network written by brine train", open(MLP, "rb").read())


def brine_text(name, command, exit_code, why, text):
    header, _, data = read_brine(LOGISTIC)
    header["__metadata__"]["brine"] = text
    case(name, command, exit_code, why, st(header, data))


brine_text("manifest_not_json.brine", "inspect", 4, "the manifest text is not JSON", "{{{")
brine_text("manifest_array.brine", "inspect", 4, "the manifest is a JSON array", "[]")
brine_text("manifest_deep.brine", "inspect", 4, "100000 nested arrays in the manifest text",
           '{"format":"brine","format_version":1,"config":' + "[" * 100_000 + "]" * 100_000 + "}")
brine_text("manifest_duplicate_key.brine", "inspect", 4, "model_type given twice in the manifest",
           json.dumps(read_brine(LOGISTIC)[1])[:-1] + ',"model_type":"sequential"}')


def mutated(name, command, exit_code, why, base, mutate, fix_digests=True):
    case(name, command, exit_code, why, with_brine(base, mutate, fix_digests))


mutated("format_version_999.brine", "inspect", 5, "a format version from the future", LOGISTIC,
        lambda m, t: m.update(format_version=999))
mutated("format_version_huge.brine", "inspect", 4, "format version 1e400", LOGISTIC,
        lambda m, t: m.update(format_version=10**400))
mutated("model_type_class_name.brine", "predict", 5, "model_type names a Java class", LOGISTIC,
        lambda m, t: m.update(model_type="java.lang.ProcessBuilder"))
mutated("model_type_unknown.brine", "predict", 5, "an unknown model_type", LOGISTIC,
        lambda m, t: m.update(model_type="evil"))
mutated("model_type_missing.brine", "predict", 4, "no model_type", LOGISTIC, lambda m, t: m.pop("model_type"))
mutated("manifest_missing_tensor.brine", "inspect", 4, "the header has a tensor the manifest does not list",
        LOGISTIC, lambda m, t: m["tensors"].pop("precision"))
mutated("manifest_extra_tensor.brine", "inspect", 4, "the manifest lists a tensor the header lacks", LOGISTIC,
        lambda m, t: m["tensors"].update(ghost={"role": "parameter", "sha256": "0" * 64}))
mutated("digest_mismatch.brine", "verify", 4, "a recorded SHA-256 that does not match", LOGISTIC,
        lambda m, t: m["tensors"]["coef"].update(sha256="0" * 64), fix_digests=False)
mutated("digest_not_hex.brine", "verify", 4, "a SHA-256 that is not hexadecimal", LOGISTIC,
        lambda m, t: m["tensors"]["coef"].update(sha256="z" * 64), fix_digests=False)
mutated("role_unknown.brine", "inspect", 4, "an unknown tensor role", LOGISTIC,
        lambda m, t: m["tensors"]["coef"].update(role="code"))
mutated("signature_huge_dim.brine", "predict", 6, "pending: the signature asks for 10^18 input columns while coef has 4 (Brine predicts, ignoring the signature)", LOGISTIC,
        lambda m, t: m["signature"]["inputs"][0].update(shape=[-1, 10**18]))


def coef_shape(shape, dtype="F64"):
    def mutate(m, t):
        count = 1
        for d in shape:
            count *= d
        t["coef"] = (dtype, shape, b"\x00" * (count * 8))
    return mutate


mutated("logistic_coef_wrong_shape.brine", "predict", 6, "coef [3, 2] where the model has 4 features", LOGISTIC,
        coef_shape([3, 2]))
mutated("logistic_coef_rank3.brine", "predict", 6, "coef of rank 3", LOGISTIC, coef_shape([1, 1, 4]))
mutated("logistic_coef_int.brine", "predict", 6, "coef stored as I64", LOGISTIC, coef_shape([1, 4], "I64"))
mutated("logistic_config_huge_iter.brine", "predict", 4, "max_iter 1e300 where an integer belongs",
        LOGISTIC, lambda m, t: m["config"]["params"].update(max_iter=1e300))
mutated("logistic_labels_many.brine", "predict", 6, "5000 class labels for one coefficient row", LOGISTIC,
        lambda m, t: m.update(class_labels=[str(i) for i in range(5_000)]))


def tree_array(name, values, dtype="I32"):
    fmt = {"I32": "<%di", "I64": "<%dq", "F64": "<%dd"}[dtype]

    def mutate(m, t):
        t[name] = (dtype, [len(values)], struct.pack(fmt % len(values), *values))
    return mutate


mutated("tree_self_loop.brine", "predict", 4, "the root's children are the root: a walk that never ends", TREE,
        tree_array("left", [0, 0, 0]))
mutated("tree_cycle.brine", "predict", 4, "node 1 leads back to node 0", TREE,
        lambda m, t: (tree_array("left", [1, 0, -1])(m, t), tree_array("right", [2, 0, -1])(m, t)))
mutated("tree_child_out_of_range.brine", "predict", 4, "a child index past the node arrays", TREE,
        tree_array("left", [1000000, -1, -1]))
mutated("tree_child_negative.brine", "predict", 4, "a child index of -7", TREE, tree_array("right", [-7, -1, -1]))
mutated("tree_feature_out_of_range.brine", "predict", 4, "the root splits on feature 1000 of 4", TREE,
        tree_array("feature", [1000, -2, -2]))
mutated("tree_feature_negative.brine", "predict", 4, "the root splits on feature -1000", TREE,
        tree_array("feature", [-1000, -2, -2]))
mutated("tree_offsets_past_nodes.brine", "predict", 4, "tree_offsets point past the node arrays", TREE,
        tree_array("tree_offsets", [0, 2**40], "I64"))
mutated("tree_offsets_reversed.brine", "predict", 4, "tree_offsets decreasing", TREE,
        tree_array("tree_offsets", [3, 0], "I64"))
mutated("tree_arrays_disagree.brine", "predict", 6, "left has 3 nodes, right 1", TREE,
        tree_array("right", [-1]))
mutated("tree_estimators_huge.brine", "predict", 4, "n_estimators 2^31-1 with one tree stored", TREE,
        lambda m, t: m["config"]["params"].update(n_estimators=2**31 - 1))


def layer(index, **changes):
    def mutate(m, t):
        m["config"]["network"]["layers"][index].update(changes)
    return mutate


mutated("mlp_huge_features.brine", "predict", 6, "a linear layer declared 10^9 x 10^9", MLP,
        layer(0, in_features=10**9, out_features=10**9))
mutated("mlp_negative_features.brine", "predict", 6, "out_features -8", MLP, layer(0, out_features=-8))
mutated("mlp_layer_class_name.brine", "predict", 5, "a layer type that names a Java class", MLP,
        layer(1, type="java.lang.Runtime"))
mutated("mlp_layer_unknown.brine", "predict", 5, "an unknown layer type", MLP, layer(1, type="evil"))
mutated("mlp_input_features_huge.brine", "predict", 6, "input_features 2^31-1", MLP,
        lambda m, t: m["config"]["network"].update(input_features=2**31 - 1))
mutated("mlp_weight_wrong_shape.brine", "predict", 6, "0.weight is [4, 8] where the layer says [8, 4]", MLP,
        lambda m, t: t.update({"0.weight": ("F32", [4, 8], t["0.weight"][2])}))
mutated("mlp_weight_missing.brine", "predict", 6, "no 0.weight", MLP, lambda m, t: (t.pop("0.weight"),
                                                                                   m["tensors"].pop("0.weight")))
mutated("mlp_layers_not_list.brine", "predict", 4, "layers is a string", MLP,
        lambda m, t: m["config"]["network"].update(layers="relu"))
mutated("mlp_many_layers.brine", "predict", 6, "5000 relu layers and one linear with no weights", MLP,
        lambda m, t: m["config"]["network"].update(
            layers=[{"name": str(i), "type": "relu"} for i in range(5_000)]))

with open("cases.tsv", "w") as f:
    f.write("file\tcommand\texit\twhy\n")
    for name, command, exit_code, why in CASES:
        f.write(f"{name}\t{command}\t{exit_code}\t{why}\n")
print(len(CASES), "cases")
