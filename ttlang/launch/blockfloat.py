"""The block-float formats Bfp8_b and Bfp4_b, modelled in numpy bit for bit.

A 32x32 tile is 64 shared exponents (one byte per 16-value row of a 16x16 face, faces in order,
rows in order), then its 1024 datums in the same order: a sign bit and a magnitude m of 7 bits
(Bfp8_b, one byte each) or 3 bits (Bfp4_b, two per byte, the first in the low nibble), with no
hidden bit: value = (-1)^s * m * 2^(e - 127 - (bits - 1)), e the row's shared exponent.

Two conversions write the format, and they round differently:
- the host's (tt-metal's pack_as_bfp8_tiles / pack_as_bfp4_tiles, blockfloat_common.cpp, as in
  the v0.81.1 libtt_metal.so): the shared exponent is the largest fp32 exponent field of the
  row; each 24-bit significand is shifted right to it (truncating), then rounded to the
  magnitude's bits, nearest, ties to even, saturating; zeros and denormals become +0, and so
  does any magnitude that rounds to 0. tt.to_device uses it.
- the device packer's (pack_tile into a Bfp8_b / Bfp4_b CB: the Wormhole packer): each value is
  first rounded to `bits` significant bits (nearest, ties away from zero), the shared exponent is
  the largest of those exponents, and each magnitude is shifted to it rounding to nearest, ties
  away from zero. A kernel storing into a block-float tensor writes this.
Both decode exactly (every value of the format is a bfloat16). The emulator's C++ implements
the same conversions (ttlang/emulator/src/tile.cpp); tests/test_bfp.py checks the two agree.
"""

from __future__ import annotations

import numpy as np

from ..errors import TTLangError, TTLangLaunchError
from ..language import dtype

EXP_BYTES = 64  # one shared exponent per 16-value face row, 64 rows a tile


def mag_bits(dt: dtype) -> int:
    """Bits of a datum's magnitude: 7 (Bfp8_b) or 3 (Bfp4_b)."""
    return dt.element_bits - 1


def _rows(tiles: np.ndarray) -> np.ndarray:
    """Face-order tiles (n, 1024) float32 -> their fp32 bit patterns as (n, 64, 16) int64."""
    t = np.ascontiguousarray(tiles, dtype=np.float32).reshape(-1, 64, 16)
    return t.view(np.uint32).astype(np.int64)


def _bytes(shared: np.ndarray, datums: np.ndarray, bits: int) -> np.ndarray:
    """(n, 64) exponents and (n, 64, 16) datums -> (n, tile bytes) uint8."""
    n = shared.shape[0]
    d = datums.reshape(n, 1024).astype(np.uint8)
    if bits == 3:
        d = d[:, 0::2] | (d[:, 1::2] << 4)
    return np.concatenate([shared.astype(np.uint8), d], axis=1)


def encode(tiles: np.ndarray, dt: dtype) -> np.ndarray:
    """The host conversion: face-order float32 tiles (n, 1024) -> (n, dt.tile_bytes) uint8."""
    bits = mag_bits(dt)
    u = _rows(tiles)
    e = (u >> 23) & 0xFF
    shared = e.max(axis=-1)
    sig = (u & 0x7FFFFF) | 0x800000
    shift = shared[..., None] - e
    sig = np.where(shift >= 32, 0, sig >> np.minimum(shift, 31))
    drop = 24 - bits
    tie = 1 << (drop - 1)
    rest, q = sig & ((1 << drop) - 1), sig >> drop
    q = q + ((rest > tie) | ((rest == tie) & ((q & 1) == 1)))
    q = np.minimum(q, (1 << bits) - 1)
    q = np.where(e == 0, 0, q)
    datums = np.where(q == 0, 0, ((u >> 31) << bits) | q)
    return _bytes(shared, datums, bits)


def pack(tiles: np.ndarray, dt: dtype) -> np.ndarray:
    """The device packer's conversion: face-order float32 tiles (n, 1024) -> (n, tile bytes)."""
    bits = mag_bits(dt)
    one = 1 << bits
    drop = 24 - bits
    u = _rows(tiles)
    raw_e = (u >> 23) & 0xFF
    r = (((u & 0x7FFFFF) | 0x800000) + (1 << (drop - 1))) >> drop
    carry = r == one
    r = np.where(carry, one >> 1, r)
    e = raw_e + carry
    r = np.where(raw_e == 0, 0, r)
    r = np.where(raw_e == 255, one >> 1, r)  # infinity (and NaN) -> the largest exponent
    e = np.where(r == 0, 0, np.where(raw_e == 255, 255, e))
    shared = e.max(axis=-1)
    sh = shared[..., None] - e
    half = np.where(sh > 0, 1 << np.maximum(sh - 1, 0), 0)
    q = np.where((r > 0) & (sh <= bits), (r + half) >> np.minimum(sh, bits + 1), 0)
    datums = np.where(q == 0, 0, ((u >> 31) << bits) | q)
    return _bytes(shared, datums, bits)


def decode(raw: np.ndarray, dt: dtype) -> np.ndarray:
    """(n * dt.tile_bytes) bytes of tiles -> face-order float32 tiles (n, 1024), exactly (the
    host's unpack_bfp*_tiles_into_float_vec: a zero magnitude is +-0)."""
    bits = mag_bits(dt)
    b = np.asarray(raw, dtype=np.uint8).reshape(-1, dt.tile_bytes)
    exps = np.repeat(b[:, :EXP_BYTES].astype(np.int64), 16, axis=1)
    d = b[:, EXP_BYTES:]
    if bits == 3:
        d = np.stack([d & 0xF, d >> 4], axis=-1).reshape(-1, 1024)
    d = d.astype(np.int64)
    mag, neg = d & ((1 << bits) - 1), (d >> bits) == 1
    v = np.ldexp(mag.astype(np.float64), exps - 127 - (bits - 1))
    return np.where(neg, -v, v).astype(np.float32)


def round_to(x, dt, *, rounding: str = "host") -> np.ndarray:
    """`x` as the device holds it in format `dt`, as a float32 array of x's shape: what
    `tt.to_device(x, dtype=dt).numpy()` returns (rounding="host"), or what a kernel storing the
    values `x` into a tensor of format `dt` leaves there (rounding="packer").

    For tt.float32 and tt.bfloat16 it is a cast (round to nearest even). For tt.bfp8_b and
    tt.bfp4_b the blocks of 16 that share an exponent are the rows of the 16x16 faces of x's
    32x32 tiles (x is padded with zeros to whole tiles, as on the device). x: a 2-D array."""
    from . import tensors
    from .device import _user_loc

    try:
        if not isinstance(dt, dtype):
            raise TTLangLaunchError(
                f"tt.round_to: dtype must be tt.float32, tt.bfloat16, tt.bfp8_b or tt.bfp4_b, "
                f"not {dt!r}",
                _user_loc(),
            )
        if rounding not in ("host", "packer"):
            raise TTLangLaunchError(
                f"tt.round_to: rounding is 'host' or 'packer', not {rounding!r}", _user_loc()
            )
        a = np.asarray(x)
        if a.dtype.kind not in "fiu" and a.dtype != dtype.bfloat16.numpy:
            raise TTLangLaunchError(f"tt.round_to: x must be a numeric array, not {a.dtype}", _user_loc())
        if not dt.block_float:
            return a.astype(dt.numpy).astype(np.float32)
        if a.ndim != 2 or a.size == 0:
            raise TTLangLaunchError(f"tt.round_to: x must be a non-empty 2-D array, got shape {a.shape}", _user_loc())
        if rounding == "host":
            raw = tensors.to_tiles(a, dt)
        else:
            faces = tensors.to_tiles(a.astype(np.float32), dtype.float32).view(np.float32)
            raw = pack(faces.reshape(-1, 1024), dt).reshape(-1)
        return tensors.from_tiles(raw, a.shape, dt).copy()
    except TTLangError as e:
        raise e.with_traceback(None) from None
