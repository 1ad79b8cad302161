#!/usr/bin/env python3
"""Writes nv_vectors.json: AUTOMATIC1111's "NV" noise (modules/rng_philox.py)
computed in plain Python from the algorithm as RANDN.md states it, with the C
library's log and sin (Python's math module), as the reference for NV's tests.

Each case lists the float32 bit patterns of one randn request, in C order.
Run: python3 nv_ref.py > nv_vectors.json
"""
import json
import math
import struct

M0, M1 = 0xD2511F53, 0xCD9E8D57
W0, W1 = 0x9E3779B9, 0xBB67AE85
MASK = 0xFFFFFFFF


def f32(x):
    """Round a Python float (float64) to float32, returned as a float."""
    return struct.unpack("<f", struct.pack("<f", x))[0]


def f32bits(x):
    return struct.unpack("<I", struct.pack("<f", x))[0]


A = f32(2.3283064e-10)
B = f32(2.3283064e-10 * 6.2831855)


def philox(c0, c1, c2, c3, k0, k1):
    for r in range(10):
        p = c0 * M0
        q = c2 * M1
        c0, c1, c2, c3 = (q >> 32) ^ c1 ^ k0, q & MASK, (p >> 32) ^ c3 ^ k1, p & MASK
        if r < 9:
            k0 = (k0 + W0) & MASK
            k1 = (k1 + W1) & MASK
    return c0, c1, c2, c3


def nv(seed, n, offset=0):
    k0, k1 = seed & MASK, (seed >> 32) & MASK
    out = []
    for j in range(n):
        c0, c1, _, _ = philox(offset, 0, j, 0, k0, k1)
        u = c0 * A + A / 2
        v = c1 * B + B / 2
        out.append(f32bits(math.sqrt(-2.0 * math.log(u)) * math.sin(v)))
    return out


CASES = [
    (0, [3, 4], 0),
    (0, [3, 4], 1),
    (42, [1, 4, 8, 8], 0),
    (4294967301, [2, 3, 5], 0),  # 2^32 + 5: the high word of the seed counts
    (5, [2, 3, 5], 0),
    (18446744073709551615, [64], 3),
    (1234567890123, [1, 4, 32, 32], 0),
]

if __name__ == "__main__":
    cases = []
    for seed, shape, offset in CASES:
        n = math.prod(shape)
        cases.append({"seed": seed, "shape": shape, "offset": offset,
                      "bits": ["%08x" % b for b in nv(seed, n, offset)]})
    print(json.dumps({"algorithm": "RANDN.md, AUTOMATIC1111's NV generator", "cases": cases}, indent=1))
