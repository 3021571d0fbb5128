"""numpy models of the Tensix data formats and of the compute operations, written from the
hardware documentation (see ttlang/emulator/src/compute_ops.cpp and tile.hpp) independently of
the emulator's C++: the tests compare the emulator bit for bit against these, and against plain
numpy arithmetic within the documented error bounds.

Tiles are arrays of 1024 float32 values in the device layout (four 16x16 faces, each row-major);
`tilize` / `untilize` convert row-major matrices.
"""

from __future__ import annotations

import ml_dtypes
import numpy as np

BF16 = ml_dtypes.bfloat16
F32 = np.float32


# ------------------------------------------------------------------------------------------
# Bits and rounding


def bits(x) -> np.ndarray:
    a = np.asarray(x, dtype=F32)
    return np.ascontiguousarray(a).view(np.uint32).reshape(a.shape)


def from_bits(u) -> np.ndarray:
    a = np.asarray(u, dtype=np.uint32)
    return np.ascontiguousarray(a).view(F32).reshape(a.shape)


def masked(x, mask: int) -> np.ndarray:
    return from_bits(bits(x) & np.uint32(mask))


def bf16(x) -> np.ndarray:
    """float32 -> bfloat16 -> float32, round to nearest even."""
    return np.asarray(x, dtype=F32).astype(BF16).astype(F32)


def tf32(x) -> np.ndarray:
    """SrcA/SrcB keep 10 mantissa bits of Float32 data (truncated)."""
    return masked(x, 0xFFFFE000)


# ------------------------------------------------------------------------------------------
# Tile layout


def tilize(m: np.ndarray) -> np.ndarray:
    """Row-major (R, C) -> (R/32 * C/32, 1024): tiles in row-major order, each as its faces."""
    r, c = m.shape
    t = m.reshape(r // 32, 2, 16, c // 32, 2, 16).transpose(0, 3, 1, 4, 2, 5)
    return np.ascontiguousarray(t).reshape(-1, 1024)


def untilize(t: np.ndarray, r: int, c: int) -> np.ndarray:
    t = np.asarray(t).reshape(r // 32, c // 32, 2, 2, 16, 16).transpose(0, 2, 4, 1, 3, 5)
    return np.ascontiguousarray(t).reshape(r, c)


def faces(tile: np.ndarray) -> np.ndarray:
    """One tile (1024,) -> (4, 16, 16) faces."""
    return np.asarray(tile).reshape(4, 16, 16)


# ------------------------------------------------------------------------------------------
# Bfp8_b: 64 shared exponents (one per 16-datum face row), then 1024 sign-magnitude datums.


def bfp8_host_encode(x: np.ndarray) -> bytes:
    """tt-metal's host conversion (pack_as_bfp8_tiles): tiles (n, 1024) in face order -> bytes.

    Shared exponent: the largest fp32 exponent field of the row. Each 24-bit significand is
    shifted right (truncating) to it, then rounded to 7 bits, nearest, ties to even, saturating;
    zero/denormal inputs and zero magnitudes are written as +0."""
    x = np.asarray(x, dtype=F32).reshape(-1, 64, 16)
    u = bits(x).astype(np.int64)
    e = (u >> 23) & 0xFF
    shared = e.max(axis=-1)
    sig = (u & 0x7FFFFF) | 0x800000
    d = shared[..., None] - e
    sig = np.where(d >= 32, 0, sig >> np.minimum(d, 31))
    rest, q = sig & 0x1FFFF, sig >> 17
    q = q + ((rest > 0x10000) | ((rest == 0x10000) & ((q & 1) == 1)))
    q = np.minimum(q, 127)
    q = np.where(e == 0, 0, q)
    m = np.where(q == 0, 0, ((u >> 31) << 7) | q)
    return _bfp8_bytes(shared, m)


def bfp8_pack(x: np.ndarray) -> bytes:
    """The device packer (Wormhole ISA, packer format conversion): each value rounded to E8M6
    (7 significant bits, nearest, ties away from zero; zero/denormal -> +0), shared exponent =
    the largest E8M6 exponent of the row, magnitudes shifted to it with rounding to nearest,
    ties away from zero; a zero magnitude is written as +0."""
    x = np.asarray(x, dtype=F32).reshape(-1, 64, 16)
    u = bits(x).astype(np.int64)
    e = (u >> 23) & 0xFF
    r = (((u & 0x7FFFFF) | 0x800000) + (1 << 16)) >> 17
    carry = r == 128
    r = np.where(carry, 64, r)
    e = e + carry
    r = np.where(((u >> 23) & 0xFF) == 0, 0, r)
    r = np.where(((u >> 23) & 0xFF) == 255, 64, r)
    e = np.where(r == 0, 0, np.where(((u >> 23) & 0xFF) == 255, 255, e))
    shared = e.max(axis=-1)
    sh = shared[..., None] - e
    half = np.where(sh > 0, 1 << np.maximum(sh - 1, 0), 0)
    q = np.where((r > 0) & (sh < 8), (r + half) >> np.minimum(sh, 7), 0)
    m = np.where(q == 0, 0, ((u >> 31) << 7) | q)
    return _bfp8_bytes(shared, m)


def _bfp8_bytes(shared: np.ndarray, m: np.ndarray) -> bytes:
    out = np.zeros((shared.shape[0], 1088), dtype=np.uint8)
    out[:, :64] = shared
    out[:, 64:] = m.reshape(-1, 1024)
    return out.tobytes()


def _bfp8_fields(raw: bytes):
    b = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 1088)
    exps = np.repeat(b[:, :64].astype(np.int64), 16, axis=1)
    m = b[:, 64:].astype(np.int64)
    return exps, m & 0x7F, (m >> 7) == 1


def bfp8_unpack(raw: bytes) -> np.ndarray:
    """The device unpacker (BFP8 -> BF16): sign with magnitude 0 reads as -infinity. Flat."""
    exps, mag, neg = _bfp8_fields(raw)
    v = np.ldexp(mag.astype(np.float64), exps - 133)
    v = np.where(neg, -v, v)
    v = np.where(mag == 0, np.where(neg, -np.inf, 0.0), v)
    return v.astype(F32).reshape(-1)


def bfp8_host_decode(raw: bytes) -> np.ndarray:
    """tt-metal's host conversion (unpack_bfp8_tiles_into_float_vec): magnitude 0 -> +-0.0. Flat."""
    exps, mag, neg = _bfp8_fields(raw)
    v = np.ldexp(mag.astype(np.float64), exps - 133)
    return np.where(neg, -v, v).astype(F32).reshape(-1)


# ------------------------------------------------------------------------------------------
# The FPU multiplier: SrcA in parts of 5 + 5 significant bits... (implicit one + 4, then 6),
# SrcB in 7 + 4 (implicit one + 6, then 4). A product at a fidelity is b1 * a1 + b2 * a2.

LOFI, HIFI2, HIFI3, HIFI4 = 0, 2, 3, 4
FIDELITY = {"LoFi": LOFI, "HiFi2": HIFI2, "HiFi3": HIFI3, "HiFi4": HIFI4}


def srcb_parts(v, fid):
    h = masked(v, 0xFFFE0000)
    if fid >= HIFI4:
        return np.asarray(v, F32), np.zeros_like(h)
    return h, (np.asarray(v, F32) - h if fid == HIFI3 else np.zeros_like(h))


def srca_parts(v, fid):
    h = masked(v, 0xFFF80000)
    if fid <= 1:
        return h, np.zeros_like(h)
    return np.asarray(v, F32), (h if fid == HIFI3 else np.zeros_like(h))


def product(srca, srcb, fid) -> np.ndarray:
    a1, a2 = srca_parts(srca, fid)
    b1, b2 = srcb_parts(srcb, fid)
    return (b1 * a1 + b2 * a2).astype(F32)


def dst_round(x, fp32_acc: bool) -> np.ndarray:
    x = np.asarray(x, dtype=F32)
    return x if fp32_acc else bf16(x)


# ------------------------------------------------------------------------------------------
# Matmul: per 16-deep MVMUL, a fp32 sum from zero (k ascending) added into DST with rounding.


def matmul(a: np.ndarray, b: np.ndarray, fid: int, fp32_acc: bool) -> np.ndarray:
    """C = a @ b for SrcB-ready a (M, K) and SrcA-ready b (K, N), K a multiple of 16."""
    a1, a2 = srcb_parts(a, fid)
    b1, b2 = srca_parts(b, fid)
    d = np.zeros((a.shape[0], b.shape[1]), dtype=F32)
    for k0 in range(0, a.shape[1], 16):
        p = np.zeros_like(d)
        for k in range(k0, k0 + 16):
            p = (p + (a1[:, k : k + 1] * b1[k : k + 1, :] + a2[:, k : k + 1] * b2[k : k + 1, :])).astype(F32)
        d = dst_round(d + p, fp32_acc)
    return d


# ------------------------------------------------------------------------------------------
# Reduce (one DST tile, accumulating over several data tiles)


def _pool_scale(v, s, tf32_style: bool):
    es = (bits(s) >> 23) & 0xFF
    ev = (bits(v) >> 23) & 0xFF
    m = masked(v, 0xFFFFE000 if tf32_style else 0xFFFF0000).astype(np.float64)
    out = np.ldexp(m, es.astype(np.int64) - 127)
    out = np.where(ev == 0, 0.0, out)
    return np.where(es == 0, -np.inf, out)


class ReduceDst:
    """One DST tile in face layout (4, 16, 16) with the undefined-row state of a fresh DST."""

    def __init__(self, fp32_acc: bool):
        self.d = np.zeros((4, 16, 16), dtype=F32)
        self.undefined = np.ones((4, 16), dtype=bool)
        self.fp32 = fp32_acc

    def read_max(self, f, r):  # GMPOOL's view of a DST row
        if self.undefined[f, r]:
            return np.full(16, -np.inf)
        return masked(self.d[f, r], 0xFFFFE000 if self.fp32 else 0xFFFF0000).astype(np.float64)

    def write_max(self, v):
        v = np.asarray(v, dtype=F32)
        return masked(v, 0xFFFFE000 if self.fp32 else 0xFFFF0000)


def reduce_tile(dst: ReduceDst, data, scaler, pool: str, dim: str, fid: int, tf32_style=False):
    """One reduce_tile<pool, dim> of data tile `data` with scaler tile `scaler` into `dst`."""
    a = faces(data)
    s = faces(scaler)
    d = dst.d
    if pool == "MAX":
        if dim == "ROW":
            for df in (0, 2):
                acc = dst.read_max(df, 0)
                for f in (df, df + 1):
                    # data column i of face f scaled by scaler face f row 0 element i
                    acc = np.maximum(acc, _pool_scale(a[f], s[f][0][None, :], tf32_style).max(axis=1))
                w = dst.write_max(acc)
                d[df] = 0
                d[df, 0, :] = w
                d[df, :, 0] = w
                dst.undefined[df] = False
        elif dim == "COL":
            for f in range(4):
                df = f % 2
                acc = np.maximum(dst.read_max(df, 0), _pool_scale(a[f], s[f][0][:, None], tf32_style).max(axis=0))
                d[df, 0] = dst.write_max(acc)
                d[df, 1:4] = 0
                dst.undefined[df, 0:4] = False
        else:
            for f in range(4):
                acc = np.maximum(dst.read_max(0, 4), _pool_scale(a[f], s[f][0][:, None], tf32_style).max(axis=0))
                d[0, 4] = dst.write_max(acc)
                d[0, 5:8] = 0
                dst.undefined[0, 4:8] = False
            col = d[0, 4].copy()
            d[0, 4] = 0
            dst.undefined[0, 4] = True
            src_a = np.zeros((16, 16), dtype=F32)
            src_a[:, 0] = col
            acc = np.maximum(dst.read_max(0, 0), _pool_scale(src_a, s[3][0][:, None], tf32_style).max(axis=0))
            d[0, 0] = dst.write_max(acc)
            d[0, 1:4] = 0
            dst.undefined[0, 0:4] = False
        return
    rnd = lambda x: dst_round(x, dst.fp32)  # noqa: E731
    if dim == "ROW":
        for df in (0, 2):
            for side in (0, 1):
                f, g = df + side, side
                p = np.zeros((16, 16), dtype=F32)
                for k in range(16):
                    p = (p + product(s[g][:, k][None, :], a[f][:, k][:, None], fid)).astype(F32)
                d[df] = rnd(d[df] + p)
            dst.undefined[df] = False
        return

    def pool_into(f, row):
        p = np.zeros(16, dtype=F32)
        for k in range(16):
            p = (p + product(a[f][k], s[f][0][k], fid)).astype(F32)
        return rnd(row + p)

    if dim == "COL":
        for f in range(4):
            d[f % 2, 0] = pool_into(f, d[f % 2, 0])
            dst.undefined[f % 2, 0:4] = False
        return
    for f in range(4):
        d[0, 4] = pool_into(f, d[0, 4])
    col = tf32(d[0, 4])
    d[0, 4] = 0
    dst.undefined[0, 4:8] = False
    dst.undefined[0, 4] = True
    p = F32(0)
    for i in range(16):
        p = F32(p + product(col[i], s[3][0][i], fid))
    d[0, 0, 0] = rnd(d[0, 0, 0] + p)
    dst.undefined[0, 0:4] = False


def reduce_pack_mask(tile: np.ndarray, dim: str) -> np.ndarray:
    """The packer's edge mask after reduce_init: only the result datums are written."""
    t = faces(tile)
    out = np.zeros_like(t)
    if dim == "ROW":
        out[:, :, 0] = t[:, :, 0]  # datum 0 of every face row: tile columns 0 and 16
    elif dim == "COL":
        out[0:2, 0, :] = t[0:2, 0, :]
    else:
        out[0, 0, 0] = t[0, 0, 0]
    return out.reshape(1024)
