"""Host-side tile layout: padding, faces, row-major tile order, round trips."""

from __future__ import annotations

import numpy as np
import pytest

from tests.helpers import BF16
from ttlang import language as tl
from ttlang.launch import tensors


def reference_tiles(a: np.ndarray) -> np.ndarray:
    """The tile layout written out element by element."""
    rows, cols = a.shape
    tr, tc = -(-rows // 32), -(-cols // 32)
    out = []
    for ti in range(tr):
        for tj in range(tc):
            for face in range(4):
                r0, c0 = ti * 32 + (face // 2) * 16, tj * 32 + (face % 2) * 16
                for r in range(16):
                    for c in range(16):
                        rr, cc = r0 + r, c0 + c
                        out.append(a[rr, cc] if rr < rows and cc < cols else 0)
    return np.array(out, dtype=a.dtype)


@pytest.mark.parametrize("shape", [(1, 1), (32, 32), (33, 70), (64, 1), (1, 100), (70, 130)])
@pytest.mark.parametrize("dt", [tl.float32, tl.bfloat16])
def test_to_tiles_matches_the_face_layout(shape, dt):
    a = (np.arange(shape[0] * shape[1]).reshape(shape) % 251).astype(dt.numpy)
    raw = tensors.to_tiles(a, dt)
    assert raw.nbytes == tensors.nbytes(shape, dt)
    np.testing.assert_array_equal(raw.view(dt.numpy), reference_tiles(a))
    np.testing.assert_array_equal(tensors.from_tiles(raw, shape, dt), a)


def test_non_contiguous_inputs():
    base = np.arange(100 * 80, dtype=np.float32).reshape(100, 80)
    view = base[::2, 1::3]  # strided
    raw = tensors.to_tiles(view, tl.float32)
    np.testing.assert_array_equal(tensors.from_tiles(raw, view.shape, tl.float32), view)
    f = np.asfortranarray(base)
    np.testing.assert_array_equal(
        tensors.from_tiles(tensors.to_tiles(f, tl.float32), f.shape, tl.float32), base
    )


def test_dtype_mapping():
    assert tl.dtype.of_numpy(np.dtype(np.float32)) is tl.float32
    assert tl.dtype.of_numpy(np.dtype(BF16)) is tl.bfloat16
    assert tl.dtype.of_numpy(np.dtype(np.float64)) is None
    assert tl.float32.device_format == "Float32" and tl.bfloat16.device_format == "Float16_b"
    assert (tl.float32.tile_bytes, tl.bfloat16.tile_bytes) == (4096, 2048)


@pytest.fixture(scope="module")
def runtime():
    from ttlang import arch as arch_mod
    from ttlang.launch import backend as backend_mod
    from ttlang.launch.runtime import runtime_for

    rt = runtime_for(backend_mod.get("emulator"))
    return rt, rt.device(arch_mod.get(None).name)


@pytest.mark.parametrize("shape", [(1, 1), (32, 32), (33, 70), (64, 1), (1, 100), (70, 130)])
@pytest.mark.parametrize("dt", [tl.float32, tl.bfloat16])
def test_runtime_tilizes_in_the_same_layout(runtime, shape, dt):
    """A launch's numpy arguments are tilized by the runtime straight into their buffers
    (write_tiles) and results untilized straight out (read_tiles): the same bytes as to_tiles,
    the padding zero, whatever the array's strides."""
    rt, dev = runtime
    base = (np.arange(4 * shape[0] * shape[1]).reshape(2 * shape[0], 2 * shape[1]) % 251).astype(
        dt.numpy
    )
    arrays = {
        "contiguous": np.ascontiguousarray(base[: shape[0], : shape[1]]),
        "strided": base[::2, ::2],
        "reversed rows": base[shape[0] - 1 :: -1, : shape[1]],
        "fortran": np.asfortranarray(base[: shape[0], : shape[1]]),
        "float64": base[: shape[0], : shape[1]].astype(np.float64),
    }
    for what, a in arrays.items():
        h = rt.alloc(dev, tensors.nbytes(shape, dt), dt.tile_bytes)
        try:
            rt.write_tiles(h, a, dt)
            raw = np.empty(tensors.nbytes(shape, dt), np.uint8)
            rt.read(h, raw)
            expected = reference_tiles(np.asarray(a, dt.numpy))
            np.testing.assert_array_equal(raw.view(dt.numpy), expected, err_msg=what)
            out = np.zeros((2 * shape[0], 3 * shape[1]), dt.numpy)[::2, 1::3]  # a strided view
            rt.read_tiles(h, out, dt)
            np.testing.assert_array_equal(out, np.asarray(a, dt.numpy), err_msg=what)
        finally:
            rt.free(h)
