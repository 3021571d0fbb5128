"""The quickstart: an elementwise kernel on the emulator, checked against numpy.

python -m ttlang.quickstart
"""

from __future__ import annotations

import sys
import time

import ml_dtypes
import numpy as np

import ttlang as tt


@tt.kernel
def fused_multiply_add(a, b, c, out, scale):
    # Each of the grid's programs takes a contiguous share of the output's tiles.
    for t in tt.program_range(out.num_tiles):
        out[t] = tt.exp(a[t] * b[t]) * scale + c[t]


def main() -> int:
    rng = np.random.default_rng(0)
    shape = (100, 300)  # not a multiple of 32: the launcher pads to tiles, the result is exact
    a, b, c = (rng.standard_normal(shape).astype(ml_dtypes.bfloat16) for _ in range(3))
    out = np.zeros(shape, dtype=ml_dtypes.bfloat16)

    print(
        f"ttlang {tt.__version__}: out = exp(a * b) * 0.5 + c on {shape} bfloat16 arrays, grid (2, 4)"
    )
    t0 = time.perf_counter()
    compiled = fused_multiply_add[(2, 4)](a, b, c, out, 0.5)
    t1 = time.perf_counter()
    fused_multiply_add[(2, 4)](a, b, c, out, 0.5)
    t2 = time.perf_counter()

    f32 = lambda x: x.astype(np.float32)  # noqa: E731
    expected = np.exp(f32(a) * f32(b)) * 0.5 + f32(c)
    err = np.abs(f32(out) - expected) / (np.abs(expected) + 1e-2)
    print(f"first launch (compile + run) {t1 - t0:.2f} s, second launch {1e3 * (t2 - t1):.1f} ms")
    print("out[:3, :6] =\n", f32(out)[:3, :6])
    print("numpy[:3, :6] =\n", expected[:3, :6])
    ok = bool(err.max() < 1e-2)
    print(
        f"max relative error vs numpy: {err.max():.2e} -> {'PASS' if ok else 'FAIL'} (bfloat16 tolerance 1e-2)"
    )
    print(f"generated C++: {compiled.dir} (host.cpp, reader.cpp, compute.cpp, writer.cpp)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
