"""Representative kernels the real-header checks compile themselves, so that running the
`metalium` tests alone still checks every kind of generated code: elementwise float32 and
bfloat16, scalars on either side, every unary SFPU op, minimum/maximum and division, loops and
branches on scalars, tile variables that live in circular buffers, constants; and the reference
kernels of ttlang.examples (matmul, blocked matmul with a fused epilogue, softmax, layernorm,
rmsnorm, reductions, transpose)."""

from __future__ import annotations

import ml_dtypes
import numpy as np

import ttlang as tt
from ttlang.examples import matmul, normalization, reductions


@tt.kernel
def eltwise(a, b, c):
    for t in tt.program_range(c.num_tiles):
        c[t] = a[t] + b[t] * a[t] - b[t]


@tt.kernel
def scalars(a, c, s):
    for t in tt.program_range(c.num_tiles):
        c[t] = 2.0 - a[t] / 4.0 + s * a[t] - 1.0 / (a[t] * a[t] + 1.0)


@tt.kernel
def unary(x, o1, o2, o3, o4):
    for t in tt.program_range(x.num_tiles):
        v = x[t]
        o1[t] = tt.exp(v) + tt.log(tt.abs(v) + 0.5) + tt.sqrt(tt.abs(v))
        o2[t] = tt.rsqrt(tt.abs(v) + 0.25) + tt.recip(v * v + 0.5) + tt.relu(v)
        o3[t] = tt.sigmoid(v) + tt.tanh(v) + tt.gelu(v) + tt.silu(v)
        o4[t] = tt.square(v) - v


@tt.kernel
def minmax(a, b, c, d):
    for t in tt.program_range(c.num_tiles):
        c[t] = tt.maximum(a[t], b[t]) / (tt.minimum(a[t], 0.25) * tt.minimum(a[t], 0.25) + 1.0)
        d[t] = tt.minimum(b[t], a[t])


@tt.kernel
def loops(a, c, n: tt.constexpr):
    rows, cols = c.tile_shape
    for i in range(tt.program_id(0), rows, tt.num_programs(0)):
        for j in range(cols):
            if (i + j) % 2 == 0:
                c[i, j] = a[i, j] * 2.0
            elif j > n:
                c[i, j] = -a[i, j]
            else:
                c[i, j] = a[i, j] + 1.0


@tt.kernel
def accumulate(x, out):
    acc = tt.zeros((32, 32), tt.float32)
    for k in range(x.num_tiles):
        acc += x[k] * x[k]
    for k in tt.static_range(2):
        acc = acc + tt.full((32, 32), 0.5 * (k + 1), tt.float32)
    out[0] = acc


def _arr(shape, dt, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal(shape).astype(np.float32).astype(dt)


def compile_corpus() -> tuple[list, list[str]]:
    """Compiles every corpus kernel for float32 and bfloat16 tensors (without running them);
    returns (the compiled kernels, the errors of those that did not compile)."""
    out, errors = [], []
    for dt in (np.float32, ml_dtypes.bfloat16):
        a, b = _arr((64, 96), dt), _arr((64, 96), dt, 1)

        def z():
            return np.zeros((64, 96), dt)  # noqa: B023 (used within the iteration)

        cases = [
            (eltwise, (a, b, z())),
            (scalars, (a, z(), 0.75)),
            (unary, (a, z(), z(), z(), z())),
            (minmax, (a, b, z(), z())),
            (loops, (a, z(), 1)),
            (accumulate, (a, np.zeros((32, 32), dt))),
            # ttlang.examples
            (matmul.matmul, (a, _arr((96, 64), dt, 2), np.zeros((64, 64), dt))),
            (
                matmul.matmul_bias_relu,
                (a, _arr((96, 64), dt, 2), _arr((1, 64), dt, 3), np.zeros((64, 64), dt)),
            ),
            (
                matmul.matmul_blocked,
                (_arr((64, 128), dt), _arr((128, 64), dt, 2), np.zeros((64, 64), dt), 2, 1, 2),
            ),
            (
                matmul.matmul_grid,  # multicast: semaphores, multicast writes, sender/receiver
                (_arr((64, 128), dt), _arr((128, 64), dt, 2), np.zeros((64, 64), dt), 1, 1, 2),
            ),
            (normalization.softmax, (a, z())),
            (
                normalization.layernorm,
                (a, _arr((1, 96), dt, 2), _arr((1, 96), dt, 3), z(), 1e-5),
            ),
            (normalization.rmsnorm, (a, _arr((1, 96), dt, 2), z(), 1e-5)),
            (reductions.column_sums, (a, np.zeros((1, 96), dt))),
            (reductions.row_max, (a, np.zeros((64, 1), dt))),
            (reductions.transpose, (a, np.zeros((96, 64), dt))),
        ]
        for k, args in cases:
            try:
                out.append(k.compile(*args))
            except tt.TTLangError as e:
                errors.append(f"{k.__name__} ({np.dtype(dt).name}): {e}")
    return out, errors
