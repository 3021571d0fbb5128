"""DST allocation: every compute unit must evaluate within the DST tiles available per
tile_regs_acquire (4 with fp32 accumulation in half-sync mode, 8 without).

A unit's register need is its Sethi-Ullman number: leaves need one tile, unary and tile-scalar
ops reuse their operand's tile, a binary op whose operands are both unpacked straight from
bfloat16 CBs runs on the FPU into one tile, any other binary op needs both operands in DST.
A unit that needs more than the capacity has its heaviest subtrees computed first into one-page
intermediate CBs (spilled), until it fits.

Also normalises tt.maximum/minimum with a scalar into a binary op with a filled tile.

Invariant established: every Compute needs at most `capacity` DST tiles.
"""

from __future__ import annotations

import dataclasses

from ...language import dtype
from .. import nodes as ir
from ..ops import Op
from ..visit import map_blocks, map_expr, walk_expr

FPU_OPS = (Op.ADD, Op.SUB, Op.MUL)


def is_fpu(e) -> bool:
    """A binary op the FPU can run: add/sub/mul of two bfloat16 tiles unpacked from CBs."""
    return (
        isinstance(e, ir.TileOp)
        and e.op in FPU_OPS
        and len(e.args) == 2
        and all(isinstance(a, ir.CbTile) and a.cb.dtype is dtype.bfloat16 for a in e.args)
    )


def tile_args(e) -> list:
    return [a for a in e.args if isinstance(a.type, ir.TileType)]


def need(e) -> int:
    if isinstance(e, (ir.CbTile, ir.Full)):
        return 1
    if isinstance(e, ir.TileOp):
        tiles = tile_args(e)
        if len(tiles) == 1:
            return need(tiles[0])
        if is_fpu(e):
            return 1
        na, nb = need(tiles[0]), need(tiles[1])
        return max(na, nb) if na != nb else na + 1
    raise AssertionError(f"dst_alloc: unexpected operand {type(e).__name__}")


def _normalise(e):
    if isinstance(e, ir.TileOp) and e.op in (Op.MAXIMUM, Op.MINIMUM):
        args = tuple(
            a
            if isinstance(a.type, ir.TileType)
            else ir.Full(a, ir.TileType(e.type.dtype, e.type.shape), a.loc)
            for a in e.args
        )
        return dataclasses.replace(e, args=args)
    return e


def run(p: ir.Program, capacity: int) -> ir.Program:
    tile_dtype = dtype.float32 if p.fp32_dest_acc else dtype.bfloat16
    temps: list[ir.CB] = []

    def spill(unit: ir.Compute) -> list:
        value = map_expr(unit.value, _normalise)
        pre: list[ir.Compute] = []
        mine: list[ir.CB] = []  # this unit's temps, in order

        def temps_in(e) -> tuple:
            used = {n.cb.name for n in walk_expr(e) if isinstance(n, ir.CbTile)}
            return tuple((cb, 1) for cb in mine if cb.name in used)

        while need(value) > capacity:
            target = _heaviest_fitting(value, capacity)
            cb = ir.CB(-1, f"tmp_{len(temps)}", tile_dtype, 0, "intermediate", "spilled DST value")
            temps.append(cb)
            # A spilled subtree may contain earlier spills: it waits for and releases those.
            inner = temps_in(target)
            pre.append(ir.Compute(target, cb, unit.waits + inner, inner, loc=unit.loc))
            mine.append(cb)
            leaf = ir.CbTile(cb, 0, ir.TileType(cb.dtype), unit.loc)
            value = map_expr(value, lambda e, t=target, lf=leaf: lf if e == t else e)  # identical subtrees: one value
        outer = temps_in(value)
        main = dataclasses.replace(unit, value=value, waits=unit.waits + outer, pops=unit.pops + outer)
        return [*pre, main]

    def block(stmts):
        out = []
        for s in stmts:
            out.extend(spill(s) if isinstance(s, ir.Compute) else [s])
        return out

    compute = dataclasses.replace(p.compute, body=map_blocks(p.compute.body, block))
    return dataclasses.replace(p, compute=compute, cbs=p.cbs + tuple(temps), dst_capacity=capacity)


def _heaviest_fitting(e, capacity: int):
    """Descends the heaviest operands from the root to the first subtree that fits."""
    while need(e) > capacity:
        tiles = tile_args(e)
        e = max(tiles, key=need)
    return e
