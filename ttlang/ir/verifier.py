"""Checks the invariants of the IR between passes (tinygrad's spec). A failure here is a bug in
ttlang, reported as an internal error at the kernel's location."""

from __future__ import annotations

from ..errors import TTLangInternalError
from . import nodes as ir
from .visit import stmt_exprs, walk_expr, walk_stmts

ROLE_ACTIONS = {
    "reader": (ir.ReadTiles, ir.ReadBlock, ir.FillMasks, ir.FillScaler),
    "compute": (
        ir.Compute, ir.PopVar, ir.AccumulateInDst, ir.AccumulateMatmuls, ir.MatmulBlockUnit, ir.ZeroBlock,
    ),
    "writer": (ir.WriteTile,),
}


def _fail(where, msg: str, loc=None):
    raise TTLangInternalError(f"IR verification failed after {where}: {msg}", loc)


def verify_kernel(k: ir.KernelIR, where: str) -> None:
    tensors = {p.name for p in k.params if isinstance(p, ir.TensorParam)}
    tile_level = where == "tile_lowering"
    for s in walk_stmts(k.body):
        if isinstance(s, (ir.ReadTiles, ir.ReadBlock, ir.WriteTile, ir.Compute, ir.PopVar)):
            _fail(where, f"role action {type(s).__name__} before the role split", s.loc)
        if isinstance(s, ir.MatmulBlock):  # an update over whole blocks, by design
            continue
        if isinstance(s, ir.Store) and s.tensor not in tensors:
            _fail(where, f"store into unknown tensor {s.tensor}", s.loc)
        if isinstance(s, ir.For) and isinstance(s.step, ir.Const) and s.step.value == 0:
            _fail(where, "loop with step 0", s.loc)
        for e in stmt_exprs(s):
            for n in walk_expr(e):
                if isinstance(n, ir.Load) and n.tensor not in tensors:
                    _fail(where, f"load from unknown tensor {n.tensor}", n.loc)
                if isinstance(n, ir.CbTile):
                    _fail(where, "CB operand before the role split", n.loc)
                if tile_level and isinstance(n.type, ir.TileType):
                    r, c = n.type.shape
                    if r not in (1, 32) or c not in (1, 32):
                        _fail(where, f"a {r}x{c} block left after tile lowering", n.loc)
                if tile_level and isinstance(n, ir.Load) and n.extent != (1, 1):
                    _fail(where, "a block load left after tile lowering", n.loc)


def verify_program(p: ir.Program, where: str) -> None:
    by_name = {cb.name: cb for cb in p.cbs}
    numbered = all(cb.id >= 0 for cb in p.cbs)
    if numbered and len({cb.id for cb in p.cbs}) != len(p.cbs):
        _fail(where, "two CBs share an id")

    def known(cb: ir.CB, loc):
        if by_name.get(cb.name) != cb:
            _fail(
                where, f"CB {cb.name} is not declared by the program (or declared differently)", loc
            )

    for role in p.roles:
        allowed = ROLE_ACTIONS[role.role]
        for s in walk_stmts(role.body):
            if isinstance(s, (ir.TileAssign, ir.Store)):
                _fail(where, f"{type(s).__name__} left in the {role.role}", s.loc)
            if isinstance(s, (ir.MatmulBlock, ir.MatmulBlockBegin, ir.MatmulBlockEnd)):
                _fail(where, f"{type(s).__name__} left in the {role.role}", s.loc)
            if isinstance(
                s, (ir.ReadTiles, ir.ReadBlock, ir.WriteTile, ir.Compute, ir.PopVar, ir.MatmulBlockUnit, ir.ZeroBlock)
            ) and not isinstance(s, allowed):
                _fail(where, f"{type(s).__name__} in the {role.role}", s.loc)
            if isinstance(s, (ir.ReadTiles, ir.ReadBlock, ir.WriteTile, ir.PopVar)):
                known(s.cb, s.loc)
            if isinstance(s, ir.MatmulBlockUnit):
                for cb in (s.a, s.b, s.acc):
                    known(cb, s.loc)
                if s.subblock[0] * s.subblock[1] > p.dst_capacity and where in ("dst_alloc", "cb_planning"):
                    _fail(where, "matmul subblock exceeds the DST capacity", s.loc)
            if isinstance(s, ir.Compute):
                known(s.out, s.loc)
                waited = {}
                for cb, n in s.waits:
                    known(cb, s.loc)
                    waited[cb.name] = max(waited.get(cb.name, 0), n)
                for n in walk_expr(s.value):
                    if isinstance(n, (ir.Load, ir.TileVar)):
                        _fail(where, f"{type(n).__name__} left in a compute unit", s.loc)
                    if isinstance(n, ir.CbTile):
                        known(n.cb, s.loc)
                        if n.cb.purpose != "intermediate" or n.cb.name.startswith("tmp_"):
                            if isinstance(n.index, int) and n.index >= waited.get(n.cb.name, 0):
                                _fail(
                                    where,
                                    f"operand {n.cb.name}[{n.index}] is not waited for",
                                    s.loc,
                                )
                if p.dst_capacity and where in ("dst_alloc", "cb_planning"):
                    from .passes.dst_alloc import need

                    if need(s.value) > p.dst_capacity:
                        _fail(where, "compute unit exceeds the DST capacity", s.loc)
