"""Blocks sized by shapes, run: the language contract's softmax_rows (x[m, 0:Nt]) and col_sum
(x[0:Mt, n]) against numpy, and what a new shape recompiles: only the dims that reached a
compile-time position are compiled in (CompiledKernel.shape_consts); a kernel that reads shapes
at run time only serves every shape with one compiled program."""

from __future__ import annotations

import numpy as np
import pytest

import ttlang as tt
from tests.helpers import BF16, f32, rand, sized
from tests.test_kernels import close

DTYPES = [np.float32, BF16]
IDS = ["float32", "bfloat16"]


def _softmax_rows(x, out):
    _, Nt = x.tile_shape
    for m in tt.program_range(x.tile_shape[0]):
        row = x[m, 0:Nt]
        e = tt.exp(row - tt.max(row, axis=1, keepdims=True))
        out[m, 0:Nt] = e / tt.sum(e, axis=1, keepdims=True)


def _col_sum(x, out):
    Mt, Nt = x.tile_shape
    for n in tt.program_range(Nt):
        out[0, n] = tt.sum(x[0:Mt, n], axis=0, keepdims=True)


def _add_one(a, c):
    Mt, Nt = c.tile_shape
    for t in tt.program_range(Mt * Nt):
        c[t // Nt, t % Nt] = a[t // Nt, t % Nt] + 1.0


softmax_rows = tt.kernel(_softmax_rows)
col_sum = tt.kernel(_col_sum)


@pytest.mark.parametrize("dt", DTYPES, ids=IDS)
@pytest.mark.parametrize("shape", [(64, 96), (70, 100), (1, 1000), (33, 130)])
def test_softmax_rows_of_the_contract(dt, shape):
    x = rand(shape, dt, scale=2.0)
    out = np.zeros_like(x)
    softmax_rows[4](x, out)
    e = np.exp(f32(x) - f32(x).max(axis=1, keepdims=True))
    close(out, e / e.sum(axis=1, keepdims=True), dt, rtol_f32=1e-5)


@pytest.mark.parametrize("dt", DTYPES, ids=IDS)
@pytest.mark.parametrize("shape", [(96, 64), (100, 70), (1000, 1), (40, 33)])
def test_col_sum_of_the_contract(dt, shape):
    x = rand(shape, dt)
    out = np.zeros((1, shape[1]), dt)
    col_sum[3](x, out)
    close(out, f32(x).sum(axis=0, keepdims=True), dt, rtol_f32=1e-4)


def test_a_kernel_reading_shapes_at_run_time_only_is_not_recompiled_for_a_new_shape():
    k = tt.kernel(_add_one)
    first = None
    for shape in [(64, 64), (96, 160), (33, 7)]:
        a = rand(shape)
        c = np.zeros_like(a)
        ck = k[2](a, c)
        np.testing.assert_array_equal(c, a + 1.0)
        first = first or ck
        assert ck is first and sized(ck.shape_consts) == ()
    assert len(k._compiled) == 1


def test_a_kernel_recompiles_for_a_new_value_of_the_dims_it_compiled_in_only():
    k = tt.kernel(_softmax_rows)

    def run(shape):
        x = rand(shape)
        out = np.zeros_like(x)
        ck = k[2](x, out)
        e = np.exp(x - x.max(axis=1, keepdims=True))
        close(out, e / e.sum(axis=1, keepdims=True), np.float32, rtol_f32=1e-5)
        return ck

    a = run((64, 50))
    assert sized(a.shape_consts) == (("x", "tile_cols", 2),)
    # More rows, the same 2 tiles per row, rows and columns as whole (or not) as before: the
    # same program.
    assert run((192, 60)) is a
    b = run((64, 90))  # 3 tiles per row: another
    assert b is not a and b.key != a.key and sized(b.shape_consts) == (("x", "tile_cols", 3),)
    assert run((32, 40)) is a and run((32, 70)) is b
    assert len(k._compiled) == 2
    # The cache entry says which dims are compiled in and which are runtime arguments.
    assert b.meta["shapes"] == (
        "shapes compiled in: [('x', 'cols_whole', 0), ('x', 'rows_whole', 1), ('x', 'tile_cols', 3)]; "
        "runtime: out.rows, out.cols, out.tile_rows, out.tile_cols, x.rows, x.cols, x.tile_rows"
    )
    # A fresh kernel object (as in a new process) finds the program on disk by the same key.
    again = tt.kernel(_softmax_rows).compile(rand((64, 90)), np.zeros((64, 90), np.float32))
    assert again.key == b.key and again.dir == b.dir


def _ragged(x, y, out):
    Nt = x.tile_shape[1]
    for j in tt.static_range(Nt):
        if j == 2:  # decided while compiling: only a 3-tile-wide x reads y's height here
            out[0:y.tile_shape[0], j] = y[0:y.tile_shape[0], 0] * 2.0
        else:
            out[0, j] = x[0, j] + 1.0


def test_which_dims_are_compiled_in_may_depend_on_their_values():
    """tt.static_range over x's width decides at compile time which branch runs: a 3-tile x
    also compiles y's tile rows in, a 2-tile x does not, and each is reused as it should."""
    k = tt.kernel(_ragged)

    def run(xs, ys):
        x, y = rand(xs), rand(ys, seed=1)
        out = np.zeros((max(32, ys[0]), xs[1]), np.float32)
        ck = k[1](x, y, out)
        ref = np.zeros_like(out)
        for j in range(-(-xs[1] // 32)):
            cols = slice(32 * j, 32 * j + 32)
            if j == 2:
                ref[: ys[0], cols] = (y[:, :32] * 2.0)[:, : out[:, cols].shape[1]]
            else:
                ref[:32, cols][: min(32, xs[0])] = x[:32, cols] + 1.0
        np.testing.assert_allclose(out, ref, rtol=1e-6)
        return ck

    two = run((32, 64), (64, 32))
    assert sized(two.shape_consts) == (("x", "tile_cols", 2),)
    assert run((32, 64), (96, 32)) is two  # y's shape is not compiled in
    three = run((32, 96), (64, 32))
    assert sized(three.shape_consts) == (("x", "tile_cols", 3), ("y", "tile_rows", 2))
    assert run((32, 96), (64, 32)) is three
    four = run((32, 96), (96, 32))
    assert four is not three and four.shape_consts[1] == ("y", "tile_rows", 3)


def _by_runtime_scalar(x, out, n):
    out[0, 0:n] = x[0, 0:n]


def test_a_block_sized_by_a_runtime_scalar_is_a_located_error_at_launch():
    k = tt.kernel(_by_runtime_scalar)
    x = rand((32, 128))
    with pytest.raises(tt.TTLangTypeError) as info:
        k[1](x, np.zeros_like(x), 2)
    text = str(info.value)
    assert text.startswith(f"{__file__}:")
    assert "depends on the runtime scalar parameter 'n'" in text and "^" in text
