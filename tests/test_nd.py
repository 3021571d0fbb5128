"""N-D tensors: arrays with leading batch dimensions, (B, M, N) or (B, H, S, D). A tile index takes
one integer per leading dimension and the two tile coordinates (q[b, h, i, j]); blocks are on the
last two dimensions; x.shape / x.tile_shape cover every dimension, and the launcher pads only
the last two (each matrix to whole tiles). Against numpy, on numpy arrays and device tensors."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ttlang as tt
from tests.helpers import BF16, f32, rand, sized
from tests.test_kernels import close

DTYPES = [np.float32, BF16]
IDS = ["float32", "bfloat16"]


@tt.kernel
def bmm(a, b, c):
    """c[z] = a[z] @ b[z], one output tile per step."""
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
def add_flat(x, y, out):
    """out = x + y over every tile, in row-major tile order of all the dimensions (x[t])."""
    for t in tt.program_range(out.num_tiles):
        out[t] = x[t] + y[t]


@tt.kernel
def softmax_heads(x, out):
    """Softmax along the last dimension of a (B, H, S, D) tensor, one row of tiles per step: a
    block as wide as the tensor (x[b, h, m, 0:Nt])."""
    B, H, Mt, Nt = x.tile_shape
    for t in tt.program_range(B * H * Mt):
        b = t // (H * Mt)
        h = (t // Mt) % H
        m = t % Mt
        row = x[b, h, m, 0:Nt]
        e = tt.exp(row - tt.max(row, axis=1, keepdims=True))
        out[b, h, m, 0:Nt] = e / tt.sum(e, axis=1, keepdims=True)


@tt.kernel
def col_sums_flat(x, out):
    """out[z, 0, :] = the column sums of matrix z, reading x by flat tile index (x[t]): the
    padding of each matrix's last tile row must be masked, not only the tensor's last one."""
    B, Mt, Nt = x.tile_shape
    for t in tt.program_range(B * Nt):
        z = t // Nt
        n = t % Nt
        acc = tt.zeros((1, 32), tt.float32)
        for m in range(Mt):
            acc += tt.sum(x[(z * Mt + m) * Nt + n], axis=0, keepdims=True)
        out[z, 0, n] = acc


def _ref_softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


@pytest.mark.parametrize("dt", DTYPES, ids=IDS)
@pytest.mark.parametrize(
    "shape_a, shape_b, grid",
    [((2, 32, 32), (2, 32, 32), 1), ((3, 70, 90), (3, 90, 50), (2, 2)), ((1, 64, 40), (1, 40, 96), 3)],
)
def test_batched_matmul(dt, shape_a, shape_b, grid):
    a, b = rand(shape_a, dt, 1), rand(shape_b, dt, 2)
    c = np.zeros((shape_a[0], shape_a[1], shape_b[2]), dt)
    bmm[grid](a, b, c)
    close(c, f32(a) @ f32(b), dt)


@pytest.mark.parametrize("dt", DTYPES, ids=IDS)
@pytest.mark.parametrize("shape", [(2, 3, 40, 70), (4, 32, 32), (1, 1, 1, 5, 33)])
def test_elementwise_over_every_tile(dt, shape):
    x, y = rand(shape, dt, 3), rand(shape, dt, 4)
    out = np.zeros(shape, dt)
    add_flat[(2, 2)](x, y, out)
    np.testing.assert_array_equal(f32(out), f32((f32(x) + f32(y)).astype(dt)))


@pytest.mark.parametrize("dt", DTYPES, ids=IDS)
@pytest.mark.parametrize("shape", [(2, 3, 50, 70), (1, 2, 64, 128)])
def test_softmax_over_heads(dt, shape):
    x = rand(shape, dt, 5)
    out = np.zeros(shape, dt)
    ck = softmax_heads[(2, 2)](x, out)
    close(out, _ref_softmax(f32(x)), dt)
    # The block's width (x.tile_shape[3]) is compiled in; the batch dims stay runtime arguments.
    assert sized(ck.shape_consts) == (("x", "tile_cols", -(-shape[3] // 32)),)
    assert "x.dim0, x.dim1" in ck.meta["shapes"]


def test_flat_index_masks_the_padding_of_every_matrix():
    x = rand((3, 40, 64), np.float32, 6)  # 40 rows: each matrix's second tile row is padded
    out = np.zeros((3, 1, 64), np.float32)
    col_sums_flat[(1, 2)](x, out)
    close(out, x.sum(axis=1, keepdims=True), np.float32)


def test_blocked_batched_matmul_uses_block_reads():
    from ttlang.examples.attention import bmm_blocked  # noqa: PLC0415

    a, b = rand((2, 128, 64), BF16, 7), rand((2, 64, 128), BF16, 8)
    c = np.zeros((2, 128, 128), BF16)
    ck = bmm_blocked[(2, 2)](a, b, c, 2, 2, 2)
    close(c, f32(a) @ f32(b), BF16)
    assert "matmul_block(" in ck.compute


def test_shape_attributes():
    @tt.kernel
    def dims(x, out):
        B, H, R, C = x.shape
        b, h, tr, tc = x.tile_shape
        zero = tt.zeros((32, 32), tt.float32)
        out[0, 0] = zero + float(B * 1000000 + H * 100000 + R * 1000 + C)
        out[0, 1] = zero + float(b * 10000 + h * 1000 + tr * 100 + tc * 10 + x.ndim)
        out[0, 2] = zero + float(x.num_tiles)

    x = np.zeros((2, 3, 40, 70), np.float32)
    out = np.zeros((32, 96), np.float32)
    dims[1](x, out)
    assert out[0, 0] == 2 * 1000000 + 3 * 100000 + 40 * 1000 + 70
    assert out[0, 32] == 2 * 10000 + 3 * 1000 + 2 * 100 + 3 * 10 + 4
    assert out[0, 64] == 2 * 3 * 2 * 3


def test_a_4d_tensor_broadcasts_a_2d_row():
    @tt.kernel
    def bias_add(x, bias, out):
        B, H, Mt, Nt = out.tile_shape
        for t in tt.program_range(B * H * Mt * Nt):
            b = t // (H * Mt * Nt)
            h = (t // (Mt * Nt)) % H
            m = (t // Nt) % Mt
            n = t % Nt
            out[b, h, m, n] = x[b, h, m, n] + bias[0, n]

    x, bias = rand((2, 2, 40, 70), np.float32, 9), rand((1, 70), np.float32, 10)
    out = np.zeros_like(x)
    bias_add[(2, 2)](x, bias, out)
    np.testing.assert_array_equal(out, x + bias)


def _bmm_grid(a, b, c, BM: tt.constexpr, BN: tt.constexpr, BK: tt.constexpr):
    m = tt.program_id(0) * BM
    n = tt.program_id(1) * BN
    for z in range(c.shape[0]):
        acc = tt.zeros((32 * BM, 32 * BN), tt.float32)
        for k in range(0, a.tile_shape[2], BK):
            acc += a[z, m:m + BM, k:k + BK] @ b[z, k:k + BK, n:n + BN]
        c[z, m:m + BM, n:n + BN] = acc


def test_a_batched_grid_matmul_multicasts_each_batch():
    a, b = rand((3, 128, 64), BF16, 15), rand((3, 64, 192), BF16, 16)
    results = []
    for multicast in (True, False):
        c = np.zeros((3, 128, 192), BF16)
        ck = tt.kernel(multicast=multicast)(_bmm_grid)[(2, 3)](a, b, c, 2, 2, 2)
        assert ("ttl_mcast_block" in ck.reader) == multicast
        close(c, f32(a) @ f32(b), BF16)
        results.append(c)
    np.testing.assert_array_equal(results[0], results[1])


# Device tensors -------------------------------------------------------------------------------


def test_device_tensors_of_four_dimensions():
    x = rand((2, 3, 50, 70), np.float32, 11)
    d = tt.to_device(x)
    assert d.shape == (2, 3, 50, 70) and d.tile_shape == (2, 3, 2, 3)
    assert d.nbytes == 2 * 3 * 2 * 3 * 4096
    np.testing.assert_array_equal(d.numpy(), x)
    out = tt.empty(x.shape, tt.float32)
    softmax_heads[(2, 2)](d, out)
    close(out.numpy(), _ref_softmax(x), np.float32)


def test_a_stored_device_tensor_keeps_every_matrix_padding_zero():
    # add_flat writes whole tiles (x + y in the padding of each matrix's edge tiles is 0 + 0, but
    # of 1.0 + x it would not be): the runtime zeroes the padding of all matrices after the store.
    @tt.kernel
    def plus_one(x, out):
        for t in tt.program_range(out.num_tiles):
            out[t] = x[t] + 1.0

    x = rand((3, 40, 50), np.float32, 12)
    out = tt.empty(x.shape, tt.float32)
    plus_one[(1, 2)](tt.to_device(x), out)
    np.testing.assert_array_equal(out.numpy(), x + 1)
    sums = np.zeros((3, 1, 50), np.float32)
    col_sums_flat[1](out, sums)  # reads the padding too: it must be zero
    close(sums, (x + 1).sum(axis=1, keepdims=True), np.float32)


# Errors ---------------------------------------------------------------------------------------


def test_an_index_with_the_wrong_number_of_coordinates_is_an_error():
    @tt.kernel
    def bad(x, out):
        out[0, 0, 0] = x[0, 0]

    with pytest.raises(tt.TTLangTypeError) as info:
        bad[1](np.zeros((2, 32, 32), np.float32), np.zeros((2, 32, 32), np.float32))
    msg = str(info.value)
    assert "'x' has 3 dimensions: it is indexed by x[t] or x[b, i, j]" in msg
    assert "not 2 indices" in msg and "x[0, 0]" in msg and "^" in msg


def test_a_block_along_a_leading_dimension_is_an_error():
    @tt.kernel
    def bad(x, out):
        out[0, 0:1, 0] = x[0:2, 0, 0]

    with pytest.raises(tt.TTLangTypeError, match="blocks are on the last two dimensions"):
        bad[1](np.zeros((2, 32, 32), np.float32), np.zeros((2, 32, 32), np.float32))


def test_a_leading_index_out_of_range_is_a_located_runtime_error():
    @tt.kernel
    def past(x, out):
        out[0, 0, 0] = x[2, 0, 0]

    with pytest.raises(tt.TTLangRuntimeError) as info:
        past[1](np.zeros((2, 32, 32), np.float32), np.zeros((2, 32, 32), np.float32))
    msg = str(info.value)
    assert "tile index out of range for tensor 'x', which has 2x1x1 tiles (shape 2x32x32)" in msg
    assert "x[2, 0, 0]" in msg


def test_an_exported_n_d_launch_builds_runs_and_matches(tmp_path):
    from tests.launch.test_export import _env, _run  # noqa: PLC0415

    x = rand((2, 3, 40, 70), np.float32, 13)
    proj = tt.export(softmax_heads, (2, 2), x, np.zeros_like(x), out_dir=tmp_path / "proj")
    tensors = json.loads((proj / "data/manifest.json").read_text())["tensors"]
    assert tensors[0]["shape"] == [2, 3, 40, 70]
    env = _env()
    build = tmp_path / "build"
    for cmd in (
        ["cmake", "-S", str(proj), "-B", str(build), "-DTTLANG_EMULATOR=ON", f"-DPython3_EXECUTABLE={sys.executable}"],
        ["cmake", "--build", str(build), "-j2"],
    ):
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    run = _run(build / "ttlang_softmax_heads", env=env, cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "out: 2x3x40x70 float32 matches the expected output" in run.stdout
    out = np.fromfile(tmp_path / "outputs" / "out.bin", np.float32).reshape(x.shape)
    close(out, _ref_softmax(x), np.float32)


# Properties -----------------------------------------------------------------------------------


@tt.kernel
def scale_rows_by_max(x, out):
    """out[z] = x[z] / max|x[z]| along each row, on (Z, M, N): a flat leading index, a block as
    wide as the tensor, a reduction that must not see any matrix's padding."""
    Z, Mt, Nt = x.tile_shape
    for t in tt.program_range(Z * Mt):
        row = x[t // Mt, t % Mt, 0:Nt]
        out[t // Mt, t % Mt, 0:Nt] = row / (tt.max(tt.abs(row), axis=1, keepdims=True) + 1.0)


@settings(max_examples=12, deadline=None)
@given(
    lead=st.lists(st.integers(1, 3), min_size=1, max_size=3),
    rows=st.integers(1, 80),
    cols=st.integers(1, 80),
    dt=st.sampled_from(DTYPES),
    grid=st.sampled_from([1, 3, (2, 2)]),
    seed=st.integers(0, 2**16),
)
def test_property_every_matrix_is_its_own(lead, rows, cols, dt, grid, seed):
    """Elementwise over every tile of an N-D array and a row reduction over a 3-D view of it
    agree with numpy: no matrix's padding leaks into another's or into a result."""
    shape = (*lead, rows, cols)
    x, y = rand(shape, dt, seed), rand(shape, dt, seed + 1)
    out = np.zeros(shape, dt)
    add_flat[grid](x, y, out)
    np.testing.assert_array_equal(f32(out), f32((f32(x) + f32(y)).astype(dt)))
    x3 = x.reshape(-1, rows, cols)
    out3 = np.zeros_like(x3)
    scale_rows_by_max[grid](x3, out3)
    close(out3, f32(x3) / (np.abs(f32(x3)).max(-1, keepdims=True) + 1), dt)
