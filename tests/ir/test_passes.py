"""The passes: fusion, role split, DST allocation, CB planning, core mapping, the verifier and
TTLANG_PRINT_AFTER."""

from __future__ import annotations

import pytest

import ttlang as tt
from tests.helpers import kernel_ir, program, tensor
from ttlang import arch
from ttlang.ir import nodes as ir
from ttlang.ir import printer
from ttlang.ir.passes import Options
from ttlang.ir.passes import run as run_passes
from ttlang.ir.passes.core_mapping import GridError, map_grid
from ttlang.ir.passes.dst_alloc import need
from ttlang.ir.visit import walk_stmts


def actions(role: ir.RoleProgram, kind):
    return [s for s in walk_stmts(role.body) if isinstance(s, kind)]


def fused(a, b, c):
    for t in tt.program_range(c.num_tiles):
        x = a[t] * b[t]
        y = x + 1.0
        c[t] = tt.exp(y) + a[t]


def test_single_use_tiles_fuse_into_one_unit_and_a_tile_used_twice_is_read_once():
    p = program(fused, a=tensor(tt.bfloat16), b=tensor(tt.bfloat16), c=tensor(tt.bfloat16))
    units = actions(p.compute, ir.Compute)
    assert len(units) == 1  # x and y inlined
    reads = actions(p.reader, ir.ReadTiles)
    assert [r.cb.name for r in reads] == ["in_a", "in_b"]  # a[t] read once for both uses
    assert all(len(r.tiles) == 1 for r in reads)
    assert len(actions(p.writer, ir.WriteTile)) == 1
    # CHECK: compute cb16:out_c = add(exp(add(mul(cb0:in_a[0], cb1:in_b[0]), 1.0)), cb0:in_a[0])
    assert "add(exp(add(mul(cb0:in_a[0], cb1:in_b[0]), 1.0)), cb0:in_a[0])" in printer.show(p)


def accumulate(a, c):
    Mt, Nt = c.tile_shape
    for t in tt.program_range(Mt * Nt):
        m = t // Nt
        acc = tt.zeros((32, 32), tt.float32)
        for k in range(4):
            acc += a[m, k]
        c[t] = acc


def test_loop_carried_tile_variable_lives_in_its_own_cb():
    p = program(accumulate, a=tensor(), c=tensor())
    units = actions(p.compute, ir.Compute)
    var = [u for u in units if u.out.name == "var_acc"]
    assert len(var) == 2 and var[0].replaces is False and var[1].replaces is True
    assert all(u.keep for u in var)
    pops = actions(p.compute, ir.PopVar)
    assert [x.cb.name for x in pops] == ["var_acc"]  # dropped at the end of each program_range trip
    acc_cb = next(cb for cb in p.cbs if cb.name == "var_acc")
    assert acc_cb.pages == 1 and acc_cb.purpose == "intermediate" and acc_cb.id == 24
    # The reader still reads a[m, k] inside the k loop, in the order compute consumes them.
    text = printer.show(p)
    assert "read cb0:in_a <- a@((m * a.tile_cols) + k)" in text


def test_roles_keep_only_the_scalars_they_need():
    p = program(accumulate, a=tensor(), c=tensor())
    writer_assigns = {s.name for s in actions(p.writer, ir.Assign)}
    reader_assigns = {s.name for s in actions(p.reader, ir.Assign)}
    compute_assigns = {s.name for s in actions(p.compute, ir.Assign)}
    assert "m" in reader_assigns and "m" not in writer_assigns and "m" not in compute_assigns
    assert not actions(p.writer, ir.For)[0].body[0:1] or isinstance(
        actions(p.writer, ir.For)[0].body[-1], ir.WriteTile
    )


def test_cb_planning_double_buffers_inputs_and_outputs():
    p = program(fused, a=tensor(tt.bfloat16), b=tensor(), c=tensor())
    cbs = {cb.name: cb for cb in p.cbs}
    assert (cbs["in_a"].id, cbs["in_a"].pages, cbs["in_a"].dtype) == (0, 2, tt.bfloat16)
    assert (cbs["in_b"].id, cbs["in_b"].pages, cbs["in_b"].dtype) == (1, 2, tt.float32)
    assert (cbs["out_c"].id, cbs["out_c"].pages) == (16, 2)


def wide_sum(a, c):
    acc = a[0]
    for k in tt.static_range(1, 200):
        acc = acc + a[k]
    c[0] = acc


def test_l1_budget_is_checked_at_compile_time_and_lists_the_buffers():
    with pytest.raises(tt.TTLangResourceError) as info:
        program(wide_sum, a=tensor(), c=tensor())
    text = str(info.value)
    assert "B of circular buffers" in text and "Wormhole n150" in text
    assert "in_a_x200" in text and "400 x 4096 B = 1638400 B" in text
    assert "def wide_sum" in text  # located at the kernel


def many_inputs(a, c):
    for t in tt.static_range(0, 40):
        c[t] = a[t] * a[t + 40] + a[t + 80]


def many_tensors(
    a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, c
):
    c[0] = a0[0] + a1[0] + a2[0] + a3[0] + a4[0] + a5[0] + a6[0] + a7[0] + a8[0] + a9[0]
    c[1] = a10[0] + a11[0] + a12[0] + a13[0] + a14[0] + a15[0] + a16[0] + a17[0] + a18[0]
    c[2] = a0[1] * a1[1]
    c[3] = a2[1] * a3[1] * a4[1]
    c[4] = (
        a5[1] * a6[1] * a7[1] * a8[1] * a9[1] * a10[1] * a11[1] * a12[1] * a13[1] * a14[1] * a15[1]
    )


def test_cb_count_is_checked_against_the_architecture():
    specs = {f"a{i}": tensor() for i in range(19)}
    # 19 single-tile input CBs + out + no more: fits in 32...
    p = program(many_tensors, c=tensor(), **specs)
    assert len(p.cbs) <= 32
    # ... but not on a hypothetical 16-CB core.
    small = arch.Arch("tiny", "Tiny", 2, 2, 1464 * 1024, 0x19000, 16, 12)
    with pytest.raises(
        tt.TTLangResourceError, match=r"needs 20 circular buffers, but a Tiny core has 16"
    ):
        run_passes(kernel_ir(many_tensors, c=tensor(), **specs), small, Options())


def balanced(a, c):
    x0 = (a[0] + a[1]) * (a[2] + a[3])
    x1 = (a[4] + a[5]) * (a[6] + a[7])
    x2 = (a[8] + a[9]) * (a[10] + a[11])
    x3 = (a[12] + a[13]) * (a[14] + a[15])
    c[0] = (x0 * x1) + (x2 * x3)


def test_dst_allocation_spills_units_that_need_more_tiles_than_dst_holds():
    p = program(
        balanced, a=tensor(), c=tensor()
    )  # float32: every op on the SFPU, DST holds 4 tiles
    units = actions(p.compute, ir.Compute)
    assert len(units) > 1
    assert all(need(u.value) <= p.dst_capacity == 4 for u in units)
    assert any(cb.name.startswith("tmp_") for cb in p.cbs)
    # With bfloat16 the leaf adds run on the FPU (one tile each) and nothing spills.
    pb = program(balanced, a=tensor(tt.bfloat16), c=tensor(tt.bfloat16))
    assert len(actions(pb.compute, ir.Compute)) == 1


def in_place_ok(a):
    for t in tt.program_range(a.num_tiles):
        a[t] = a[t] * 2.0


def in_place_shifted(a):
    for t in range(1, a.num_tiles):
        a[t] = a[t - 1] + 1.0


def test_in_place_updates_are_allowed_only_tile_for_tile():
    program(in_place_ok, a=tensor())
    with pytest.raises(tt.TTLangSyntaxError, match="reads and writes tensor 'a'"):
        program(in_place_shifted, a=tensor())


def test_core_mapping():
    wh = arch.get("wormhole_b0")
    m = map_grid((2, 3), wh)
    assert m.dims == (2, 3)
    assert m.cores == ((0, 0), (1, 0), (2, 0), (0, 1), (1, 1), (2, 1))
    assert m.pids == ((0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2))
    m = map_grid(10, wh)
    assert m.dims == (10, 1) and m.cores[8] == (0, 1) and m.pids[9] == (9, 0)
    for bad in ((9, 8), (8, 9), 65, 0, (0, 2), "x", (1, 2, 3)):
        with pytest.raises(GridError):
            map_grid(bad, wh)
    bh = arch.get("blackhole")
    assert map_grid((10, 13), bh).dims == (10, 13)


def test_print_after(monkeypatch, capsys):
    monkeypatch.setenv("TTLANG_PRINT_AFTER", "role_split,cb_planning")
    program(fused, a=tensor(), b=tensor(), c=tensor())
    err = capsys.readouterr().err
    assert "// IR after role_split" in err and "// IR after cb_planning" in err
    assert "// IR after inline_tiles" not in err
    assert "reader:" in err and "compute:" in err and "writer:" in err


def test_verifier_rejects_broken_programs():
    from ttlang.errors import TTLangInternalError
    from ttlang.ir.verifier import verify_program

    p = program(fused, a=tensor(), b=tensor(), c=tensor())
    bad = ir.Program(p.kernel, p.reader, p.compute, p.writer, cbs=p.cbs[:1], dst_capacity=4)
    with pytest.raises(TTLangInternalError, match="is not declared"):
        verify_program(bad, "test")
