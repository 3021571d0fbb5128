"""Block-float device tensors (tt.bfp8_b, tt.bfp4_b): the host conversion against the format's
numpy model and its error bound, kernels that read them (unpacked for bfloat16 / float32 math)
and store into them (the packer's rounding), mixed bfloat16 x Bfp8_b matmuls with the example
kernels, padding, the timing model's DRAM traffic, and the errors.

The emulator's C++ conversions are compared with ttlang's numpy model bit for bit in
tests/emulator/test_compute.py (test_bfp_host_pack_matches_ttlang_model and the packer tests);
here the kernels' device unpacker and packer are compared with it through launches."""

from __future__ import annotations

import ml_dtypes
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ttlang as tt
from tests.helpers import BF16, rand
from ttlang.examples import matmul as mm
from ttlang.launch import blockfloat, tensors

BFP = [tt.bfp8_b, tt.bfp4_b]


@tt.kernel
def copy(a, out):
    for t in tt.program_range(out.num_tiles):
        out[t] = a[t]


@tt.kernel
def add(a, b, out):
    for t in tt.program_range(out.num_tiles):
        out[t] = a[t] + b[t]


@tt.kernel
def exp_scale(a, out, s):
    for t in tt.program_range(out.num_tiles):
        out[t] = tt.exp(a[t]) * s


@tt.kernel
def row_sums(a, out):
    Mt, Nt = a.tile_shape
    for i in tt.program_range(Mt):
        acc = tt.zeros((32, 1), tt.float32)
        for j in range(Nt):
            acc += tt.sum(a[i, j], axis=1, keepdims=True)
        out[i, 0] = acc


def unit(x: np.ndarray, dt) -> np.ndarray:
    """One unit of the last magnitude bit, per element: 2^(e - 127 - (bits - 1)) for the row's
    shared exponent e (the largest fp32 exponent of the 16 values of its face row)."""
    faces = tensors.to_tiles(x.astype(np.float32), tt.float32).view(np.float32).reshape(-1, 64, 16)
    e = (faces.view(np.uint32) >> 23 & 0xFF).max(axis=-1).astype(np.int64)
    u = np.repeat(np.ldexp(1.0, e - 127 - (dt.element_bits - 2)), 16, axis=-1).astype(np.float32)
    return tensors.from_tiles(u.reshape(-1).view(np.uint8), x.shape, tt.float32)


# ------------------------------------------------------------------------------------------
# The host conversion


@pytest.mark.parametrize("dt", BFP, ids=str)
def test_to_device_round_trip_is_the_model(dt):
    x = rand((45, 70), scale=3.0)
    d = tt.to_device(x, dtype=dt)
    assert d.dtype is dt and d.shape == (45, 70) and d.tile_shape == (2, 3)
    assert d.nbytes == 6 * dt.tile_bytes == 6 * {tt.bfp8_b: 1088, tt.bfp4_b: 576}[dt]
    back = d.numpy()
    assert back.dtype == np.float32 and back.shape == x.shape
    np.testing.assert_array_equal(back, tt.round_to(x, dt))
    np.testing.assert_array_equal(np.asarray(d), back)
    # bfloat16 input converts as its float32 values do (pack_as_bfp8_tiles<bfloat16>).
    xb = x.astype(BF16)
    np.testing.assert_array_equal(tt.to_device(xb, dtype=dt).numpy(), tt.round_to(xb.astype(np.float32), dt))
    assert "dtype=" + dt.value in repr(d)


@pytest.mark.parametrize("dt", BFP, ids=str)
def test_empty_is_zero(dt):
    d = tt.empty((33, 64), dt)
    np.testing.assert_array_equal(d.numpy(), np.zeros((33, 64), np.float32))


finite = st.floats(-1e30, 1e30, allow_nan=False, width=32)


@given(
    st.sampled_from(BFP),
    st.integers(1, 40),
    st.integers(1, 40),
    st.integers(-20, 20),
    st.integers(0, 2**31),
)
def test_conversion_error_is_below_one_unit_of_the_block(dt, rows, cols, scale, seed):
    """|round_to(x) - x| < one unit of the row's shared exponent (half a unit of rounding, plus
    what the alignment shift truncates), except where the largest magnitude saturates; zeros stay
    zero; signs are kept."""
    rng = np.random.default_rng(seed)
    x = (rng.standard_normal((rows, cols)) * np.exp2(rng.integers(-6, 6, (rows, 1)) + scale)).astype(np.float32)
    x[rng.random((rows, cols)) < 0.1] = 0.0
    y = tt.round_to(x, dt)
    u = unit(x, dt)
    top = u * (2 ** (dt.element_bits - 1) - 0.5)  # from here up, the magnitude saturates
    err = np.abs(y - x)
    assert np.all((err < u) | (np.abs(x) >= top))
    assert np.all(y[x == 0] == 0)
    assert np.all(np.sign(y) * np.sign(x) >= 0)
    # Relative to the block's largest value: 2^-6 (bfp8_b) / 2^-2 (bfp4_b) at most.
    assert np.all(err <= u * 2 ** (dt.element_bits - 1) * 2.0 ** -(dt.element_bits - 2))


def test_measured_conversion_error_of_normal_data():
    """The figures docs/language.md quotes: standard normal data, error relative to the largest
    magnitude of each 16-value block and relative to each value's own magnitude (RMS)."""
    x = rand((256, 256), seed=3)
    figures = {}
    for dt in BFP:
        y = tt.round_to(x, dt)
        u = unit(x, dt) * 2 ** (dt.element_bits - 2)  # 2^e: the block max's binade
        figures[dt] = (np.max(np.abs(y - x) / u), np.sqrt(np.mean((y - x) ** 2) / np.mean(x**2)))
    assert figures[tt.bfp8_b][0] <= 2.0**-6 and figures[tt.bfp4_b][0] <= 2.0**-2
    assert 0.005 < figures[tt.bfp8_b][1] < 0.02
    assert 0.08 < figures[tt.bfp4_b][1] < 0.3


# ------------------------------------------------------------------------------------------
# Kernels


@pytest.mark.parametrize("dt", BFP, ids=str)
def test_kernel_unpacks_exactly(dt):
    """A kernel reading a block-float tensor sees its values exactly (the unpacker's BFP ->
    bfloat16 is exact), into float32 and bfloat16 outputs."""
    x = rand((64, 96), seed=1, scale=4.0)
    a = tt.to_device(x, dtype=dt)
    out = np.zeros((64, 96), np.float32)
    copy[4](a, out)
    np.testing.assert_array_equal(out, tt.round_to(x, dt))
    out16 = np.zeros((64, 96), BF16)
    copy[4](a, out16)
    np.testing.assert_array_equal(out16.astype(np.float32), tt.round_to(x, dt))


@pytest.mark.parametrize("dt", BFP, ids=str)
@pytest.mark.parametrize("src", [np.float32, BF16], ids=["float32", "bfloat16"])
def test_kernel_store_rounds_as_the_packer(dt, src):
    """Storing into a block-float tensor writes the packer's conversion of the DST values
    (float32 DST: a float32 input's values exactly; they round to nearest, ties away)."""
    x = rand((64, 64), src, seed=2, scale=2.0)
    out = tt.empty((64, 64), dt)
    copy[2](tt.to_device(x), out)
    want = tt.round_to(x.astype(np.float32), dt, rounding="packer")
    np.testing.assert_array_equal(out.numpy(), want)
    if src is np.float32:  # the two roundings differ (on some values)
        assert not np.array_equal(want, tt.round_to(x, dt))


@pytest.mark.parametrize("dt", BFP, ids=str)
def test_elementwise_and_sfpu_on_block_floats(dt):
    """a + b of two block-float tiles runs on the FPU (both are exact bfloat16 values); exp on
    the SFPU; the results stored into bfloat16 and a block-float output."""
    x, y = rand((64, 64), seed=4), rand((64, 64), seed=5)
    a, b = tt.to_device(x, dtype=dt), tt.to_device(y, dtype=tt.bfp8_b)
    xq, yq = tt.round_to(x, dt), tt.round_to(y, tt.bfp8_b)
    ck = add.compile(a, b, np.zeros((64, 64), BF16))
    assert "add_tiles(" in ck.compute and "reconfig_data_format(cb_in_a, cb_in_b)" in ck.compute
    out = np.zeros((64, 64), BF16)
    add[2](a, b, out)
    np.testing.assert_array_equal(out.astype(np.float32), (xq + yq).astype(BF16).astype(np.float32))
    q = tt.empty((64, 64), dt)
    exp_scale[2](a, q, 0.5)
    want = np.exp(xq) * np.float32(0.5)
    got = q.numpy()
    assert np.all(np.abs(got - want) <= 1.01 * unit(want, dt) + np.abs(want) * 2e-3)


def test_reduction_of_a_ragged_block_float_tensor():
    """Row sums over a bfp8_b tensor whose shape is not whole tiles: the padding is zero."""
    x = rand((40, 70), seed=6)
    a = tt.to_device(x, dtype=tt.bfp8_b)
    out = np.zeros((40, 1), np.float32)
    row_sums[2](a, out)
    want = tt.round_to(x, tt.bfp8_b).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(out, want, rtol=1e-2, atol=1e-2)


@pytest.mark.parametrize("dt", BFP, ids=str)
def test_store_into_a_ragged_block_float_tensor_zeroes_its_padding(dt):
    x = rand((40, 70), seed=7) + 3.0
    out = tt.empty((40, 70), dt)
    copy[2](tt.to_device(x), out)
    raw = np.empty(out.nbytes, np.uint8)
    out._rt.read(out._handle, raw)
    full = tensors.from_tiles(raw, (64, 96), dt)  # the whole tiles, padding included
    assert np.all(full[40:, :] == 0) and np.all(full[:, 70:] == 0)
    # The real region: the packer's rounding of the values (the padding the kernel computed was
    # zero here, so the shared exponents are the real values').
    np.testing.assert_array_equal(out.numpy(), tt.round_to(x, dt, rounding="packer"))


# ------------------------------------------------------------------------------------------
# Mixed formats: bfloat16 activations x Bfp8_b weights


def mixed(M, K, N, wdt=tt.bfp8_b, seed=8):
    a = rand((M, K), BF16, seed=seed)
    w = rand((K, N), seed=seed + 1)
    ref = a.astype(np.float32) @ tt.round_to(w, wdt)
    return a, tt.to_device(w, dtype=wdt), ref


@pytest.mark.parametrize("out_dt", [BF16, np.float32], ids=["bf16", "fp32"])
def test_matmul_bf16_times_bfp8(out_dt):
    a, w, ref = mixed(96, 128, 64)
    c = np.zeros((96, 64), out_dt)
    ck = mm.matmul.compile(a, w, c)
    assert "Bfp8_b" in ck.host and "reconfig_data_format(cb_in_b, cb_in_a)" in ck.compute
    mm.matmul[(2, 2)](a, w, c)
    tol = 1e-2 if out_dt is BF16 else 1e-5
    np.testing.assert_allclose(c.astype(np.float32), ref, rtol=tol, atol=tol * np.abs(ref).max())


@pytest.mark.parametrize(
    "kern,grid,consts",
    [(mm.matmul_blocked, (2, 2), (2, 1, 2)), (mm.matmul_grid, (2, 2), (2, 2, 2)),
     (mm.matmul_2d, (1, 4), (2, 1, 2, 2, 1))],
    ids=["blocked", "grid", "2d"],
)
def test_example_matmuls_bf16_times_bfp8(kern, grid, consts):
    a, w, ref = mixed(128, 128, 128)
    c = np.zeros((128, 128), np.float32)
    kern[grid](a, w, c, *consts)
    np.testing.assert_allclose(c, ref, rtol=1e-5, atol=1e-5 * np.abs(ref).max())


def test_matmul_into_bfp8_output_and_bfp4_weights():
    """Weights in Bfp4_b, the result stored as Bfp8_b (the packer's rounding of the fp32 sums)."""
    a, w, ref = mixed(64, 128, 64, tt.bfp4_b)
    c = tt.empty((64, 64), tt.bfp8_b)
    mm.matmul[(2, 2)](a, w, c)
    got = c.numpy()
    # The packer's shared exponent may be one above the block max's (its 7-bit rounding carries):
    # within one unit of that.
    assert np.all(np.abs(got - ref) <= 2 * unit(ref, tt.bfp8_b) + 1e-5 * np.abs(ref).max())


def test_timing_model_counts_the_smaller_tiles():
    """A bf16 x bfp8_b matmul reads 1088-byte pages of weights where bf16 x bf16 reads 2048: the
    profile's DRAM bytes say so, and the modeled time is no longer."""
    a = rand((256, 512), BF16, seed=10)
    w = rand((512, 256), BF16, seed=11)
    c = np.zeros((256, 256), BF16)
    p16 = tt.profile(mm.matmul_grid[(4, 4)], a, tt.to_device(w), c, 2, 2, 4)
    p8 = tt.profile(mm.matmul_grid[(4, 4)], a, tt.to_device(w, dtype=tt.bfp8_b), c, 2, 2, 4)
    w_tiles = (512 // 32) * (256 // 32)
    diff = p16.dram_bytes - p8.dram_bytes  # only the weights' pages changed size
    assert diff > 0 and diff % (2048 - 1088) == 0 and diff // (2048 - 1088) >= w_tiles
    assert p8.cycles <= p16.cycles * 1.02


# ------------------------------------------------------------------------------------------
# Errors


def test_block_float_dtype_errors():
    with pytest.raises(tt.TTLangLaunchError, match="tt.bfp8_b"):
        tt.to_device(np.zeros((4, 4), np.float32), dtype="bfp8")
    with pytest.raises(tt.TTLangLaunchError, match="numeric arrays"):
        tt.to_device(np.array([["a"]]), dtype=tt.bfp8_b)
    with pytest.raises(tt.TTLangLaunchError, match="2-D"):
        tt.round_to(np.zeros(5, np.float32), tt.bfp8_b)
    with pytest.raises(tt.TTLangLaunchError, match="rounding"):
        tt.round_to(np.zeros((2, 2), np.float32), tt.bfp8_b, rounding="nearest")
    with pytest.raises(tt.TTLangLaunchError, match="dtype must be"):
        tt.round_to(np.zeros((2, 2), np.float32), np.int8)
    with pytest.raises(TypeError):  # numpy itself: there is no bfp8 numpy dtype
        np.zeros((2, 2), dtype=tt.bfp8_b)


@tt.kernel
def zeros_bfp(a, out):
    for t in tt.program_range(out.num_tiles):
        out[t] = a[t] + tt.zeros((32, 32), tt.bfp8_b)


def test_tiles_cannot_be_block_float():
    with pytest.raises(tt.TTLangTypeError) as e:
        zeros_bfp[1](np.zeros((32, 32), np.float32), np.zeros((32, 32), np.float32))
    msg = str(e.value)
    assert "test_bfp.py:" in msg and "storage format of device tensors" in msg
    assert "ttlang/" not in msg


def test_round_to_of_plain_dtypes_is_a_cast():
    x = rand((3, 5), seed=12)
    np.testing.assert_array_equal(tt.round_to(x, tt.bfloat16), x.astype(ml_dtypes.bfloat16).astype(np.float32))
    np.testing.assert_array_equal(tt.round_to(x, tt.float32), x)


def test_model_decode_encode_are_inverse_on_format_values():
    """Values of the format convert to themselves (encode . decode = identity on bytes)."""
    rng = np.random.default_rng(13)
    for dt in BFP:
        raw = rng.integers(0, 256, (2, dt.tile_bytes), dtype=np.uint8)
        raw[:, : blockfloat.EXP_BYTES] = rng.integers(100, 140, (2, 64))
        if dt is tt.bfp8_b:
            raw[:, 64:][(raw[:, 64:] & 0x7F) == 0] = 0  # -0 datums are not written by encode
        else:
            lo, hi = raw[:, 64:] & 0xF, raw[:, 64:] >> 4
            lo[(lo & 7) == 0] = 0
            hi[(hi & 7) == 0] = 0
            raw[:, 64:] = lo | (hi << 4)
        vals = blockfloat.decode(raw, dt)
        # A row whose largest datum has leading zeros re-encodes with a smaller exponent, to the
        # same values.
        np.testing.assert_array_equal(blockfloat.decode(blockfloat.encode(vals, dt), dt), vals)
