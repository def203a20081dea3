"""Reference vectors for dev.brine.models.random.Pcg64, written by numpy (run once with /usr/bin/python3).

For each seed: the PCG64 state numpy derives through SeedSequence, the first raw 64-bit outputs, the first
doubles of Generator.random(), and the state after advancing, all as hex so no JSON reader rounds them.
"""
import json
import numpy as np

SEEDS = [0, 1, 42, 12345, 2**32 + 5, 2**63 - 1]
RAW_COUNT = 16
DOUBLE_COUNT = 8


def state_hex(bit_generator):
    state = bit_generator.state["state"]
    return {"state": "%032x" % state["state"], "inc": "%032x" % state["inc"]}


cases = []
for seed in SEEDS:
    seeded = state_hex(np.random.PCG64(seed))
    raw_generator = np.random.PCG64(seed)
    raw = ["%016x" % int(value) for value in raw_generator.random_raw(RAW_COUNT)]
    after = state_hex(raw_generator)
    doubles = [float(value) for value in np.random.Generator(np.random.PCG64(seed)).random(DOUBLE_COUNT)]
    cases.append({"seed": str(seed), "seeded": seeded, "raw": raw, "state_after_raw": after,
                  "doubles": [repr(value) for value in doubles]})

with open("pcg64_numpy.json", "w") as out:
    json.dump({"numpy": np.__version__, "cases": cases}, out, indent=1)
    out.write("\n")
