"""Blocks of tiles are loops over their tiles: code size and compile time grow with the number of
distinct operations of a kernel, not with the size of its blocks. Big blocks compile in seconds
and run right; blocks of many rows (loops over i and j), products over many K tiles,
reductions along either axis, broadcasts of reductions and transposed block variables agree
with numpy on tile-aligned and odd shapes."""

from __future__ import annotations

import time

import numpy as np
import pytest

import ttlang as tt
from tests.helpers import BF16, f32, rand
from tests.test_kernels import close
from ttlang.examples import normalization


@tt.kernel
def scale_block(a, c, B: tt.constexpr):
    c[0:B, 0:B] = a[0:B, 0:B] * 2.0


def kernel_lines(ck) -> dict[str, int]:
    return {r: len(getattr(ck, r).splitlines()) for r in ("reader", "compute", "writer")}


def test_a_64x64_tile_block_compiles_in_seconds_and_its_code_does_not_grow(tmp_path, monkeypatch):
    """c[0:64, 0:64] = a[0:64, 0:64] * 2.0 on 2048x2048: one loop nest over the 4096 tiles in
    each kernel, as long as that of a 2x2 block (unrolled, it took minutes to compile)."""
    monkeypatch.setenv("TTLANG_CACHE_DIR", str(tmp_path))  # a cold kernel cache
    small = scale_block.compile(rand((64, 64)), np.zeros((64, 64), np.float32), 2)
    a = rand((2048, 2048))
    c = np.zeros_like(a)
    start = time.perf_counter()
    big = scale_block[1](a, c, 64)  # compiles the program, JIT-compiles its kernels, runs
    assert time.perf_counter() - start < 30
    np.testing.assert_array_equal(c, a * 2.0)
    assert kernel_lines(big) == kernel_lines(small)
    assert "for (int32_t ti = 0, ttl_end_ti = 64;" in big.compute


def test_softmax_over_a_128_tile_row_compiles_in_seconds(tmp_path, monkeypatch):
    """The row (4096 columns) is streamed through its max, kept once in L1 as exp(row - max)
    (128 tiles), summed and divided by a loop each; the kernels are those of a 2-tile row."""
    monkeypatch.setenv("TTLANG_CACHE_DIR", str(tmp_path))
    small = normalization.softmax.compile(rand((64, 64)), np.zeros((64, 64), np.float32))
    x = rand((64, 4096), seed=3)
    out = np.zeros_like(x)
    start = time.perf_counter()
    big = normalization.softmax[2](x, out)  # a 128-tile row block: x.tile_shape[1]
    assert time.perf_counter() - start < 30
    e = np.exp(x - x.max(axis=1, keepdims=True))
    close(out, e / e.sum(axis=1, keepdims=True), np.float32, rtol_f32=1e-4)
    assert kernel_lines(big) == kernel_lines(small)


@tt.kernel
def rows_minus_max(x, out, H: tt.constexpr, W: tt.constexpr):
    """A reduction broadcast across the loop: materialized once, a (H, 1) block variable."""
    for t in tt.program_range(x.tile_shape[0] // H):
        blk = x[t * H : t * H + H, 0:W]
        out[t * H : t * H + H, 0:W] = blk - tt.max(blk, axis=1, keepdims=True)


@tt.kernel
def block_product(a, b, c, BM: tt.constexpr, BN: tt.constexpr, K: tt.constexpr):
    """Each output tile accumulates its K tile products in place."""
    for t in tt.program_range((c.tile_shape[0] // BM) * (c.tile_shape[1] // BN)):
        m = (t // (c.tile_shape[1] // BN)) * BM
        n = (t % (c.tile_shape[1] // BN)) * BN
        c[m : m + BM, n : n + BN] = tt.relu(a[m : m + BM, 0:K] @ b[0:K, n : n + BN])


@tt.kernel
def column_and_total_sums(x, cols, total, H: tt.constexpr, W: tt.constexpr):
    cols[0:1, 0:W] = tt.sum(x[0:H, 0:W], axis=0, keepdims=True)
    total[0, 0] = tt.sum(x[0:H, 0:W], axis=None, keepdims=True) + tt.max(
        x[0:H, 0:W], axis=None, keepdims=True
    )


@tt.kernel
def transposed_variable(x, out, B: tt.constexpr):
    t = tt.transpose(x[0:B, 0:B])
    out[0:B, 0:B] = t * 2.0 + tt.sum(t, axis=1, keepdims=True)


DTYPES = [np.float32, BF16]
IDS = ["float32", "bfloat16"]


@pytest.mark.parametrize("dt", DTYPES, ids=IDS)
@pytest.mark.parametrize("shape", [(128, 96), (120, 70)])
def test_a_reduction_broadcast_over_a_block_of_rows(dt, shape):
    x = rand(shape, dt)
    out = np.zeros_like(x)
    rows_minus_max[2](x, out, 2, 3)
    xf = f32(x)
    ref = np.concatenate([b - b.max(axis=1, keepdims=True) for b in np.split(xf, [64], axis=0)])
    close(out, ref, dt)


@pytest.mark.parametrize("dt", DTYPES, ids=IDS)
@pytest.mark.parametrize("m, k, n", [(64, 160, 96), (60, 150, 90)])
def test_block_products_over_many_k_tiles(dt, m, k, n):
    a, b = rand((m, k), dt, scale=0.5), rand((k, n), dt, seed=1, scale=0.5)
    c = np.zeros((m, n), dt)
    ck = block_product[3](a, b, c, 2, 3, 5)
    close(c, np.maximum(f32(a) @ f32(b), 0), dt)
    assert ck.compute.count("matmul_tiles(") == 1  # one loop over K, not 5 x 6 products


@pytest.mark.parametrize("dt", DTYPES, ids=IDS)
@pytest.mark.parametrize("shape", [(96, 128), (70, 100)])
def test_reductions_down_columns_and_over_a_whole_block(dt, shape):
    x = rand(shape, dt)
    cols = np.zeros((1, shape[1]), dt)
    total = np.zeros((1, 1), dt)
    column_and_total_sums[1](x, cols, total, 3, 4)
    xf = f32(x)
    close(cols, xf.sum(axis=0, keepdims=True), dt)
    close(total, np.array([[xf.sum() + xf.max()]]), dt, rtol_f32=1e-4)


@pytest.mark.parametrize("dt", DTYPES, ids=IDS)
@pytest.mark.parametrize("n", [96, 80])
def test_a_transposed_block_variable(dt, n):
    x = rand((n, n), dt)
    out = np.zeros_like(x)
    transposed_variable[1](x, out, 3)
    t = f32(x).T
    close(out, t * 2.0 + t.sum(axis=1, keepdims=True), dt)


@tt.kernel
def reassigned_big_block(a, c):
    x = a[0:16, 0:16] * 2.0
    for _ in range(2):
        x = x + a[0:16, 0:16]
    c[0:16, 0:16] = x


def test_a_big_block_variable_assigned_twice_is_a_located_error_at_once():
    a = rand((512, 512))
    start = time.perf_counter()
    with pytest.raises(
        tt.TTLangResourceError,
        match=r"block variable 'x' of 16x16 tiles is assigned more than once",
    ) as info:
        reassigned_big_block.compile(a, np.zeros_like(a))
    assert time.perf_counter() - start < 5
    assert str(info.value).startswith(f"{__file__}:")
    assert "x = a[0:16, 0:16] * 2.0" in str(info.value)
