"""DST-resident accumulation: the accumulators of a K loop of matmuls stay in DST registers
for the whole loop instead of going through their circular buffers at every step.

    acc = tt.zeros(...)                      tile_regs_acquire()        (acc in DST tile r)
    for k in range(Kt):             ->       for k: matmul_tiles(a, b, ..., r)
        acc += a[m, k] @ b[k, n]             epilogue on r, tile_regs_commit(), pack, release
    c[m, n] = f(acc)

Applies when every accumulator of the loop (one per tile of a block) starts at zero, each trip
only adds matmuls of CB tiles to it, the units after the loop that read the accumulators are
stores that read each of them once, and the accumulators plus the epilogue's own needs fit in
DST. Anything else keeps the general path (each update packs the accumulator into its CB).

Invariant established: an AccumulateInDst statement replaces exactly the init units, the loop,
the epilogue units and the accumulators' pops it matched.
"""

from __future__ import annotations

import dataclasses

from .. import nodes as ir
from ..ops import Op
from ..visit import map_blocks, walk_expr
from .dst_alloc import need


def run(p: ir.Program) -> ir.Program:
    capacity = p.dst_capacity
    body = map_blocks(p.compute.body, lambda stmts: _block(list(stmts), capacity))
    return dataclasses.replace(p, compute=dataclasses.replace(p.compute, body=body))


def _is_zero_init(s) -> bool:
    return (
        isinstance(s, ir.Compute)
        and s.keep
        and not s.replaces
        and isinstance(s.value, ir.Full)
        and isinstance(s.value.value, ir.Const)
        and s.value.value.value == 0
        and not s.waits
    )


def _matmul_chain(value, acc: ir.CB):
    """The matmuls of `acc + A @ B + C @ D ...`, or None if value is not such a chain."""
    mms = []
    while isinstance(value, ir.TileOp) and value.op == Op.ADD:
        a, b = value.args
        if not (isinstance(b, ir.TileOp) and b.op == Op.MATMUL and all(isinstance(x, ir.CbTile) for x in b.args)):
            return None
        mms.append(b)
        value = a
    if isinstance(value, ir.CbTile) and value.cb == acc and mms:
        return tuple(reversed(mms))
    return None


def _block(stmts: list, capacity: int) -> list:
    i = 0
    while i < len(stmts):
        inits = []
        j = i
        while j < len(stmts) and _is_zero_init(stmts[j]):
            inits.append(stmts[j])
            j += 1
        if not inits or j >= len(stmts) or not isinstance(stmts[j], ir.For):
            i = max(j, i + 1)
            continue
        new = _match(stmts, i, inits, j, capacity)
        if new is None:
            i = j
            continue
        stmt, end = new
        stmts[i:end] = [stmt]
        i += 1
    return stmts


def _match(stmts, start, inits, loop_at, capacity):
    accs = [s.out for s in inits]
    if len(accs) > capacity or len({a.name for a in accs}) != len(accs):
        return None
    reg = {a.name: r for r, a in enumerate(accs)}
    loop = stmts[loop_at]
    updates = []
    for s in loop.body:
        if isinstance(s, ir.Assign):
            updates.append(s)
            continue
        if not (isinstance(s, ir.Compute) and s.out.name in reg and s.replaces):
            return None
        mms = _matmul_chain(s.value, s.out)
        if mms is None:
            return None
        updates.append(ir.AccumulateMatmuls(reg[s.out.name], mms, s.waits, s.pops, s.loc))
    if not any(isinstance(u, ir.AccumulateMatmuls) for u in updates):
        return None
    # The epilogue: store units reading each accumulator once, then the accumulators' pops.
    epilogue, pops = [], set()
    k = loop_at + 1
    read = set()
    while k < len(stmts) and len(pops) < len(accs):
        s = stmts[k]
        if isinstance(s, ir.PopVar) and s.cb.name in reg:
            pops.add(s.cb.name)
        elif isinstance(s, ir.Compute) and not s.keep and not s.replaces:
            used = [n.cb.name for n in walk_expr(s.value) if isinstance(n, ir.CbTile) and n.cb.name in reg]
            if len(used) != 1 or used[0] in read or any(c.name.startswith("tmp_") for c, _ in s.waits):
                return None
            read.add(used[0])
            epilogue.append(s)
        else:
            return None
        k += 1
    if pops != set(reg) or read != set(reg):
        return None
    if any(len(accs) + need(s.value) - 1 > capacity for s in epilogue):
        return None
    body = dataclasses.replace(loop, body=tuple(updates))
    return ir.AccumulateInDst(tuple((a, reg[a.name]) for a in accs), body, tuple(epilogue), loop.loc), k
