"""One-row and one-column tensors in matmuls and stores: their tiles are vectors, (1, 32) or
(32, 1), real in row (column) 0 and zero in their padding, so products of the padded tiles are
the products of the vectors; a whole tile stored into such a tensor keeps its real row (column),
as a tensor's last, partial tile does."""

from __future__ import annotations

import numpy as np
import pytest

import ttlang as tt
from tests.helpers import BF16, f32, rand
from tests.test_kernels import DTYPES, IDS, close


@tt.kernel
def outer(a, b, c):
    for t in tt.program_range(c.num_tiles):
        m = t // c.tile_shape[1]
        n = t % c.tile_shape[1]
        c[m, n] = a[m, 0] @ b[0, n]


@tt.kernel
def matvec(a, v, c, K: tt.constexpr):
    for m in tt.program_range(c.tile_shape[0]):
        c[m, 0] = a[m : m + 1, 0:K] @ v[0:K, 0:1]


@tt.kernel
def vecmat_plus_tile(v, b, c):
    """(1, K) @ (K, N) broadcast against a zero tile: a (32, 32) value stored into a 1-row c."""
    for n in tt.program_range(c.tile_shape[1]):
        acc = tt.zeros((32, 32), tt.float32)
        for k in range(v.tile_shape[1]):
            acc += v[0, k] @ b[k, n]
        c[0, n] = acc


@pytest.mark.parametrize("dt", DTYPES, ids=IDS)
def test_outer_product_of_a_column_and_a_row(dt):
    a, b = rand((70, 1), dt), rand((1, 45), dt, seed=1)
    c = np.zeros((70, 45), dt)
    outer[3](a, b, c)
    close(c, f32(a) @ f32(b), dt)


@pytest.mark.parametrize("dt", DTYPES, ids=IDS)
def test_matrix_times_column_vector(dt):
    a, v = rand((70, 100), dt, scale=0.5), rand((100, 1), dt, seed=1)
    c = np.zeros((70, 1), dt)
    matvec[2](a, v, c, 4)
    close(c, f32(a) @ f32(v), dt)


@pytest.mark.parametrize("dt", DTYPES, ids=IDS)
def test_row_vector_times_matrix_accumulated_in_a_whole_tile(dt):
    v, b = rand((1, 90), dt), rand((90, 50), dt, seed=1, scale=0.5)
    c = np.zeros((1, 50), dt)
    vecmat_plus_tile[2](v, b, c)
    close(c, f32(v) @ f32(b), dt)


def test_a_row_cannot_be_stored_into_a_column():
    @tt.kernel
    def row_into_column(x, out):
        out[0, 0] = x[0, 0]

    with pytest.raises(tt.TTLangTypeError, match=r"cannot store a \(1, 32\) value into out"):
        row_into_column[1](rand((1, 20)), np.zeros((20, 1), np.float32))


def test_matmul_shapes_still_must_agree_along_k():
    @tt.kernel
    def mismatched(a, b, c):
        c[0, 0] = a[0, 0] @ b[0, 0]

    with pytest.raises(
        tt.TTLangTypeError, match=r"matmul shapes do not match: \(32, 1\) @ \(32, 32\)"
    ):
        mismatched[1](rand((40, 1)), rand((40, 40)), np.zeros((40, 40), BF16))
