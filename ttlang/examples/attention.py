"""Batched matmul and attention over heads, on N-D tensors: (B, M, K) @ (B, K, N), and
softmax(Q K^T * scale [+ causal mask]) V for Q, K, V of shape (B, H, S, D).

`flash_attention` never materialises the S x S scores: per block of BQ query tiles it walks the
K/V blocks with an online softmax (a running row max m and row sum l, the partial output
rescaled by exp(m_old - m_new) whenever the max grows), as FlashAttention does. Scores,
statistics and the output accumulate in float32 (fp32 DST); inputs may be bfloat16.

    from ttlang.examples import attention
    attention.attention(q, k, v, causal=True)        # numpy in, numpy out
"""

import numpy as np

import ttlang as tt


@tt.kernel
def bmm(a, b, c):
    """c[z] = a[z] @ b[z] for every batch z, one output tile per step."""
    B, Mt, Nt = c.tile_shape
    Kt = a.tile_shape[2]
    for t in tt.program_range(B * Mt * Nt):
        z = t // (Mt * Nt)
        m = (t // Nt) % Mt
        n = t % Nt
        acc = tt.zeros((32, 32), tt.float32)
        for k in range(Kt):
            acc += a[z, m, k] @ b[z, k, n]
        c[z, m, n] = acc


@tt.kernel
def bmm_blocked(a, b, c, BM: tt.constexpr, BN: tt.constexpr, BK: tt.constexpr):
    """bmm in BM x BN blocks of tiles over BK-tile steps of K (the tile counts must divide by the
    block sizes): the blocks of a and b are read with one barrier and multiplied in DST
    subblocks (matmul_block)."""
    B, Mt, Nt = c.tile_shape
    Kt = a.tile_shape[2]
    per = (Mt // BM) * (Nt // BN)
    for t in tt.program_range(B * per):
        z = t // per
        m = (t % per) // (Nt // BN) * BM
        n = (t % per) % (Nt // BN) * BN
        acc = tt.zeros((32 * BM, 32 * BN), tt.float32)
        for k in range(0, Kt, BK):
            acc += a[z, m:m + BM, k:k + BK] @ b[z, k:k + BK, n:n + BN]
        c[z, m:m + BM, n:n + BN] = acc


@tt.func
def _online_softmax_step(s, v_blk, m, l, acc):
    """One K/V block of the online softmax: the new row max, the rescaled row sum and output."""
    m_new = tt.maximum(m, tt.max(s, axis=1, keepdims=True))
    p = tt.exp(s - m_new)
    alpha = tt.exp(m - m_new)  # rescales what was summed under the old max
    return m_new, l * alpha + tt.sum(p, axis=1, keepdims=True), acc * alpha + p @ v_blk


@tt.kernel
def flash_attention(q, k, v, o, mask, scale, BQ: tt.constexpr, CAUSAL: tt.constexpr):
    """o = softmax(q @ k^T * scale [+ causal mask]) @ v per (batch, head), BQ query tiles per
    step and BQ key tiles per K/V block. With CAUSAL, the blocks above the diagonal are skipped
    and the diagonal block adds `mask` (BQ x BQ tiles: 0 on and below the diagonal, -1e9 above;
    causal_mask() makes it); without, `mask` is not read. The head dim is one block
    (q.tile_shape[3], compiled in). Each program takes a contiguous share of the (batch, head,
    query block) steps, the query blocks of a head in zigzag order (0, last, 1, last - 1, ...):
    with CAUSAL a late query block has more K/V blocks than an early one, and a share of
    consecutive pairs has as much work as any other."""
    B, H, St, Dt = q.tile_shape
    Sk = k.tile_shape[2]
    nq = (St + BQ - 1) // BQ
    for t in tt.program_range(B * H * nq):
        b = t // (H * nq)
        h = (t // nq) % H
        u = t % nq
        odd = u % 2
        i = (odd * (nq - 1 - u // 2) + (1 - odd) * (u // 2)) * BQ
        qb = q[b, h, i:i + BQ, 0:Dt]
        m = tt.full((32 * BQ, 1), -1e30, tt.float32)
        l = tt.zeros((32 * BQ, 1), tt.float32)
        acc = tt.zeros((32 * BQ, 32 * Dt), tt.float32)
        if CAUSAL:
            for j in range(0, i, BQ):  # the blocks left of the diagonal: no mask
                s = (qb @ tt.transpose(k[b, h, j:j + BQ, 0:Dt])) * scale
                m, l, acc = _online_softmax_step(s, v[b, h, j:j + BQ, 0:Dt], m, l, acc)
            sd = (qb @ tt.transpose(k[b, h, i:i + BQ, 0:Dt])) * scale + mask[0:BQ, 0:BQ]
            m, l, acc = _online_softmax_step(sd, v[b, h, i:i + BQ, 0:Dt], m, l, acc)
        else:
            for j in range(0, Sk, BQ):
                s = (qb @ tt.transpose(k[b, h, j:j + BQ, 0:Dt])) * scale
                m, l, acc = _online_softmax_step(s, v[b, h, j:j + BQ, 0:Dt], m, l, acc)
        o[b, h, i:i + BQ, 0:Dt] = acc / l


def causal_mask(bq: int, dtype=np.float32) -> np.ndarray:
    """The diagonal block's additive mask for flash_attention: (32 bq, 32 bq), 0 where key <=
    query, -1e9 where the key comes later."""
    n = 32 * bq
    return np.where(np.tril(np.ones((n, n), bool)), 0.0, -1e9).astype(dtype)


def attention(q, k, v, *, causal: bool = False, scale: float | None = None, bq: int = 1, grid=(8, 8)):
    """softmax(q @ k^T * scale [+ causal]) @ v for (B, H, S, D) arrays (numpy or device tensors),
    with flash_attention; returns the output as a numpy array (or a device tensor for device
    inputs). `scale` defaults to 1/sqrt(D). A causal S must be a multiple of 32 * bq (the
    diagonal block's mask assumes aligned blocks)."""
    S, D = q.shape[-2:]
    if causal and (S % (32 * bq) or k.shape[-2] != S):
        raise ValueError(f"causal attention needs S ({S}) a multiple of {32 * bq} and K as long as Q")
    scale = 1.0 / float(np.sqrt(D)) if scale is None else float(scale)
    mask = causal_mask(bq, np.float32 if q.dtype == np.float32 else q.dtype)
    if isinstance(q, tt.Tensor):
        o = tt.empty(q.shape, tt.float32 if q.dtype == np.float32 else tt.bfloat16)
        mask = tt.to_device(mask)
    else:
        o = np.zeros(q.shape, q.dtype)
    flash_attention[grid](q, k, v, o, mask, scale, bq, causal)
    return o


@tt.kernel
def mlp(x, w1, w2, out):
    """out = gelu(x @ w1) @ w2, fused per row of tiles: the hidden row gelu(x[m] @ w1) stays in
    L1 (a block as wide as w1) and is multiplied by w2 without a trip through DRAM."""
    Mt, Kt = x.tile_shape
    Ht = w1.tile_shape[1]
    Nt = w2.tile_shape[1]
    for m in tt.program_range(Mt):
        h = tt.gelu(x[m:m + 1, 0:Kt] @ w1[0:Kt, 0:Ht])
        out[m:m + 1, 0:Nt] = h @ w2[0:Ht, 0:Nt]
