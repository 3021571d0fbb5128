"""Host-side tensor layout: arrays <-> padded tiles in TT-Metalium's tile layout.

A tile is 32x32 elements stored as four 16x16 faces (top-left, top-right, bottom-left,
bottom-right), each row-major; tiles follow each other in row-major tile order, one tile per
DRAM page. An N-D array is the matrices of its last two dimensions (each padded to whole tiles),
one after the other in row-major order of its leading indices, as TT-NN lays out a tiled
tensor. All conversions are single numpy reshapes and transposes; the block-float formats
(bfp8_b, bfp4_b) are converted from and to float32 tiles by blockfloat.py.
"""

from __future__ import annotations

import math

import numpy as np

from ..language import dtype
from . import blockfloat

TILE = 32
FACE = 16


def tile_shape(shape: tuple[int, ...]) -> tuple[int, ...]:
    """The shape in tiles: the last two dimensions in 32x32 tiles (padded up), the leading ones
    as they are."""
    *lead, rows, cols = shape
    return (*lead, -(-rows // TILE), -(-cols // TILE))


def to_tiles(a: np.ndarray, dt: dtype) -> np.ndarray:
    """An array as the bytes of its padded tiles (zero padding), in device order."""
    if dt.block_float:  # the host conversion of the float32 tiles (tt-metal's pack_as_bfp*_tiles)
        tiles = to_tiles(np.asarray(a).astype(np.float32, copy=False), dtype.float32)
        return blockfloat.encode(tiles.view(np.float32).reshape(-1, TILE * TILE), dt).reshape(-1)
    *lead, rows, cols = a.shape
    m = math.prod(lead)
    tr, tc = -(-rows // TILE), -(-cols // TILE)
    if rows % TILE or cols % TILE or a.dtype != dt.numpy:
        padded = np.zeros((m, tr * TILE, tc * TILE), dtype=dt.numpy)
        padded[:, :rows, :cols] = a.reshape(m, rows, cols)
    else:
        padded = a.reshape(m, rows, cols)  # whole tiles already: the transpose makes the one copy
    faces = padded.reshape(m, tr, 2, FACE, tc, 2, FACE).transpose(0, 1, 4, 2, 5, 3, 6)
    return np.ascontiguousarray(faces).reshape(-1).view(np.uint8)


def from_tiles(raw: np.ndarray, shape: tuple[int, ...], dt: dtype) -> np.ndarray:
    """The real region of a tensor from the bytes of its tiles."""
    if dt.block_float:  # decoded exactly into float32
        tiles = blockfloat.decode(raw, dt)
        return from_tiles(tiles.reshape(-1).view(np.uint8), shape, dtype.float32)
    *lead, rows, cols = shape
    tr, tc = -(-rows // TILE), -(-cols // TILE)
    m = math.prod(lead)
    faces = raw.view(dt.numpy).reshape(m, tr, tc, 2, 2, FACE, FACE)
    full = faces.transpose(0, 1, 3, 5, 2, 4, 6).reshape(m, tr * TILE, tc * TILE)
    return full[:, :rows, :cols].reshape(shape)


def nbytes(shape: tuple[int, ...], dt: dtype) -> int:
    return math.prod(tile_shape(shape)) * dt.tile_bytes
