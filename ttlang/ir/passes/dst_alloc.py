"""DST allocation: every compute unit must evaluate within the DST tiles available per
tile_regs_acquire (4 with fp32 accumulation in half-sync mode, 8 without), and every operand
the hardware unpacks from a circular buffer must be in one.

Operand placement: matmul reads both operands from CBs, transpose reads its operand from a CB,
and a broadcast operand (a row or column vector, or a scalar tile, next to a full tile) is
expanded from a CB into DST by unary_bcast. Such an operand computed in DST is packed first
into a one-page intermediate CB by a unit of its own.

Register need is the Sethi-Ullman number: leaves need one tile; unary, tile-scalar, masking and
reducing ops reuse their operand's tile; x + A @ B accumulates the product into x's tile; a
binary op whose operands are both unpacked straight from bfloat16 CBs runs on the FPU into one
tile; any other binary op needs both operands in DST. A unit that needs more than the capacity
has its heaviest subtrees computed first into intermediate CBs (spilled), until it fits.

Also normalises tt.maximum/minimum with a scalar into a binary op with a filled tile.

Invariant established: every Compute needs at most `capacity` DST tiles, and every operand of a
matmul, transpose or broadcast is a CB tile.
"""

from __future__ import annotations

import dataclasses

from ...language import dtype
from .. import nodes as ir
from ..ops import ELEMENTWISE_BINARY, REDUCTIONS, Op
from ..visit import map_blocks, map_expr, walk_expr

FPU_OPS = (Op.ADD, Op.SUB, Op.MUL)


def tile_args(e) -> list:
    return [a for a in e.args if isinstance(a.type, ir.TileType)]


def is_fpu(e) -> bool:
    """A binary op the FPU can run: add/sub/mul of two full tiles unpacked from bfloat16 (or
    block-float) CBs."""
    return (
        isinstance(e, ir.TileOp)
        and e.op in FPU_OPS
        and len(e.args) == 2
        and all(
            isinstance(a, ir.CbTile) and a.cb.dtype.bf16_exact and a.type.shape == e.type.shape
            for a in e.args
        )
    )


def is_fpu_reduce(e) -> bool:
    """A reduction the FPU runs (reduce_tile): a bfloat16 CB tile with the scaler tile."""
    return isinstance(e, ir.TileOp) and e.op in REDUCTIONS and len(e.args) == 2


def accumulates(e) -> bool:
    """x + A @ B: matmul_tiles accumulates the product into x's DST tile."""
    return isinstance(e, ir.TileOp) and e.op == Op.ADD and any(
        isinstance(a, ir.TileOp) and a.op == Op.MATMUL for a in e.args
    )


def cb_operands(e) -> list:
    """The operands of e that must be read from a circular buffer."""
    if not isinstance(e, ir.TileOp):
        return []
    if e.op in (Op.MATMUL, Op.TRANSPOSE):
        return tile_args(e)
    if e.op in ELEMENTWISE_BINARY:
        return [a for a in tile_args(e) if a.type.shape != e.type.shape]  # broadcast operands
    return []


def need(e) -> int:
    if isinstance(e, (ir.CbTile, ir.Full)):
        return 1
    if isinstance(e, ir.TileOp):
        if e.op in (Op.MATMUL, Op.TRANSPOSE) or is_fpu_reduce(e) or is_fpu(e):
            return 1
        if accumulates(e):  # the product accumulates into the other operand's tile
            a, b = e.args
            return need(b if isinstance(a, ir.TileOp) and a.op == Op.MATMUL else a)
        tiles = tile_args(e)
        if len(tiles) == 1:
            return need(tiles[0])
        na, nb = need(tiles[0]), need(tiles[1])
        return max(na, nb) if na != nb else na + 1
    raise AssertionError(f"dst_alloc: unexpected operand {type(e).__name__}")


def _normalise(e):
    if isinstance(e, ir.TileOp) and e.op in (Op.MAXIMUM, Op.MINIMUM):
        args = tuple(
            a if isinstance(a.type, ir.TileType) else ir.Full(a, ir.TileType(e.type.dtype, e.type.shape), a.loc)
            for a in e.args
        )
        return dataclasses.replace(e, args=args)
    return e


def _misplaced(e):
    """The first (innermost) operand that must come from a CB but is computed in DST."""
    if not isinstance(e, ir.TileOp):
        return None
    for a in tile_args(e):
        inner = _misplaced(a)
        if inner is not None:
            return inner
    for a in cb_operands(e):
        if not isinstance(a, ir.CbTile):
            return a
    return None


def run(p: ir.Program, capacity: int) -> ir.Program:
    tile_dtype = dtype.float32 if p.fp32_dest_acc else dtype.bfloat16
    temps: list[ir.CB] = []

    def split(unit: ir.Compute) -> list:
        value = map_expr(unit.value, _normalise)
        pre: list[ir.Compute] = []
        mine: list[ir.CB] = []  # this unit's temps, in order

        def temps_in(e) -> tuple:
            used = {n.cb.name for n in walk_expr(e) if isinstance(n, ir.CbTile)}
            return tuple((cb, 1) for cb in mine if cb.name in used)

        def materialize(target, what: str):
            nonlocal value
            # A unit's temps are all consumed by the time it ends: the next unit reuses them.
            cb = ir.CB(-1, f"tmp_{len(mine)}", tile_dtype, 0, "intermediate", "operands and spills")
            if cb.name not in {t.name for t in temps}:
                temps.append(cb)
            # A materialized subtree may contain earlier ones: it waits for them, and releases
            # those that the rest of the unit no longer reads (an earlier one may be shared with
            # another subtree: identical subtrees are one value).
            inner = temps_in(target)
            leaf = ir.CbTile(cb, 0, ir.TileType(cb.dtype, target.type.shape), unit.loc)
            value = map_expr(value, lambda e, t=target, lf=leaf: lf if e == t else e)
            still_read = {c.name for c, _ in temps_in(value)}
            done = tuple((c, n) for c, n in inner if c.name not in still_read)
            pre.append(ir.Compute(target, cb, unit.waits + inner, done, loc=unit.loc))
            mine.append(cb)

        while (target := _misplaced(value)) is not None:
            materialize(target, "an operand unpacked from a CB")
        while need(value) > capacity:
            materialize(_heaviest_fitting(value, capacity), "a spilled DST value")
        outer = temps_in(value)
        main = dataclasses.replace(unit, value=value, waits=unit.waits + outer, pops=unit.pops + outer)
        return [*pre, main]

    def block(stmts):
        out = []
        for s in stmts:
            out.extend(split(s) if isinstance(s, ir.Compute) else [s])
        return out

    compute = dataclasses.replace(p.compute, body=map_blocks(p.compute.body, block))
    return dataclasses.replace(p, compute=compute, cbs=p.cbs + tuple(temps), dst_capacity=capacity)


def _heaviest_fitting(e, capacity: int):
    """Descends the heaviest operands from the root to the first subtree that fits."""
    while need(e) > capacity:
        tiles = tile_args(e)
        e = max(tiles, key=need)
    return e
