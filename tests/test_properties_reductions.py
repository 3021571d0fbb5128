"""Property tests for reductions and broadcasting against numpy: hypothesis draws an elementwise
prologue f (which may or may not keep the zero padding at zero), a reduction (sum or max, along
rows, columns or everything), how the result is used (stored, or broadcast back against the
block as in softmax and layernorm), shapes that are and are not multiples of 32, dtypes and
grids. Padding must never change a result."""

from __future__ import annotations

import hashlib
import importlib.util
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import BF16, f32

PROLOGUES = {  # source, numpy; the exp variants are not zero at zero: they need masking
    "x": ("{x}", lambda x: x),
    "x * x": ("{x} * {x}", lambda x: x * x),
    "exp(x)": ("tt.exp({x})", np.exp),
    "x + 1": ("{x} + 1.0", lambda x: x + 1.0),
    "relu(x) - 2": ("tt.relu({x}) - 2.0", lambda x: np.maximum(x, 0) - 2.0),
}
USES = ("store", "subtract", "divide")

TEMPLATE = """
import ttlang as tt


@tt.kernel
def k(x, out, W: tt.constexpr):
    for i in tt.program_range(x.tile_shape[0]):
        blk = x[i:i + 1, 0:W]
        v = {prologue}
        r = tt.{op}(v, axis={axis}, keepdims=True)
        {use}
"""


def _kernel_source(prologue: str, op: str, axis, use: str) -> str:
    src = TEMPLATE.replace("{prologue}", prologue.replace("{x}", "blk"))
    src = src.replace("{op}", op).replace("{axis}", repr(axis))
    if use == "store":
        shape_store = {1: "out[i, 0] = r", 0: "out[i, 0:W] = r", None: "out[i, 0] = r"}[axis]
        return src.replace("{use}", shape_store)
    if use == "subtract":
        return src.replace("{use}", "out[i:i + 1, 0:W] = v - r")
    return src.replace("{use}", "out[i:i + 1, 0:W] = v / (tt.abs(r) + 1.0)")


_modules: dict[str, object] = {}


def _load(source: str, tmp_dir):
    if source not in _modules:
        name = "ttl_red_" + hashlib.sha1(source.encode()).hexdigest()[:16]
        path = tmp_dir / f"{name}.py"
        path.write_text(source)
        spec = importlib.util.spec_from_file_location(name, path)
        mod = importlib.util.module_from_spec(spec)
        sys.modules[name] = mod
        spec.loader.exec_module(mod)
        _modules[source] = mod.k
    return _modules[source]


@pytest.fixture(scope="module")
def src_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("reduction_kernels")


def _reference(x, prologue, op, axis, use):
    v = PROLOGUES[prologue][1](x)
    r = (np.sum if op == "sum" else np.max)(v, axis=axis, keepdims=True)
    if use == "store":
        return r
    if use == "subtract":
        return v - r
    return v / (np.abs(r) + 1.0)


@settings(max_examples=30, deadline=None)
@given(
    prologue=st.sampled_from(sorted(PROLOGUES)),
    op=st.sampled_from(["sum", "max"]),
    axis=st.sampled_from([1, 0, None]),
    use=st.sampled_from(USES),
    rows=st.sampled_from([1, 7, 32, 45]),
    cols=st.sampled_from([1, 20, 32, 70, 100]),
    dt=st.sampled_from([np.float32, BF16]),
    grid=st.sampled_from([1, 2, (1, 3)]),
    seed=st.integers(0, 2**16),
)
def test_reduction_matches_numpy(src_dir, prologue, op, axis, use, rows, cols, dt, grid, seed):
    if use == "store" and axis is None:
        use = "subtract"
    # One block row per program: rows of one tile row (a kernel reduces within its block).
    rows = min(rows, 32)
    w = -(-cols // 32)
    source = _kernel_source(PROLOGUES[prologue][0], op, axis, use)
    kernel = _load(source, src_dir)
    rng = np.random.default_rng(seed)
    x = (
        (rng.standard_normal((rows, cols)) - (1.5 if op == "max" else 0))
        .astype(np.float32)
        .astype(dt)
    )
    ref = _reference(f32(x), prologue, op, axis, use).astype(np.float32)
    out_shape = ref.shape if use == "store" else (rows, cols)
    out = np.zeros(out_shape, dt)
    kernel[grid](x, out, w)
    got = f32(out)
    scale = np.abs(ref).max() + 1e-3
    if dt == np.float32:
        # the sums are formed in a different order than numpy's (pairwise) sum
        np.testing.assert_allclose(got, ref, rtol=1e-4, atol=1e-5 * scale * cols, err_msg=source)
    else:
        np.testing.assert_allclose(got, ref, rtol=2e-2, atol=2e-2 * scale, err_msg=source)
