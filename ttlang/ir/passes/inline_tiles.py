"""Fuses tile expressions: a tile variable read once, right there in its own block, is replaced by
its value, so `t = a[i] * b[i]; c[i] = t + 1` becomes one compute unit. A variable whose value
is a plain load is re-read at each use rather than kept. Every TileAssign left afterwards is a
materialized variable: it lives in a circular buffer of its own on the compute core.

Invariant established: no TileAssign whose value could be substituted without changing what any
load reads or any scalar evaluates to.
"""

from __future__ import annotations

import dataclasses

from .. import nodes as ir
from ..ops import Op
from ..visit import (
    home_blocks,
    map_expr,
    reads_of,
    stmt_blocks,
    stmt_exprs,
    tile_var_paths,
    walk_expr,
    walk_stmts,
)


def run(k: ir.KernelIR) -> ir.KernelIR:
    body = k.body
    while True:
        # Only a variable whose every assignment sits at the top of its home block has simple
        # live ranges (assignment -> uses -> next assignment); the others carry values around
        # loops or out of branches and stay materialized.
        home = home_blocks(body)
        _, defs = tile_var_paths(body)
        linear = {v for v, ps in defs.items() if all(p == home[v] for p in ps)}
        body, changed = _blocks(body, (), linear)
        if not changed:
            return dataclasses.replace(k, body=body)


def _blocks(stmts: tuple, path: tuple, linear: set[str]) -> tuple[tuple, bool]:
    for i, s in enumerate(stmts):
        if isinstance(s, ir.TileAssign) and s.name in linear:
            new = _try_inline(stmts, i)
            if new is not None:
                return new, True
    out = list(stmts)
    for i, s in enumerate(stmts):
        if isinstance(s, ir.For):
            body, c = _blocks(s.body, path + ((i, 0),), linear)
            if c:
                out[i] = dataclasses.replace(s, body=body)
                return tuple(out), True
        elif isinstance(s, ir.If):
            then, c1 = _blocks(s.then, path + ((i, 0),), linear)
            orelse, c2 = _blocks(s.orelse, path + ((i, 1),), linear)
            if c1 or c2:
                out[i] = dataclasses.replace(s, then=then, orelse=orelse)
                return tuple(out), True
    return stmts, False


def _tile_uses(e, name: str) -> int:
    return sum(1 for n in walk_expr(e) if isinstance(n, ir.TileVar) and n.name == name)


def _stmt_uses(s, name: str) -> int:
    return sum(_tile_uses(e, name) for x in walk_stmts((s,)) for e in stmt_exprs(x))


def _defines(s, name: str) -> bool:
    return any(isinstance(x, ir.TileAssign) and x.name == name for x in walk_stmts((s,)))


def _interferes(s, scalars: set[str], tensors: set[str], tiles: set[str]) -> bool:
    """Whether statement s changes something the moved expression reads."""
    for x in walk_stmts((s,)):
        if isinstance(x, ir.Assign) and x.name in scalars:
            return True
        if isinstance(x, ir.Store) and x.tensor in tensors:
            return True
        if isinstance(x, ir.TileAssign) and x.name in tiles:
            return True
    return False


def _try_inline(stmts: tuple, i: int) -> tuple | None:
    d = stmts[i]
    name, value = d.name, d.value
    uses: list[int] = []  # indices of top-level statements using the variable
    for j in range(i + 1, len(stmts)):
        s = stmts[j]
        nested = bool(stmt_blocks(s))
        n = _stmt_uses(s, name)
        if n and nested:
            return None  # read inside a loop or branch: keep it materialized
        uses += [j] * n
        if isinstance(s, ir.TileAssign) and s.name == name:
            break
        if nested and _defines(s, name):
            return None  # redefined inside a loop or branch: its page must exist before
    if len(uses) > 1 and not isinstance(value, ir.Load):
        return None
    if value.type.shape != (32, 32) and any(
        isinstance(n, ir.TileOp) and n.op in (Op.MATMUL, Op.REDUCE_SUM, Op.REDUCE_MAX) for n in walk_expr(value)
    ):
        return None  # a block: inlining would recompute the reduction or product for every tile
    scalars = reads_of(value)
    tensors = {n.tensor for n in walk_expr(value) if isinstance(n, ir.Load)}
    tiles = {n.name for n in walk_expr(value) if isinstance(n, ir.TileVar)}
    last = uses[-1] if uses else i
    if any(_interferes(stmts[j], scalars, tensors, tiles) for j in range(i + 1, last)):
        return None
    out = list(stmts)
    for j in sorted(set(uses)):
        out[j] = _substitute(out[j], name, value)
    del out[i]
    return tuple(out)


def _substitute(s, name: str, value):
    def sub(e):
        return value if isinstance(e, ir.TileVar) and e.name == name else e

    if isinstance(s, ir.TileAssign):
        return dataclasses.replace(s, value=map_expr(s.value, sub))
    if isinstance(s, ir.Store):
        return dataclasses.replace(s, value=map_expr(s.value, sub))
    return s
