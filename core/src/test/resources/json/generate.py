#!/usr/bin/python3
"""Writes python-documents.txt: random JSON documents written by CPython's json module, for JsonPythonTest.

Run once: /usr/bin/python3 core/src/test/resources/json/generate.py (CPython 3.11.2's json module).

Each document is written twice, on consecutive lines: with ensure_ascii=True (every non-ASCII character escaped,
astral characters as surrogate-pair escapes) and with ensure_ascii=False (raw UTF-8). Both compact
(separators=(",", ":")). Python's compact writer escapes exactly what Brine's does (quote, backslash, \\b \\f \\n \\r
\\t, other controls as lowercase \\u00XX) and keeps key order, so Brine parsing the first line and writing it back
must give the second line byte for byte. Lone surrogates are left out: ensure_ascii=False cannot write them as
UTF-8.
"""

import json
import random
from pathlib import Path

rng = random.Random(8259)
ALPHABET = ["a", "Z", "0", " ", '"', "\\", "/", "\b", "\f", "\n", "\r", "\t", "\x00", "\x1f", "\x7f", "\x80",
            "\u00e9", "\u2028", "\u2029", "\ufeff", "\uffff", "\u4e2d", "\U0001F600", "\U0010FFFF", "{", "}", "[",
            "]", ":", ","]


def text():
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(8)))


def number():
    kind = rng.randrange(4)
    if kind == 0:
        return rng.randrange(-2 ** 63, 2 ** 63)
    if kind == 1:
        return rng.randrange(-10 ** 30, 10 ** 30)  # beyond 64 bits: Brine keeps the text
    if kind == 2:
        return rng.uniform(-1, 1) * 10.0 ** rng.randrange(-320, 300)  # repr gives e.g. 1.5e-07, 1e+300
    return rng.choice([0, -1, 0.0, -0.0, 0.1, 5e-324, 1.7976931348623157e308])


def value(depth=0):
    kind = rng.randrange(5 if depth > 4 else 7)
    if kind == 0:
        return None
    if kind == 1:
        return rng.random() < 0.5
    if kind == 2:
        return number()
    if kind in (3, 4):
        return text()
    if kind == 5:
        return [value(depth + 1) for _ in range(rng.randrange(6))]
    return {text(): value(depth + 1) for _ in range(rng.randrange(6))}


lines = []
for _ in range(300):
    document = {"k" + str(i): value(1) for i in range(rng.randrange(1, 5))}
    lines.append(json.dumps(document, ensure_ascii=True, separators=(",", ":"), allow_nan=False))
    lines.append(json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False))
out = Path(__file__).resolve().parent / "python-documents.txt"
out.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
print(f"{out.name}: {len(lines) // 2} documents, {out.stat().st_size} bytes")
