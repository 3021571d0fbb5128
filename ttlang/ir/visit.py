"""Generic traversals of the IR: children, walks and rewrites."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

from . import nodes as ir

EXPR_TYPES = (
    ir.Const,
    ir.Var,
    ir.Param,
    ir.TensorDim,
    ir.ProgramId,
    ir.NumPrograms,
    ir.ShareBound,
    ir.BinOp,
    ir.UnOp,
    ir.Load,
    ir.TileVar,
    ir.TileOp,
    ir.Full,
    ir.CbTile,
)


def expr_children(e) -> tuple:
    if isinstance(e, ir.BinOp):
        return (e.lhs, e.rhs)
    if isinstance(e, ir.UnOp):
        return (e.operand,)
    if isinstance(e, ir.ShareBound):
        return (e.n,)
    if isinstance(e, ir.Load):
        return e.index
    if isinstance(e, ir.TileOp):
        return e.args
    if isinstance(e, ir.Full):
        return (e.value,)
    if isinstance(e, ir.TileVar):
        return e.index
    if isinstance(e, ir.CbTile) and not isinstance(e.index, int):
        return (e.index,)
    return ()


def walk_expr(e) -> Iterator:
    """Pre-order walk of an expression tree."""
    yield e
    for c in expr_children(e):
        yield from walk_expr(c)


def map_expr(e, fn: Callable):
    """Rebuilds `e` bottom-up, applying fn to every node after its children."""
    if isinstance(e, ir.BinOp):
        e = dataclasses.replace(e, lhs=map_expr(e.lhs, fn), rhs=map_expr(e.rhs, fn))
    elif isinstance(e, ir.UnOp):
        e = dataclasses.replace(e, operand=map_expr(e.operand, fn))
    elif isinstance(e, ir.ShareBound):
        e = dataclasses.replace(e, n=map_expr(e.n, fn))
    elif isinstance(e, ir.Load):
        e = dataclasses.replace(e, index=tuple(map_expr(i, fn) for i in e.index))
    elif isinstance(e, ir.TileOp):
        e = dataclasses.replace(e, args=tuple(map_expr(a, fn) for a in e.args))
    elif isinstance(e, ir.Full):
        e = dataclasses.replace(e, value=map_expr(e.value, fn))
    elif isinstance(e, ir.TileVar) and e.index:
        e = dataclasses.replace(e, index=tuple(map_expr(i, fn) for i in e.index))
    elif isinstance(e, ir.CbTile) and not isinstance(e.index, int):
        e = dataclasses.replace(e, index=map_expr(e.index, fn))
    return fn(e)


def stmt_exprs(s) -> tuple:
    """The expressions a statement evaluates itself (not those of nested statements)."""
    if isinstance(s, ir.Assign):
        return (s.value,)
    if isinstance(s, ir.TileAssign):
        return (s.value, *s.index)
    if isinstance(s, ir.Store):
        return (*s.index, s.value)
    if isinstance(s, ir.For):
        return (s.start, s.stop, s.step)
    if isinstance(s, ir.If):
        return (s.cond,)
    if isinstance(s, ir.ReadTiles):
        return tuple(x for t in s.tiles for x in (t.page, *[c for pair in t.checks for c in pair]))
    if isinstance(s, ir.WriteTile):
        return (s.tile.page, *[c for pair in s.tile.checks for c in pair])
    if isinstance(s, ir.FillMasks):
        return tuple(x for r, c, _ in s.masks for x in (r, c))
    if isinstance(s, ir.Compute):
        return (s.value,) if isinstance(s.keep_pages, int) else (s.value, s.keep_pages)
    if isinstance(s, ir.AccumulateMatmuls):
        return s.matmuls
    if isinstance(s, ir.MatmulBlock):
        return (s.a, s.b)
    if isinstance(s, ir.ReadBlock):
        return (s.row, s.col, *((s.base,) if s.base is not None else ()), *(x for c in s.checks for x in c))
    if isinstance(s, (ir.MatmulBlockUnit, ir.ZeroBlock)):
        return (s.first,)
    return ()


def tile_var_defined(s) -> str | None:
    """The tile variable a statement assigns (a block accumulator's updates assign it too)."""
    if isinstance(s, ir.TileAssign):
        return s.name
    if isinstance(s, (ir.MatmulBlock, ir.MatmulBlockBegin, ir.MatmulBlockEnd)):
        return s.acc
    return None


def stmt_blocks(s) -> tuple:
    if isinstance(s, ir.For):
        return (s.body,)
    if isinstance(s, ir.If):
        return (s.then, s.orelse)
    if isinstance(s, ir.AccumulateInDst):
        return ((s.loop,), s.epilogue)
    return ()


def walk_stmts(stmts) -> Iterator:
    """Pre-order walk of statements, nested blocks included."""
    for s in stmts:
        yield s
        for b in stmt_blocks(s):
            yield from walk_stmts(b)


def reads_of(e) -> set[str]:
    """Scalar variable names an expression reads."""
    return {n.name for n in walk_expr(e) if isinstance(n, ir.Var)}


def map_blocks(stmts: tuple, fn: Callable) -> tuple:
    """Applies fn(stmts) -> stmts to every block, innermost first."""
    out = []
    for s in stmts:
        if isinstance(s, ir.For):
            s = dataclasses.replace(s, body=map_blocks(s.body, fn))
        elif isinstance(s, ir.If):
            s = dataclasses.replace(s, then=map_blocks(s.then, fn), orelse=map_blocks(s.orelse, fn))
        out.append(s)
    return tuple(fn(tuple(out)))


def tile_var_paths(body) -> tuple[dict[str, list[tuple]], dict[str, list[tuple]]]:
    """For each tile variable, the block paths of its occurrences (assignments and uses) and of
    its assignments. A path is ((stmt index, sub-block), ...) from the kernel body."""
    occurs: dict[str, list[tuple]] = {}
    defs: dict[str, list[tuple]] = {}

    def visit(stmts, path):
        for i, s in enumerate(stmts):
            names = set()
            defined = tile_var_defined(s)
            if defined is not None:
                names.add(defined)
                defs.setdefault(defined, []).append(path)
            for e in stmt_exprs(s):
                names |= {n.name for n in walk_expr(e) if isinstance(n, ir.TileVar)}
            for n in names:
                occurs.setdefault(n, []).append(path)
            if isinstance(s, ir.For):
                visit(s.body, path + ((i, 0),))
            elif isinstance(s, ir.If):
                visit(s.then, path + ((i, 0),))
                visit(s.orelse, path + ((i, 1),))

    visit(body, ())
    return occurs, defs


def home_blocks(body) -> dict[str, tuple]:
    """The home block of each tile variable: the innermost block holding all its occurrences
    (the longest common prefix of their paths)."""
    occurs, _ = tile_var_paths(body)
    out = {}
    for name, ps in occurs.items():
        common = ps[0]
        for p in ps[1:]:
            n = 0
            while n < min(len(common), len(p)) and common[n] == p[n]:
                n += 1
            common = common[:n]
        out[name] = common
    return out
