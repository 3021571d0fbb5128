"""Elementwise kernels end to end on the emulator, against numpy on the same (rounded) inputs:
Float32 to float32 round-off, Float16_b to bfloat16 round-off."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest

import ttlang as tt
from tests.helpers import BF16, check, f32, rand

DTYPES = [np.float32, BF16]


@tt.kernel
def unary_ops(
    x,
    o_exp,
    o_log,
    o_sqrt,
    o_rsqrt,
    o_recip,
    o_abs,
    o_relu,
    o_sigmoid,
    o_tanh,
    o_gelu,
    o_silu,
    o_square,
    o_neg,
):
    for t in tt.program_range(x.num_tiles):
        v = x[t]
        o_exp[t] = tt.exp(v)
        o_log[t] = tt.log(tt.abs(v) + 0.5)
        o_sqrt[t] = tt.sqrt(tt.abs(v))
        o_rsqrt[t] = tt.rsqrt(tt.abs(v) + 0.25)
        o_recip[t] = tt.recip(v * v + 0.5)
        o_abs[t] = tt.abs(v)
        o_relu[t] = tt.relu(v)
        o_sigmoid[t] = tt.sigmoid(v)
        o_tanh[t] = tt.tanh(v)
        o_gelu[t] = tt.gelu(v)
        o_silu[t] = tt.silu(v)
        o_square[t] = tt.square(v)
        o_neg[t] = -v


def _gelu(v):
    return 0.5 * v * (1.0 + np.vectorize(math.erf)(v / math.sqrt(2.0)))


UNARY_REF = [
    np.exp,
    lambda v: np.log(np.abs(v) + 0.5),
    lambda v: np.sqrt(np.abs(v)),
    lambda v: 1 / np.sqrt(np.abs(v) + 0.25),
    lambda v: 1 / (v * v + 0.5),
    np.abs,
    lambda v: np.maximum(v, 0),
    lambda v: 1 / (1 + np.exp(-v)),
    np.tanh,
    _gelu,
    lambda v: v / (1 + np.exp(-v)),
    lambda v: v * v,
    lambda v: -v,
]


@pytest.mark.parametrize("dt", DTYPES, ids=["float32", "bfloat16"])
def test_unary_ops(dt):
    x = rand((70, 100), dt, scale=1.5)
    outs = [np.zeros_like(x) for _ in UNARY_REF]
    unary_ops[(2, 3)](x, *outs)
    for out, ref in zip(outs, UNARY_REF):
        check(out, ref(f32(x)).astype(np.float32), dt)


@tt.kernel
def binary_ops(a, b, o_add, o_sub, o_mul, o_div, o_max, o_min, s):
    for t in tt.program_range(a.num_tiles):
        o_add[t] = a[t] + b[t]
        o_sub[t] = a[t] - b[t] * s
        o_mul[t] = a[t] * b[t]
        o_div[t] = a[t] / (b[t] * b[t] + 1.0)
        o_max[t] = tt.maximum(a[t], b[t])
        o_min[t] = tt.minimum(a[t], 0.25)


@pytest.mark.parametrize("dt", DTYPES, ids=["float32", "bfloat16"])
@pytest.mark.parametrize(
    "shape, grid", [((1, 1000), 4), ((1000, 1), (2, 2)), ((64, 96), (8, 8)), ((33, 65), 1)]
)
def test_binary_ops(dt, shape, grid):
    a, b = rand(shape, dt), rand(shape, dt, seed=1)
    outs = [np.zeros_like(a) for _ in range(6)]
    binary_ops[grid](a, b, *outs, 0.75)
    A, B = f32(a), f32(b)
    refs = [A + B, A - B * 0.75, A * B, A / (B * B + 1), np.maximum(A, B), np.minimum(A, 0.25)]
    for out, ref in zip(outs, refs):
        check(out, ref, dt)


@tt.kernel
def scalars_both_sides(a, c):
    for t in tt.program_range(a.num_tiles):
        c[t] = 2.0 - a[t] / 4.0 + 3.0 * a[t] - 1.0 / (a[t] * a[t] + 1.0) + (a[t] - 1)


@pytest.mark.parametrize("dt", DTYPES, ids=["float32", "bfloat16"])
def test_scalars_on_either_side(dt):
    a = rand((40, 40), dt)
    c = np.zeros_like(a)
    scalars_both_sides[2](a, c)
    A = f32(a)
    check(c, 2 - A / 4 + 3 * A - 1 / (A * A + 1) + (A - 1), dt)


@tt.kernel
def row_sums(a, c):
    Mt, Nt = a.tile_shape
    for i in range(tt.program_id(0), Mt, tt.num_programs(0)):
        acc = tt.zeros((32, 32), tt.float32)
        for j in range(Nt):
            acc += a[i, j] * 0.5
        c[i, 0] = acc


@pytest.mark.parametrize("dt", DTYPES, ids=["float32", "bfloat16"])
def test_accumulating_tile_variable(dt):
    a = rand((96, 160), dt)
    c = np.zeros((96, 32), dt)
    row_sums[3](a, c)
    A = f32(a).reshape(96, 5, 32) * 0.5
    check(c, A.sum(axis=1), dt)


@tt.kernel
def control_flow(a, c, n: tt.constexpr, threshold):
    Mt, Nt = c.tile_shape
    for t in tt.program_range(Mt * Nt):
        i = t // Nt
        j = t % Nt
        x = a[i, j]
        for _ in tt.static_range(n):
            x = x * 0.5 + 1.0
        if i < threshold:
            c[i, j] = x
        elif j == 0:
            c[i, j] = -x
        else:
            c[i, j] = tt.zeros((32, 32))


def test_loops_branches_static_range_constexpr():
    a = rand((100, 70))
    c = np.full_like(a, np.nan)
    control_flow[(2, 2)](a, c, 3, 2)
    x = f32(a)
    for _ in range(3):
        x = x * 0.5 + 1.0
    ti = np.arange(100)[:, None] // 32
    tj = np.arange(70)[None, :] // 32
    expected = np.where(ti < 2, x, np.where(tj == 0, -x, 0.0))
    check(c, expected, np.float32)


@tt.kernel
def by_program(c):
    p = tt.program_id(0) * tt.num_programs(1) + tt.program_id(1)
    c[p] = tt.full((32, 32), 1.0) * p


def test_program_ids_on_a_2d_grid():
    c = np.zeros((32, 32 * 12), np.float32)
    by_program[(3, 4)](c)
    expected = np.repeat(np.arange(12, dtype=np.float32), 32)[None, :].repeat(32, 0)
    np.testing.assert_array_equal(c, expected)


@tt.kernel
def long_chain(a, b, c):
    for t in tt.program_range(c.num_tiles):
        x = a[t]
        for _ in tt.static_range(12):
            x = tt.maximum(x * 1.1 - b[t], x + 0.1) * 0.9
        c[t] = x


@pytest.mark.parametrize("dt", DTYPES, ids=["float32", "bfloat16"])
def test_long_elementwise_chain(dt):
    a, b = rand((64, 64), dt), rand((64, 64), dt, seed=3)
    c = np.zeros_like(a)
    long_chain[4](a, b, c)
    x, B = f32(a), f32(b)
    for _ in range(12):
        x = np.maximum(x * 1.1 - B, x + 0.1) * 0.9
    if dt == np.float32:
        check(c, x, dt)
    else:  # 12 rounds of bfloat16 inputs and outputs: compare at a few bf16 ulps
        np.testing.assert_allclose(f32(c), x, rtol=3e-2, atol=3e-2 * np.abs(x).max())


def test_mixed_dtypes():
    @tt.kernel
    def mix(a, b, c):
        for t in tt.program_range(c.num_tiles):
            c[t] = a[t] * b[t] + 1.0

    a, b = rand((64, 64), np.float32), rand((64, 64), BF16, seed=2)
    c = np.zeros((64, 64), BF16)
    mix[2](a, b, c)
    check(c, f32(a) * f32(b) + 1, BF16)


def test_quickstart_runs():
    proc = subprocess.run(
        [sys.executable, "-m", "ttlang.quickstart"], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "PASS" in proc.stdout and "max relative error vs numpy" in proc.stdout
