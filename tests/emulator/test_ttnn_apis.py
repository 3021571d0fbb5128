"""The kernel APIs that TT-NN's production kernels need and the coverage survey
(tests/metalium/test_ttnn_kernels.py) added to the emulator, each run on the emulator through
programs/tile_ops (see test_compute.py) and checked with numpy."""

from __future__ import annotations

import numpy as np
import pytest

from tests.emulator import numerics as nx
from tests.emulator.numerics import F32, bf16
from tests.emulator.test_compute import SFPU_OPS, TileOps, fbits, run, work  # noqa: F401  (fixtures)


@pytest.fixture(scope="module")
def tile_ops(run, work) -> TileOps:  # noqa: F811
    return TileOps(run, work)


def test_metal2_bindings(tile_ops):
    """A Metal 2.0 reader: TensorAccessor(tensor::a) reads the address from its common runtime
    arg, get_arg(args::x) and get_vararg(i) the runtime args, dfb::in is c_0."""
    rng = np.random.default_rng(1)
    a = bf16(rng.standard_normal((3, 1024)).astype(F32))
    out = tile_ops("metal2", a=(a, "Float16_b"), out_tiles=3)
    np.testing.assert_array_equal(out, a)


def test_stateful_trid_reads_and_write_zeros(tile_ops):
    """noc_async_read_one_packet_set_state + ..._with_state_with_trid + the barrier with the id
    land the pages; noc.async_write_zeros + write_zeros_l1_barrier zero the last CB page."""
    rng = np.random.default_rng(2)
    a = bf16(rng.standard_normal((4, 1024)).astype(F32))
    out = tile_ops("noc_state", a=(a, "Float16_b"), out_tiles=4)
    want = a.copy()
    want[-1] = 0
    np.testing.assert_array_equal(out, want)


def test_numeric_helpers_and_tile_shape_tables(tile_ops):
    """api/numeric (bf16 <-> fp32 rounding, the bit orderings) and the CB tile-shape tables
    (unpack_tile_r_dim, ..., unpack_tile_size, unpack_src_format) as a reader sees them."""
    rng = np.random.default_rng(3)
    a = bf16(rng.standard_normal((2, 1024)).astype(F32))
    out = tile_ops("numeric", a=(a, "Float16_b"), out_tiles=2)
    np.testing.assert_array_equal(out, a)


def test_local_cb_interface(tile_ops):
    """get_local_cb_interface(cb) (the wheel's unary reader and writer read fifo_page_size from it)
    reports the CB's page size, pages, bytes, FIFO limit, write pointer and page counters; it was
    declared but faulted at the call."""
    rng = np.random.default_rng(4)
    a = bf16(rng.standard_normal((3, 1024)).astype(F32))
    out = tile_ops("cb_interface", a=(a, "Float16_b"), out_tiles=3)
    np.testing.assert_array_equal(out, a)


@pytest.mark.parametrize("full_sync", [0, 1])
def test_dst_sync_mode_and_thread_macro(tile_ops, full_sync):
    """DST_SYNC_MODE is the macro tt-metal's JIT writes from ComputeConfig::dst_full_sync_en, and a
    UCK_CHLKC_* thread macro is defined, as ttnn's kernel_lib/dest_helpers.hpp requires of a
    compute kernel (it failed with "DST_SYNC_MODE or DST_SYNC_FULL must be defined"): the kernel
    doubles its input under SyncFull only."""
    rng = np.random.default_rng(5)
    a = bf16(rng.standard_normal((2, 1024)).astype(F32))
    out = tile_ops("sfpu_ops", a=(a, "Float16_b"), out_tiles=2, args=(SFPU_OPS["dst_sync_scale"], 0, 0, 0),
                   dst_full_sync_en=full_sync)
    np.testing.assert_array_equal(out, a * (2 if full_sync else 1))


def sfpu_op_unrounded(tile_ops, op: str, a, *params):
    """programs/tile_ops/sfpu_ops' op on Float32 tiles of a that reach an fp32 DST unrounded
    (UnpackToDestFp32), the output packed as Float32; params as the op's uint32 args."""
    args = (SFPU_OPS[op], *params, *[0] * (3 - len(params)))
    return tile_ops("sfpu_ops", a=(a, "Float32"), out_fmt="Float32", out_tiles=len(a), args=args,
                    fp32_dest_acc_en=1, unpack_to_dest=1)


def test_typecast_float32_to_bfloat16(tile_ops):
    """typecast_tile<Float32, Float16_b> rounds the DST values to bfloat16, to nearest even
    (tt-llk _calculate_typecast_fp32_to_fp16b_); <Float16_b, Float32> leaves them to the packer.
    Float32 data reaches DST unrounded (UnpackToDestFp32, fp32 DST), so only the cast rounds."""
    rng = np.random.default_rng(6)
    a = rng.standard_normal((2, 1024)).astype(F32)
    a[0, :4] = [1.0 + 2.0**-8, 1.0 + 3 * 2.0**-8, -(1.0 + 2.0**-8), 1.0 + 2.0**-8 + 2.0**-20]  # ties and above
    cast = sfpu_op_unrounded(tile_ops, "typecast_fp32_to_bf16", a)
    np.testing.assert_array_equal(cast, bf16(a))
    assert cast[0, 0] == 1.0 and cast[0, 1] == 1.0 + 2.0**-6 and cast[0, 3] == 1.0 + 2.0**-7
    kept = sfpu_op_unrounded(tile_ops, "typecast_bf16_to_fp32", a)
    np.testing.assert_array_equal(kept, a)


def test_sign_and_power(tile_ops):
    """sign_tile (-1, 0, 1; both zeros 0), power_tile (x ** p, p as float bits) and
    power_iterative_tile (x ** n by n - 1 float32 multiplications; n = 0 gives 1), on an fp32 DST
    with Float32 data unpacked to DST unrounded."""
    rng = np.random.default_rng(7)
    a = (rng.standard_normal((1, 1024)) * 3).astype(F32)
    a[0, :4] = [0.0, -0.0, np.inf, -np.inf]
    sign = sfpu_op_unrounded(tile_ops, "sign", a)
    np.testing.assert_array_equal(sign, np.sign(a).astype(F32))
    pos = np.abs(a[:, 4:]).astype(F32)
    b = np.concatenate([np.ones((1, 4), F32), pos], axis=1)
    power = sfpu_op_unrounded(tile_ops, "power", b, fbits(2.5))
    np.testing.assert_allclose(power, np.power(b.astype(np.float64), 2.5), rtol=1e-6)
    cube = sfpu_op_unrounded(tile_ops, "power_iterative", a, 3)
    np.testing.assert_array_equal(cube[:, 4:], ((a * a) * a)[:, 4:])
    one = sfpu_op_unrounded(tile_ops, "power_iterative", a, 0)
    np.testing.assert_array_equal(one, np.ones_like(a))


def test_identity_clamp_threshold_log1p(tile_ops):
    """identity_tile (bits unchanged), clamp_tile(lo, hi), threshold_tile(t, v) (v where x <= t)
    and log1p_tile, the params as float bits, on an fp32 DST with Float32 data unrounded."""
    rng = np.random.default_rng(8)
    a = (rng.standard_normal((1, 1024)) * 2).astype(F32)
    a[0, :4] = [-0.5, 0.5, 1.5, -1.5]  # exactly on / around the bounds below
    np.testing.assert_array_equal(sfpu_op_unrounded(tile_ops, "identity", a), a)
    clamp = sfpu_op_unrounded(tile_ops, "clamp", a, fbits(-0.5), fbits(1.5))
    np.testing.assert_array_equal(clamp, np.clip(a, -0.5, 1.5))
    thr = sfpu_op_unrounded(tile_ops, "threshold", a, fbits(0.5), fbits(-7.0))
    np.testing.assert_array_equal(thr, np.where(a <= 0.5, np.float32(-7.0), a))
    b = np.abs(a).astype(F32)
    log1p = sfpu_op_unrounded(tile_ops, "log1p", b)
    np.testing.assert_allclose(log1p, np.log1p(b.astype(np.float64)), rtol=2e-7, atol=0)
