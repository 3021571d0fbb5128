"""The kernels of ttlang.examples (matmul, fused epilogues, softmax, layernorm, rmsnorm, column
sums, row maxima, transposes) against numpy, in Float32 and Float16_b, on several grids and on
tile-aligned and odd shapes; and block kernels that test_properties_blocks found miscompiled."""

from __future__ import annotations

import numpy as np
import pytest

import ttlang as tt
from tests.helpers import BF16, f32, rand
from ttlang.examples import matmul, normalization, reductions

DTYPES = [np.float32, BF16]
IDS = ["float32", "bfloat16"]


def close(out, expected, dt, rtol_f32=2e-3):
    """Float16_b: bfloat16 round-off (relative 1e-2, fp32 accumulation). Float32: matmul and the
    FPU reduction see their operands as TF32 (10-bit mantissas) in SrcA/SrcB, the hardware's
    source registers, hence the looser float32 tolerance where they are used."""
    out = f32(out)
    scale = np.abs(expected).max() + 1e-6
    if dt == np.float32:
        np.testing.assert_allclose(out, expected, rtol=rtol_f32, atol=rtol_f32 * scale)
    else:
        np.testing.assert_allclose(out, expected, rtol=2e-2, atol=2e-2 * scale)


@pytest.mark.parametrize("dt", DTYPES, ids=IDS)
@pytest.mark.parametrize(
    "m, k, n, grid",
    [(32, 32, 32, 1), (100, 70, 130, (2, 3)), (64, 256, 96, (4, 4)), (1, 1000, 40, 2), (256, 64, 1, 8)],
)
def test_matmul(dt, m, k, n, grid):
    a, b = rand((m, k), dt, scale=0.5), rand((k, n), dt, seed=1, scale=0.5)
    c = np.zeros((m, n), dt)
    matmul.matmul[grid](a, b, c)
    close(c, f32(a) @ f32(b), dt)


@pytest.mark.slow
@pytest.mark.parametrize("dt", [BF16], ids=["bfloat16"])
def test_matmul_1024(dt):
    a, b = rand((1024, 1024), dt, scale=0.1), rand((1024, 1024), dt, seed=1, scale=0.1)
    c = np.zeros((1024, 1024), dt)
    matmul.matmul[(8, 8)](a, b, c)
    close(c, f32(a) @ f32(b), dt)


@pytest.mark.parametrize("dt", DTYPES, ids=IDS)
def test_matmul_bias_relu(dt):
    a, b = rand((96, 64), dt, scale=0.5), rand((64, 70), dt, seed=1, scale=0.5)
    bias = rand((1, 70), dt, seed=2)
    c = np.zeros((96, 70), dt)
    matmul.matmul_bias_relu[(2, 2)](a, b, bias, c)
    close(c, np.maximum(f32(a) @ f32(b) + f32(bias), 0), dt)


@pytest.mark.parametrize("dt", DTYPES, ids=IDS)
@pytest.mark.parametrize("bm, bn, bk", [(2, 2, 1), (2, 2, 2), (4, 2, 2)])
def test_matmul_blocked(dt, bm, bn, bk):
    """(4, 2) blocks hold 8 accumulators: more than DST's 4 with fp32 accumulation, so they go
    through CBs instead of staying in DST; the result is the same."""
    a, b = rand((128, 128), dt, scale=0.5), rand((128, 128), dt, seed=1, scale=0.5)
    c = np.zeros((128, 128), dt)
    matmul.matmul_blocked[4](a, b, c, bm, bn, bk)
    close(c, f32(a) @ f32(b), dt)


def _softmax(x):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("dt", DTYPES, ids=IDS)
@pytest.mark.parametrize("rows, cols", [(64, 96), (100, 70), (1, 1000), (33, 130)])
def test_softmax(dt, rows, cols):
    x = rand((rows, cols), dt, scale=2.0)
    out = np.zeros_like(x)
    normalization.softmax[4](x, out)
    close(out, _softmax(f32(x)), dt, rtol_f32=1e-5)


@pytest.mark.parametrize("dt", DTYPES, ids=IDS)
@pytest.mark.parametrize("rows, cols", [(64, 96), (70, 100)])
def test_layernorm_and_rmsnorm(dt, rows, cols):
    x = rand((rows, cols), dt, scale=2.0)
    g, b = rand((1, cols), dt, seed=1), rand((1, cols), dt, seed=2)
    out = np.zeros_like(x)
    normalization.layernorm[(2, 2)](x, g, b, out, 1e-5)
    X = f32(x)
    mean = X.mean(axis=1, keepdims=True)
    var = ((X - mean) ** 2).mean(axis=1, keepdims=True)
    close(out, (X - mean) / np.sqrt(var + 1e-5) * f32(g) + f32(b), dt, rtol_f32=1e-4)
    normalization.rmsnorm[3](x, g, out, 1e-5)
    close(out, X / np.sqrt((X * X).mean(axis=1, keepdims=True) + 1e-5) * f32(g), dt, rtol_f32=1e-4)


@pytest.mark.parametrize("dt", DTYPES, ids=IDS)
@pytest.mark.parametrize("rows, cols", [(96, 64), (100, 70), (1000, 1)])
def test_column_sums_row_max_transpose(dt, rows, cols):
    x = rand((rows, cols), dt)
    s = np.zeros((1, cols), dt)
    reductions.column_sums[2](x, s)
    close(s, f32(x).sum(axis=0, keepdims=True), dt, rtol_f32=1e-4)
    mx = np.zeros((rows, 1), dt)
    neg = (f32(x) - 10).astype(dt)  # all negative: padding (zeros) must not win the max
    reductions.row_max[3](neg, mx)
    close(mx, f32(neg).max(axis=1, keepdims=True), dt, rtol_f32=1e-6)
    t = np.zeros((cols, rows), dt)
    reductions.transpose[4](x, t)
    np.testing.assert_array_equal(f32(t), f32(x).T)


# Found by tests/test_properties_blocks.py --------------------------------------------------


@tt.kernel
def sum_of_transposed_exp(x, out):
    for i in tt.program_range(out.tile_shape[0]):
        out[i, 0] = tt.sum(tt.transpose(tt.exp(x[i, 0])), axis=None, keepdims=True)


@pytest.mark.parametrize("dt", DTYPES, ids=IDS)
def test_reduction_of_a_transpose_masks_the_transposed_padding(dt):
    """The real region of a transposed tile is the transposed region: a (32, 20) block has 20
    real rows once transposed (the padding mask used to keep 32 rows of 20 columns)."""
    x = rand((45, 20), dt)
    out = np.zeros((45, 1), dt)
    sum_of_transposed_exp[2](x, out)
    e = np.exp(f32(x).astype(np.float64))
    expected = np.repeat([[e[:32].sum()], [e[32:].sum()]], [32, 13], axis=0)
    close(out, expected, dt, rtol_f32=1e-5)


@tt.kernel
def exp_matmul_exp(a, b, c):
    W = a.tile_shape[1]
    for i in tt.program_range(c.tile_shape[0]):
        c[i:i + 1, 0:W] = tt.exp(a[i:i + 1, 0:W]) @ tt.exp(b[0:W, 0:W])


@pytest.mark.parametrize("dt", DTYPES, ids=IDS)
def test_matmul_masks_the_padding_along_k(dt):
    """exp(0) = 1 in the padding of both operands: the product must not sum it along K."""
    a, b = rand((40, 20), dt, scale=0.5), rand((20, 20), dt, seed=1, scale=0.5)
    c = np.zeros((40, 20), dt)
    exp_matmul_exp[2](a, b, c)
    close(c, np.exp(f32(a)) @ np.exp(f32(b)), dt)


@tt.kernel
def row_sum_plus_block_matmul(a, b, c):
    W = a.tile_shape[1]
    for i in tt.program_range(c.tile_shape[0]):
        c[i:i + 1, 0:W] = (tt.sum(a[i:i + 1, 0:W], axis=1, keepdims=True) + a[i:i + 1, 0:W]) @ b[0:W, 0:W]


@pytest.mark.parametrize("dt", DTYPES, ids=IDS)
def test_a_spilled_value_read_by_two_spills_is_kept_until_the_last(dt):
    """Both matmul operands (row sum + a[i, k]) are spilled and read the one spilled row sum: the
    first of them used to release it, and the second waited for it forever (a deadlock)."""
    a, b = rand((64, 64), dt, scale=0.5), rand((64, 64), dt, seed=1, scale=0.5)
    c = np.zeros((64, 64), dt)
    row_sum_plus_block_matmul[1](a, b, c)
    A = f32(a)
    close(c, (A.sum(axis=1, keepdims=True) + A) @ f32(b), dt)


@tt.kernel
def padding_of_broadcasts(a, u, o_add, o_div, o_max):
    W = a.tile_shape[1]
    for i in tt.program_range(a.tile_shape[0]):
        x = a[i:i + 1, 0:W]
        o_add[i:i + 1, 0:1] = tt.sum(u[i:i + 1, 0:1] + x, axis=1, keepdims=True)
        o_div[i:i + 1, 0:1] = tt.sum(u[i:i + 1, 0:1] / (tt.abs(x) + 0.5), axis=1, keepdims=True)
        o_max[i:i + 1, 0:1] = tt.sum(tt.max(x, axis=0, keepdims=True) * x, axis=1, keepdims=True)


@pytest.mark.parametrize("dt", DTYPES, ids=IDS)
def test_reductions_of_broadcasts_never_see_padding(dt):
    """u + x and u / (|x| + 0.5) are not 0 in the padding columns of x (u, a column, is
    broadcast there): they must be masked before a row sum. A column max used to leave -inf in
    the padding columns of its result, and -inf * 0 is NaN, which no mask removes."""
    x, u = rand((45, 70), dt), rand((45, 1), dt, seed=1)
    outs = [np.zeros((45, 1), dt) for _ in range(3)]
    padding_of_broadcasts[2](x, u, *outs)
    X, U = f32(x), f32(u)
    col_max = np.concatenate([np.repeat(X[:32].max(axis=0, keepdims=True), 32, axis=0),
                              np.repeat(X[32:].max(axis=0, keepdims=True), 13, axis=0)])
    close(outs[0], (U + X).sum(axis=1, keepdims=True), dt, rtol_f32=1e-4)
    close(outs[1], (U / (np.abs(X) + 0.5)).sum(axis=1, keepdims=True), dt, rtol_f32=1e-4)
    close(outs[2], (col_max * X).sum(axis=1, keepdims=True), dt, rtol_f32=1e-4)
