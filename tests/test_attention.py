"""ttlang/examples/attention.py against numpy: flash attention over (B, H, S, D) tensors (online
softmax over K/V blocks, causal and not, float32 and bfloat16 inputs, head dims 64 and 128),
batched blocked matmul, and the fused MLP.

Tolerances: float32 inputs reach the matrix engine as TF32 (10-bit mantissas), so Q K^T and P V
carry a relative error of about 2^-11 of sum |a||b|; bfloat16 inputs enter the products exactly,
the scores, P, the statistics and the accumulator are Float32 in L1 (P is truncated to TF32 in
P V), and a bfloat16 output rounds once on the store, to 8 significant bits (2^-8 relative)."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest

import ttlang as tt
from ttlang.examples import attention as A
from tests.helpers import BF16, f32, rand
from tests.test_kernels import close


def _reference(q, k, v, causal):
    q, k, v = f32(q), f32(k), f32(v)
    s = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    if causal:
        n = s.shape[-1]
        s = s + np.where(np.tril(np.ones((n, n), bool)), 0.0, -1e9)
    p = np.exp(s - s.max(-1, keepdims=True))
    return (p / p.sum(-1, keepdims=True)) @ v


def _attention(*args, **kwargs):
    with warnings.catch_warnings():  # head dim 128 is near the code-size limit: a warning, not an error
        warnings.simplefilter("ignore", tt.TTLangWarning)
        return A.attention(*args, **kwargs)


@pytest.mark.parametrize(
    "shape, dt, causal",
    [
        ((1, 2, 128, 64), np.float32, False),
        ((1, 2, 128, 64), np.float32, True),
        ((2, 2, 96, 64), BF16, True),
        ((1, 2, 100, 64), np.float32, False),  # S not a multiple of 32: padded keys are masked
        ((1, 1, 64, 128), BF16, False),
        ((1, 1, 64, 128), np.float32, True),
    ],
)
def test_flash_attention_matches_numpy(shape, dt, causal):
    q, k, v = (rand(shape, dt, seed) for seed in (1, 2, 3))
    out = _attention(q, k, v, causal=causal, grid=(2, 2))
    close(out, _reference(q, k, v, causal), dt, rtol_f32=5e-3)


def test_flash_attention_on_device_tensors():
    q, k, v = (rand((1, 2, 64, 64), BF16, seed) for seed in (4, 5, 6))
    out = _attention(*(tt.to_device(x) for x in (q, k, v)), causal=True, grid=(1, 2))
    assert isinstance(out, tt.Tensor) and out.shape == q.shape
    close(out.numpy(), _reference(q, k, v, True), BF16)


@pytest.mark.filterwarnings("ignore::ttlang.TTLangWarning")
def test_flash_attention_never_holds_the_scores():
    # Its CBs hold blocks of BQ x BQ tiles of scores, never a row of S x S: the L1 it uses does
    # not grow with S.
    def l1(S):
        q = rand((1, 1, S, 64), BF16, 7)
        ck = A.flash_attention.compile(q, q, q, np.zeros_like(q), A.causal_mask(1, BF16), 0.125, 1, False)
        sizes = re.findall(r"CircularBufferConfig\((\d+) \* (\d+),", ck.host)
        assert sizes
        return sum(int(n) * int(b) for n, b in sizes)

    assert l1(64) == l1(512)


@pytest.mark.filterwarnings("ignore::ttlang.TTLangWarning")
def test_the_rescale_factor_is_an_sfpu_pass_over_a_column():
    # alpha = exp(m - m_new) is a (32, 1) column: exp_tile processes faces 0 and 2 only.
    q = rand((1, 1, 64, 64), BF16, 14)
    ck = A.flash_attention.compile(q, q, q, np.zeros_like(q), A.causal_mask(1, BF16), 0.125, 1, False)
    assert "exp_tile(" in ck.compute and re.search(r"exp_tile\(\d+, VectorMode::C\)", ck.compute)


def test_causal_attention_needs_aligned_blocks():
    q = rand((1, 1, 100, 64), np.float32, 8)
    with pytest.raises(ValueError, match="causal attention needs S"):
        A.attention(q, q, q, causal=True)


def test_batched_blocked_matmul():
    a, b = rand((3, 128, 64), BF16, 9), rand((3, 64, 128), BF16, 10)
    c = np.zeros((3, 128, 128), BF16)
    ck = A.bmm_blocked[(2, 2)](a, b, c, 2, 2, 2)
    close(c, f32(a) @ f32(b), BF16)
    assert "matmul_block(" in ck.compute


def test_fused_mlp():
    x = rand((64, 96), BF16, 11)
    w1, w2 = rand((96, 256), BF16, 12, 0.1), rand((256, 64), BF16, 13, 0.1)
    out = np.zeros((64, 64), BF16)
    A.mlp[2](x, w1, w2, out)
    h = f32(x) @ f32(w1)
    g = 0.5 * h * (1 + np.tanh(np.sqrt(2 / np.pi) * (h + 0.044715 * h**3)))
    close(out, f32(g.astype(BF16)) @ f32(w2), BF16)
