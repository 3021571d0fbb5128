"""Kernels specialise on which tensor dims are whole tiles (multiples of 32), as Triton
specialises on divisibility by 16: along such a dim no tile has padding, so reductions and
products need no mask there. The specialisation is part of the cache key: a launch with the same
tile counts but padding compiles (and runs) its own program."""

from __future__ import annotations

import numpy as np
import pytest

import ttlang as tt
from tests.helpers import BF16, f32, rand
from ttlang.examples import normalization, reductions


def masks(ck) -> int:
    return ck.reader.count("ttl_fill_mask(")


@pytest.mark.parametrize("shape,masked", [((64, 96), False), ((64, 90), True), ((60, 96), True)])
def test_softmax_masks_only_tensors_with_padding(shape, masked):
    x = rand(shape, BF16, seed=1)
    out = np.zeros_like(x)
    ck = normalization.softmax[2](x, out)
    assert (masks(ck) > 0) == masked
    xf = f32(x)
    e = np.exp(xf - xf.max(1, keepdims=True))
    np.testing.assert_allclose(f32(out), e / e.sum(1, keepdims=True), rtol=2e-2, atol=1e-3)


def test_the_same_tile_counts_with_and_without_padding_are_two_programs():
    # row_max: x.tile_shape is a runtime value, so only the alignment tells the two apart; a max
    # must not see the zeros of padding columns.
    whole, padded = rand((64, 64), seed=2) - 5, rand((64, 60), seed=3) - 5
    out = np.zeros((64, 1), np.float32)
    a = reductions.row_max[2](whole, out)
    np.testing.assert_array_equal(out, whole.max(1, keepdims=True))
    assert masks(a) == 0
    b = reductions.row_max[2](padded, out)
    np.testing.assert_array_equal(out, padded.max(1, keepdims=True))
    assert masks(b) > 0 and a is not b
    # And back: the whole-tile program again, from the in-memory cache.
    assert reductions.row_max[2](whole, out) is a


def test_only_kernels_that_mask_specialise_on_whole_tiles():
    from tests.helpers import kernel_ir, tensor

    def add_one(a, c):
        for t in tt.program_range(c.num_tiles):
            c[t] = a[t] + 1.0

    def row_sums(x, out):
        for i in tt.program_range(x.tile_shape[0]):
            out[i, 0] = tt.sum(x[i, 0], axis=1, keepdims=True)

    assert kernel_ir(add_one, {"a": (40, 64), "c": (40, 64)}, a=tensor(), c=tensor()).shape_consts == ()
    k = kernel_ir(row_sums, {"x": (40, 64), "out": (40, 1)}, x=tensor(), out=tensor())
    assert k.shape_consts == (("x", "cols_whole", 1), ("x", "rows_whole", 0))
    assert k.aligned == (("x", "cols"),)
