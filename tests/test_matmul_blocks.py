"""Block matmuls accumulated over a loop (tile_lowering's MatmulBlock): the accumulator is one CB
of all its tiles updated in DST subblocks by matmul_block, the packer adding to the partial sums
in L1; each operand block is read once per update, with one barrier. The C++ each role emits
(CHECK lines) and the results against numpy, including subblocks that are not whole rows, an
epilogue, a loop that runs no trip, the 16x16-tile block of tt-metal's 4096^3 matmul, and
kernels that do not qualify."""

from __future__ import annotations

import numpy as np
import pytest

import ttlang as tt
from tests.codegen.test_codegen import calls, check_order, generate
from tests.helpers import BF16, const, f32, program, rand, scalar, tensor
from tests.test_kernels import close
from ttlang.examples import matmul
from ttlang.ir import nodes as ir
from ttlang.ir.passes import Options
from ttlang.ir.visit import walk_stmts


def blocked_specs(dt=tt.bfloat16, bm=4, bn=4, bk=2):
    return dict(a=tensor(dt), b=tensor(dt), c=tensor(dt), BM=const(bm), BN=const(bn), BK=const(bk))


def test_the_accumulator_is_one_cb_updated_by_matmul_block():
    src = generate(matmul.matmul_blocked, **blocked_specs())
    # CHECK-READER: cb_reserve_back(cb_in_a_blk,8) cb_reserve_back(cb_in_b_blk,8)
    # CHECK-READER: noc_async_read_page(...a...) noc_async_read_page(...b...) noc_async_read_barrier()
    # CHECK-READER: cb_push_back(cb_in_a_blk,8) cb_push_back(cb_in_b_blk,8)
    check_order(src.reader, [
        "cb_reserve_back(cb_in_a_blk,8)", "cb_reserve_back(cb_in_b_blk,8)", "noc_async_read_page(",
        "noc_async_read_page(", "noc_async_read_barrier()", "cb_push_back(cb_in_a_blk,8)",
        "cb_push_back(cb_in_b_blk,8)",
    ])
    body = src.reader[src.reader.index("for (int32_t k"):]
    assert body.count("noc_async_read_barrier") == 1  # one barrier per pair of blocks
    assert body.count("noc_async_read_page") == 2  # a loop over each block's tiles, not a call per tile
    # CHECK-COMPUTE: matmul_block_init (hoisted out of the K loop) for k: cb_wait_front(cb_in_a_blk,8)
    # CHECK-COMPUTE: cb_wait_front(cb_in_b_blk,8) pack_reconfig_l1_acc(acc__first?0:1) tile_regs_acquire
    # CHECK-COMPUTE: matmul_block tile_regs_commit cb_pop_front(cb_var_acc,4) cb_reserve_back(cb_var_acc,4)
    # CHECK-COMPUTE: tile_regs_wait pack_tile cb_push_back(cb_var_acc,4) pack_reconfig_l1_acc(0)
    # CHECK-COMPUTE: cb_pop_front(cb_in_a_blk,8)
    check_order(src.compute, [
        "matmul_block_init(cb_in_a_blk,cb_in_b_blk,0,4,1,2)", "cb_wait_front(cb_in_a_blk,8)",
        "cb_wait_front(cb_in_b_blk,8)", "pack_reconfig_l1_acc(acc__first?0:1)", "tile_regs_acquire()", "matmul_block(cb_in_a_blk,cb_in_b_blk,",
        "tile_regs_commit()", "cb_pop_front(cb_var_acc,4)", "cb_reserve_back(cb_var_acc,4)",
        "tile_regs_wait()", "pack_tile(ttl_t,cb_var_acc)", "cb_push_back(cb_var_acc,4)",
        "pack_reconfig_l1_acc(0)", "cb_pop_front(cb_in_a_blk,8)", "cb_pop_front(cb_in_b_blk,8)",
    ])
    # Subblocks of 1x4 tiles (fp32 accumulation: 4 fit in half of DST), four of them.
    assert "matmul_block(cb_in_a_blk,cb_in_b_blk,ttl_sbi*2+ttl_kk,ttl_kk*4+ttl_sbj*4,0,0,4,1,2)" in calls(src.compute)
    assert calls(src.compute).count("matmul_block_init(cb_in_a_blk,cb_in_b_blk,0,4,1,2)") == 1
    assert "matmul_tiles" not in src.compute and "copy_tile(cb_var_acc" in src.compute  # only the store reads it


def test_subblocks_follow_the_dst_capacity():
    for options, sub in ((Options(), (1, 4)), (Options(fp32_dest_acc=False), (2, 4))):
        p = program(matmul.matmul_blocked, options, **blocked_specs())
        (unit,) = [s for s in walk_stmts(p.compute.body) if isinstance(s, ir.MatmulBlockUnit)]
        assert unit.subblock == sub
        (acc,) = [cb for cb in p.cbs if cb.name == "var_acc"]
        assert acc.pages == 16  # all the block's tiles, in one CB
    # Inputs double-buffered: two blocks each, so the reader fills one while compute multiplies.
    assert {cb.name: cb.pages for cb in p.cbs if cb.purpose == "input"} == {"in_a_blk": 16, "in_b_blk": 16}


def test_a_16x16_tile_accumulator_fits_in_three_cbs():
    """tt-metal's per-core block at 4096^3 on 8x8: before, one CB per tile (259 of them)."""
    p = program(matmul.matmul_blocked, **blocked_specs(bm=16, bn=16, bk=2))
    assert sorted(cb.name for cb in p.cbs) == ["in_a_blk", "in_b_blk", "out_c", "var_acc"]


@pytest.mark.parametrize("dt", [np.float32, BF16], ids=["f32", "bf16"])
@pytest.mark.parametrize(
    "shape, blocks, grid",
    [
        ((128, 96, 128), (2, 2, 1), 4),
        ((128, 128, 96), (4, 3, 2), (2, 1)),  # 4x1 subblocks: the accumulator's pages are not row-major
        ((64, 256, 64), (2, 2, 4), 1),
        ((512, 128, 512), (16, 16, 2), (1, 2)),  # bf16 only: Float32 blocks need 1.5 MB of CBs
    ],
)
def test_blocked_matmul_matches_numpy(dt, shape, blocks, grid):
    if blocks[0] == 16 and dt is np.float32:
        pytest.skip("Float32 16x16x2 blocks do not fit in L1 (a TTLangResourceError)")
    m, k, n = shape
    a, b = rand((m, k), dt, scale=0.5), rand((k, n), dt, seed=1, scale=0.5)
    c = np.zeros((m, n), dt)
    matmul.matmul_blocked[grid](a, b, c, *blocks)
    close(c, f32(a) @ f32(b), dt)


@tt.kernel
def blocked_bias_relu(a, b, bias, c, BM: tt.constexpr, BN: tt.constexpr, BK: tt.constexpr):
    Mt, Nt = c.tile_shape
    for t in tt.program_range((Mt // BM) * (Nt // BN)):
        m = (t // (Nt // BN)) * BM
        n = (t % (Nt // BN)) * BN
        acc = tt.zeros((32 * BM, 32 * BN), tt.float32)
        for k in range(0, a.tile_shape[1], BK):
            acc += a[m:m + BM, k:k + BK] @ b[k:k + BK, n:n + BN]
        c[m:m + BM, n:n + BN] = tt.relu(acc + bias[0:1, n:n + BN])


@pytest.mark.parametrize("dt", [np.float32, BF16], ids=["f32", "bf16"])
def test_an_epilogue_reads_the_accumulator_in_subblock_order(dt):
    a, b = rand((128, 64, ), dt, scale=0.5), rand((64, 96), dt, seed=1, scale=0.5)
    bias = rand((1, 96), dt, seed=2)
    c = np.zeros((128, 96), dt)
    blocked_bias_relu[2](a, b, bias, c, 4, 3, 1)
    close(c, np.maximum(f32(a) @ f32(b) + f32(bias), 0), dt)


@tt.kernel
def partial_k(a, b, c, k0, BM: tt.constexpr, BN: tt.constexpr):
    """c = the product over the K tiles from k0 on: none when k0 is past the end."""
    Mt, Nt = c.tile_shape
    for t in tt.program_range((Mt // BM) * (Nt // BN)):
        m = (t // (Nt // BN)) * BM
        n = (t % (Nt // BN)) * BN
        acc = tt.zeros((32 * BM, 32 * BN), tt.float32)
        for k in range(k0, a.tile_shape[1]):
            acc += a[m:m + BM, k:k + 1] @ b[k:k + 1, n:n + BN]
        c[m:m + BM, n:n + BN] = acc


def test_a_loop_that_runs_no_update_leaves_zeros():
    a, b = rand((64, 96)), rand((96, 64), seed=1)
    for k0, expected in ((1, f32(a[:, 32:]) @ f32(b[32:, :])), (3, np.zeros((64, 64), np.float32))):
        c = np.full((64, 64), 7.0, np.float32)
        partial_k[1](a, b, c, k0, 2, 2)
        close(c, expected, np.float32)


@tt.kernel
def reads_acc_in_the_loop(a, b, c, s):
    acc = tt.zeros((64, 64), tt.float32)
    for k in range(a.tile_shape[1] // 2):
        acc += a[0:2, 2 * k:2 * k + 2] @ b[2 * k:2 * k + 2, 0:2]
        acc = acc * s
    c[0:2, 0:2] = acc


@tt.kernel
def moving_output_block(a, b, c):
    acc = tt.zeros((64, 64), tt.float32)
    for k in range(2):
        acc += a[2 * k:2 * k + 2, 0:2] @ b[0:2, 0:2]  # the rows of a change with k
    c[0:2, 0:2] = acc


def test_kernels_that_do_not_qualify_take_the_general_path():
    for fn, specs in (
        (reads_acc_in_the_loop, dict(a=tensor(), b=tensor(), c=tensor(), s=scalar())),
        (moving_output_block, dict(a=tensor(), b=tensor(), c=tensor())),
    ):
        p = program(fn, **specs)
        assert not any(isinstance(s, ir.MatmulBlockUnit) for s in walk_stmts(p.compute.body)), fn
    a, b = rand((64, 128), scale=0.5), rand((128, 64), seed=1, scale=0.5)
    c = np.zeros((64, 64), np.float32)
    reads_acc_in_the_loop[1](a, b, c, 0.5)
    expected = np.zeros((64, 64), np.float32)
    for k in range(2):
        expected = (expected + f32(a[:, 64 * k:64 * k + 64]) @ f32(b[64 * k:64 * k + 64])) * 0.5
    close(c, expected, np.float32)
    a = rand((128, 64), scale=0.5)
    moving_output_block[1](a, b[:64], c)
    close(c, f32(a[:64]) @ f32(b[:64]) + f32(a[64:]) @ f32(b[:64]), np.float32)


def test_a_block_store_output_holds_the_block_when_l1_has_room():
    # 4x4 tiles: the 16 pages fit beside the rest, so compute packs the block without waiting.
    p = program(matmul.matmul_blocked, **blocked_specs())
    assert {c.name: c.pages for c in p.cbs}["out_c"] == 16
    # 16x16 tiles with a float32 accumulator: 1 MiB of partial sums leave no room for 256
    # output pages; the output stays double-buffered.
    p = program(matmul.matmul_blocked, **blocked_specs(bm=16, bn=16, bk=2))
    assert {c.name: c.pages for c in p.cbs}["out_c"] == 2
    # One tile per store: double-buffered as before.
    p = program(matmul.matmul, a=tensor(), b=tensor(), c=tensor())
    assert {c.name: c.pages for c in p.cbs}["out_c"] == 2


@pytest.mark.parametrize("grid", [(2, 2), (1, 2)])
def test_matmul_2d_walks_its_blocks(grid):
    # Each program computes 1 x 2 blocks of 2 x 1 tiles, with multicast.
    bm, bn, bk, sm, sn = 2, 1, 2, 1, 2
    m, n, k = 32 * bm * sm * grid[0], 32 * bn * sn * grid[1], 128
    a, b = rand((m, k), BF16, seed=3), rand((k, n), BF16, seed=4)
    c = np.zeros((m, n), BF16)
    matmul.matmul_2d[grid](a, b, c, bm, bn, bk, sm, sn)
    p = program(matmul.matmul_2d, **blocked_specs(bm=bm, bn=bn, bk=bk), SM=const(sm), SN=const(sn))
    assert [(x.cb.name, x.axes) for x in p.multicast] == [("in_a_blk", (0,)), ("in_b_blk", (1,))]
    want = f32(a) @ f32(b)
    np.testing.assert_allclose(f32(c), want, rtol=2**-7, atol=2**-7 * np.abs(want).max())
