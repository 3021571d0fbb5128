"""Circular-buffer planning: numbers the CBs, sizes them, and checks they fit the core.

Inputs and outputs are double-buffered (two units' worth of pages, so the reader fills one
while compute drains the other); an output that block stores fill holds a whole block where
L1 has room for it; tile variables and spilled values hold one page. Numbering
follows the tt-metal convention when it fits (inputs from c_0, outputs from c_16,
intermediates from c_24), else packs densely.

Invariant established: every CB has an id below the architecture's CB count and a page count,
and all of them together fit in the core's user L1.
"""

from __future__ import annotations

import dataclasses

from ...arch import Arch
from ...errors import TTLangResourceError
from .. import nodes as ir
from ..visit import walk_stmts


def run(p: ir.Program, arch: Arch) -> ir.Program:
    per_unit: dict[str, int] = {}
    for s in walk_stmts(p.reader.body):
        if isinstance(s, ir.ReadTiles):
            per_unit[s.cb.name] = max(per_unit.get(s.cb.name, 0), len(s.tiles))
        elif isinstance(s, ir.FillMasks):
            per_unit[s.cb.name] = max(per_unit.get(s.cb.name, 0), len(s.masks))
        elif isinstance(s, ir.ReadBlock):
            per_unit[s.cb.name] = max(per_unit.get(s.cb.name, 0), s.rows * s.cols)

    groups = {
        k: [cb for cb in p.cbs if cb.purpose == k] for k in ("input", "output", "intermediate")
    }
    conventional = (
        len(groups["input"]) <= 16
        and len(groups["output"]) <= 8
        and len(groups["intermediate"]) <= 8
    )
    numbered: dict[str, ir.CB] = {}
    next_id = 0
    for purpose, base in (("input", 0), ("output", 16), ("intermediate", 24)):
        if conventional:
            next_id = base
        for cb in groups[purpose]:
            # Inputs and outputs double-buffered; the scaler written once; intermediates one page.
            if purpose == "intermediate":
                pages = max(1, cb.pages)  # a block variable's tiles share one CB, a page each
            elif cb.name == "scaler":
                pages = 1
            else:
                pages = 2 * per_unit.get(cb.name, 1)
            numbered[cb.name] = dataclasses.replace(cb, id=next_id, pages=pages)
            next_id += 1
    # An output a block store fills takes the whole block if L1 has room: compute then packs a
    # block without waiting for the writer, and the writes overlap the next block's compute.
    spare = arch.l1_user_bytes - sum(cb.bytes for cb in numbered.values())
    for name, pages in _block_stores(p.writer.body).items():
        cb = numbered.get(name)
        if cb is not None and pages > cb.pages and (pages - cb.pages) * cb.dtype.tile_bytes <= spare:
            spare -= (pages - cb.pages) * cb.dtype.tile_bytes
            numbered[name] = dataclasses.replace(cb, pages=pages)
    cbs = tuple(numbered.values())

    listing = "\n".join(
        f"  c_{cb.id:<2} {cb.name:<16} {cb.pages} x {cb.dtype.tile_bytes} B = {cb.bytes} B  ({cb.what})"
        for cb in cbs
    )
    if len(cbs) > arch.max_cbs:
        raise TTLangResourceError(
            f"kernel '{p.kernel.name}' needs {len(cbs)} circular buffers, but a {arch.title} core has "
            f"{arch.max_cbs}",
            p.kernel.loc,
            (f"circular buffers:\n{listing}",),
        )
    total = sum(cb.bytes for cb in cbs)
    if total > arch.l1_user_bytes:
        raise TTLangResourceError(
            f"kernel '{p.kernel.name}' needs {total} B of circular buffers, but a {arch.title} core has "
            f"{arch.l1_user_bytes} B of L1 for them",
            p.kernel.loc,
            (f"circular buffers:\n{listing}",),
        )
    return _renumber(dataclasses.replace(p, cbs=cbs), numbered)


def _block_stores(body, trips: int = 1) -> dict[str, int]:
    """The tiles each output CB receives from one block store: the writes inside loops over a
    block's tiles (constant trip counts), per CB the largest block."""
    out: dict[str, int] = {}
    for s in body:
        if isinstance(s, ir.WriteTile) and trips > 1:
            out[s.cb.name] = max(out.get(s.cb.name, 0), trips)
        elif isinstance(s, ir.For):
            n = trips
            if s.kind == "tiles" and all(isinstance(e, ir.Const) for e in (s.start, s.stop, s.step)):
                n *= max(0, -(-(s.stop.value - s.start.value) // s.step.value))
            for k, v in _block_stores(s.body, n).items():
                out[k] = max(out.get(k, 0), v)
        elif isinstance(s, ir.If):
            for branch in (s.then, s.orelse):
                for k, v in _block_stores(branch, trips).items():
                    out[k] = max(out.get(k, 0), v)
    return out


def _referenced(p: ir.Program) -> set[str]:
    from ..visit import stmt_exprs, walk_expr

    names = set()
    for role in p.roles:
        for s in walk_stmts(role.body):
            for attr in ("cb", "out", "a", "b", "acc"):
                if isinstance(getattr(s, attr, None), ir.CB):
                    names.add(getattr(s, attr).name)
            for c, _ in [*getattr(s, "waits", ()), *getattr(s, "pops", ())]:
                names.add(c.name)
            for e in stmt_exprs(s):
                names |= {n.cb.name for n in walk_expr(e) if isinstance(n, ir.CbTile)}
    return names


def _renumber(p: ir.Program, numbered: dict[str, ir.CB]) -> ir.Program:
    def cb(c: ir.CB) -> ir.CB:
        return numbered.get(c.name, c)

    def expr(e):
        from ..visit import map_expr

        return map_expr(
            e, lambda n: dataclasses.replace(n, cb=cb(n.cb)) if isinstance(n, ir.CbTile) else n
        )

    def stmt(s):
        if isinstance(s, (ir.ReadTiles, ir.ReadBlock, ir.FillMasks, ir.FillScaler)):
            return dataclasses.replace(s, cb=cb(s.cb))
        if isinstance(s, ir.WriteTile):
            return dataclasses.replace(s, cb=cb(s.cb))
        if isinstance(s, (ir.PopVar, ir.ZeroBlock)):
            return dataclasses.replace(s, **({"cb": cb(s.cb)} if isinstance(s, ir.PopVar) else {"acc": cb(s.acc)}))
        if isinstance(s, ir.MatmulBlockUnit):
            return dataclasses.replace(s, a=cb(s.a), b=cb(s.b), acc=cb(s.acc))
        if isinstance(s, ir.Compute):
            return dataclasses.replace(
                s,
                value=expr(s.value),
                out=cb(s.out),
                waits=tuple((cb(c), n) for c, n in s.waits),
                pops=tuple((cb(c), n) for c, n in s.pops),
            )
        if isinstance(s, ir.AccumulateMatmuls):
            return dataclasses.replace(
                s,
                matmuls=tuple(expr(m) for m in s.matmuls),
                waits=tuple((cb(c), n) for c, n in s.waits),
                pops=tuple((cb(c), n) for c, n in s.pops),
            )
        if isinstance(s, ir.AccumulateInDst):
            return dataclasses.replace(
                s,
                accumulators=tuple((cb(c), r) for c, r in s.accumulators),
                loop=stmt(s.loop),
                epilogue=tuple(stmt(x) for x in s.epilogue),
            )
        if isinstance(s, ir.For):
            return dataclasses.replace(s, body=tuple(stmt(x) for x in s.body))
        if isinstance(s, ir.If):
            return dataclasses.replace(
                s, then=tuple(stmt(x) for x in s.then), orelse=tuple(stmt(x) for x in s.orelse)
            )
        return s

    roles = [dataclasses.replace(r, body=tuple(stmt(s) for s in r.body)) for r in p.roles]
    return dataclasses.replace(p, reader=roles[0], compute=roles[1], writer=roles[2])
