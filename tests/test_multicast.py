"""Automatic multicast (ttlang/ir/passes/multicast.py): the reads of a CB that depend on some
program-id axes only are read by the first program of each group agreeing on those axes and
multicast to the others. The decision (IR and TTLANG_PRINT_AFTER), the C++ it emits (CHECK
lines), the results both ways on grids of several shapes, the whole-grid and row-split groups,
kernels that must not qualify, and the effect in the profile."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ttlang as tt
from tests.codegen.test_codegen import calls, check_order, generate
from tests.helpers import BF16, const, f32, program, rand, tensor
from ttlang.examples import matmul
from ttlang.ir import printer
from ttlang.ir.passes import Options


def grid_specs(dt=tt.bfloat16, bm=2, bn=2, bk=2):
    return dict(a=tensor(dt), b=tensor(dt), c=tensor(dt), BM=const(bm), BN=const(bn), BK=const(bk))


def streams(fn, options=Options(), **specs):
    return [(m.cb.name, m.axes) for m in program(fn, options, **specs).multicast]


def test_a_grid_matmul_multicasts_a_along_rows_and_b_along_columns():
    p = program(matmul.matmul_grid, **grid_specs())
    assert [(m.cb.name, m.axes, m.along) for m in p.multicast] == [
        ("in_a_blk", (0,), (1,)),
        ("in_b_blk", (1,), (0,)),
    ]
    text = printer.show(p)
    assert "multicast cb0 in_a_blk along axis 1  # its reads depend on program_id(0) only" in text
    assert "multicast cb1 in_b_blk along axis 0  # its reads depend on program_id(1) only" in text
    assert streams(matmul.matmul_grid, Options(multicast=False), **grid_specs()) == []


def test_the_reader_sends_or_receives_each_block_and_the_host_makes_the_semaphores():
    src = generate(matmul.matmul_grid, **grid_specs())
    # CHECK-READER: ttl_mcast_args(2,0) ttl_mcast_args(11,2)
    # CHECK-READER: for k: cb_reserve_back(cb_in_a_blk,4) cb_reserve_back(cb_in_b_blk,4)
    # CHECK-READER: ttl_mcast_ready(ttl_mc0) ttl_mcast_ready(ttl_mc1)
    # CHECK-READER: if (ttl_mc0.sender) noc_async_read_page(...a...) if (ttl_mc1.sender) noc_async_read_page(...b...)
    # CHECK-READER: noc_async_read_barrier() ttl_mcast_block(ttl_mc0,...) ttl_mcast_block(ttl_mc1,...)
    # CHECK-READER: cb_push_back(cb_in_a_blk,4) cb_push_back(cb_in_b_blk,4) noc_async_write_barrier()
    body = src.reader[src.reader.index("void kernel_main()"):]
    assert "TtlMcast ttl_mc0 = ttl_mcast_args(2, 0);" in body
    assert "TtlMcast ttl_mc1 = ttl_mcast_args(11, 2);" in body
    check_order(src.reader, [
        "cb_reserve_back(cb_in_a_blk,4)", "cb_reserve_back(cb_in_b_blk,4)", "ttl_mcast_ready(ttl_mc0)",
        "ttl_mcast_ready(ttl_mc1)", "noc_async_read_page(", "noc_async_read_page(", "noc_async_read_barrier()",
        "ttl_mcast_block(ttl_mc0,get_write_ptr(cb_in_a_blk),4*get_tile_size(cb_in_a_blk))",
        "ttl_mcast_block(ttl_mc1,get_write_ptr(cb_in_b_blk),4*get_tile_size(cb_in_b_blk))",
        "cb_push_back(cb_in_a_blk,4)", "cb_push_back(cb_in_b_blk,4)", "noc_async_write_barrier()",
    ])
    assert body.count("if (ttl_mc0.sender) {") == 1 and body.count("if (ttl_mc1.sender) {") == 1
    # CHECK-HOST: CreateSemaphore x4, masks {1, 2}, the reader's per-core args from mcast_words
    assert "id < 4; ++id" in src.host and "CreateSemaphore(program, all_cores, 0)" in src.host
    assert "const uint32_t mcast_masks[] = {1, 2};" in src.host
    assert "mcast_words(args, *device, mask, i)" in src.host
    # Off: the reader of before.
    off = generate(matmul.matmul_grid, Options(multicast=False), **grid_specs())
    assert "ttl_mcast" not in off.reader and "CreateSemaphore" not in off.host
    assert "noc_async_write_barrier" not in calls(off.reader)


@pytest.mark.parametrize("grid", [(2, 2), (1, 3), (3, 1), (4, 2), (1, 1)])
def test_grid_matmul_is_right_and_the_same_both_ways(grid):
    bm, bn, bk = 2, 1, 2
    m, n, k = 64 * grid[0], 32 * grid[1], 256
    a, b = rand((m, k), BF16, seed=1), rand((k, n), BF16, seed=2)
    outs = []
    for on in (True, False):
        c = np.zeros((m, n), BF16)
        tt.kernel(multicast=on)(matmul.matmul_grid.fn)[grid](a, b, c, bm, bn, bk)
        outs.append(f32(c))
    np.testing.assert_array_equal(outs[0], outs[1])  # the same tiles arrive, the same sums
    want = f32(a) @ f32(b)
    np.testing.assert_allclose(outs[0], want, rtol=0.02, atol=0.02 * np.abs(want).max())


def broadcast_add(a, b, c):
    """Every program adds the same tile of b: its reads depend on no program id."""
    c[tt.program_id(0), tt.program_id(1)] = a[tt.program_id(0), tt.program_id(1)] + b[0, 0]


def flat_broadcast_add(a, b, c):
    c[tt.program_id(0)] = a[tt.program_id(0)] + b[0]


@pytest.mark.parametrize(
    "fn,grid,shape",
    [
        (broadcast_add, (2, 3), (64, 96)),  # one group, the whole grid (the sender inside it)
        (flat_broadcast_add, 10, (32, 320)),  # ten programs on an 8-wide grid: a group per core row
        (flat_broadcast_add, 16, (32, 512)),  # two full rows: one rectangle
    ],
)
def test_reads_that_depend_on_no_program_id_go_to_the_whole_grid(fn, grid, shape):
    kern = tt.kernel(fn)
    spec = dict(a=tensor(), b=tensor(), c=tensor())
    # a's reads depend on program_id(0) only: shared along axis 1 (on an int grid, by no one).
    want = [("in_b", ())] if fn is broadcast_add else [("in_a", (0,)), ("in_b", ())]
    assert streams(kern, **spec) == want
    a, b = rand(shape, seed=3), rand((32, 32), seed=4)
    c = np.zeros(shape, np.float32)
    p = tt.profile(kern[grid], a, b, c)
    want = a + np.tile(b, (shape[0] // 32, shape[1] // 32))
    np.testing.assert_allclose(c, want, rtol=1e-6)
    # b's tile leaves DRAM once per group, not once per program.
    groups = 2 if grid == 10 else 1
    assert p.dram_bytes == c.nbytes + a.nbytes + groups * b.nbytes


def loop_bound_on_the_axis(a, c):
    for t in range(tt.program_id(1), a.tile_shape[1], tt.num_programs(1)):
        c[tt.program_id(0), t] = a[tt.program_id(0), 0] * 2.0


def branch_on_the_axis(a, b, c):
    if tt.program_id(1) == 0:
        c[tt.program_id(0), 0] = a[tt.program_id(0), 0] + b[0, 0]


def shared_cb(a, c):
    # Both reads go into one CB (in_a): one depends on both axes, so neither is multicast.
    c[tt.program_id(0), tt.program_id(1)] = a[tt.program_id(0), 0] * 2.0
    c[tt.program_id(0), tt.program_id(1) + 1] = a[tt.program_id(0), tt.program_id(1)] * 3.0


def through_variables(a, c):
    row = tt.program_id(0) + 0
    col = row * 0 + tt.program_id(1)  # depends on both
    c[row, col] = a[row, col] + a[row, 0] * 0.0


@pytest.mark.parametrize(
    "fn,want",
    [
        (loop_bound_on_the_axis, []),  # the trip count differs along axis 1
        (branch_on_the_axis, [("in_b", (1,))]),  # a read inside `if program_id(1) == 0` depends on it
        (shared_cb, []),
        (through_variables, []),
    ],
)
def test_reads_that_do_not_qualify_are_left_as_they_are(fn, want):
    specs = {p: tensor() for p in fn.__code__.co_varnames[: fn.__code__.co_argcount]}
    assert streams(tt.kernel(fn), **specs) == want


def test_program_range_kernels_are_unchanged():
    assert streams(matmul.matmul_blocked, **grid_specs()) == []
    assert streams(matmul.matmul, a=tensor(), b=tensor(), c=tensor()) == []


def test_a_branch_on_one_axis_multicasts_along_the_other():
    # b's read runs on the programs of column 0 only: it is shared along axis 0 (that column).
    a, b = rand((96, 64)), rand((32, 32), seed=5)
    c = np.zeros((96, 64), np.float32)
    tt.kernel(branch_on_the_axis)[(3, 2)](a, b, c)
    want = np.zeros_like(c)
    want[:, :32] = a[:, :32] + np.tile(b, (3, 1))
    np.testing.assert_allclose(c, want, rtol=1e-6)


def test_multicast_cuts_dram_reads_of_the_grid_matmul():
    a, b = rand((256, 512), BF16, seed=6), rand((512, 256), BF16, seed=7)
    prof = {}
    for on in (True, False):
        c = np.zeros((256, 256), BF16)
        prof[on] = tt.profile(tt.kernel(multicast=on)(matmul.matmul_grid.fn)[(4, 4)], a, b, c, 2, 2, 4)
    # On a 4x4 grid each block of a and of b leaves DRAM once instead of four times.
    inputs = a.nbytes + b.nbytes
    assert prof[False].dram_bytes == 4 * inputs + c.nbytes
    assert prof[True].dram_bytes == inputs + c.nbytes
    assert prof[True].cycles < prof[False].cycles


def test_the_environment_turns_it_off(tmp_path):
    script = tmp_path / "k.py"
    script.write_text(textwrap.dedent(
        """
        import ttlang as tt
        from ttlang.examples import matmul
        k = tt.kernel(matmul.matmul_grid.fn)
        print(k.options.multicast)
        """
    ))
    for env, want in (({"TTLANG_MULTICAST": "0"}, "False"), ({}, "True")):
        out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                             env={**_base_env(), **env}, check=True)
        assert out.stdout.strip() == want


def test_print_after_shows_the_decision(monkeypatch, capsys):
    monkeypatch.setenv("TTLANG_PRINT_AFTER", "multicast")
    program(matmul.matmul_grid, **grid_specs())
    err = capsys.readouterr().err
    assert "// IR after multicast" in err and "multicast cb0 in_a_blk along axis 1" in err


def _base_env():
    import os

    return {k: v for k, v in os.environ.items() if k not in ("TTLANG_MULTICAST", "TTLANG_PRINT_AFTER")}


@settings(max_examples=12)
@given(
    rows=st.integers(1, 3), cols=st.integers(1, 3), bm=st.integers(1, 2), bn=st.integers(1, 2),
    bk=st.integers(1, 2), trips=st.integers(1, 3), seed=st.integers(0, 2**16),
)
def test_grid_matmul_with_multicast_matches_numpy(rows, cols, bm, bn, bk, trips, seed):
    """Property test, multicast on: any grid, block sizes and K; a and b shared along the rows
    and columns of the grid."""
    m, n, k = 32 * bm * rows, 32 * bn * cols, 32 * bk * trips
    a, b = rand((m, k), BF16, seed=seed), rand((k, n), BF16, seed=seed + 1)
    c = np.zeros((m, n), BF16)
    matmul.matmul_grid[(rows, cols)](a, b, c, bm, bn, bk)
    want = f32(a) @ f32(b)
    # bfloat16 operands, float32 accumulation, one bfloat16 rounding of the result
    np.testing.assert_allclose(f32(c), want, rtol=2**-7, atol=2**-7 * np.abs(want).max())
