"""Multicast: one program reads the tiles that every program of its group reads, and sends them.

Programs that agree on the program ids a read depends on read the same tiles in the same order.
When every read into a circular buffer is such a read, the programs that agree on those axes (a
row of the grid for reads that depend on program_id(0) only, a column for program_id(1) only,
the whole grid for neither) form a group: its first program reads each block from DRAM and
multicasts it into the same CB pages of the others, which read nothing (tt-metal's
matmul_multicore_reuse_mcast, derived instead of written).

What a read depends on: its tile indices, and every loop bound and branch condition around it,
through the scalar assignments of the reader (a fixpoint over the body). program_range's share
depends on both axes; tensor dims, parameters and num_programs on none. The reads of a CB must
be uniform along the group so that every program of it reserves and pushes the CB's pages in
step: their write pointers stay equal, and the sender writes the receivers' pages at its own.

Invariant established: Program.multicast names the CBs whose reads are multicast and the axes
their reads depend on. The host (host.cpp.j2) forms the groups of a launch's grid at run time
(programs agreeing on those axes; within one row of cores where they do not fill a rectangle).
"""

from __future__ import annotations

import dataclasses

from .. import nodes as ir
from ..visit import walk_expr

BOTH = frozenset((0, 1))
MAX_STREAMS = 8  # two semaphores each; a Tensix core has 16 (NUM_SEMAPHORES)


def run(p: ir.Program, enabled: bool = True) -> ir.Program:
    if not enabled:
        return p
    deps = _var_deps(p.reader.body)
    by_cb: dict[str, set] = {}
    for read, ctx in _reads(p.reader.body, frozenset(), deps):
        axes = ctx | _read_deps(read, deps)
        by_cb.setdefault(read.cb.name, set()).update(axes)
    streams = []
    cbs = {cb.name: cb for cb in p.cbs}
    for name, axes in by_cb.items():
        if frozenset(axes) == BOTH or len(streams) == MAX_STREAMS:
            continue
        streams.append(ir.Multicast(cbs[name], tuple(sorted(axes))))
    return dataclasses.replace(p, multicast=tuple(streams))


def _expr_deps(e, deps: dict[str, frozenset]) -> frozenset:
    out: set = set()
    for n in walk_expr(e):
        if isinstance(n, ir.ProgramId):
            out.add(n.axis)
        elif isinstance(n, ir.ShareBound):  # a share of the flat program index
            out |= BOTH
        elif isinstance(n, ir.Var):
            out |= deps.get(n.name, frozenset())
    return frozenset(out)


def _var_deps(body) -> dict[str, frozenset]:
    """The program-id axes each scalar variable of `body` depends on, through its assignments
    and the control flow around them."""
    deps: dict[str, frozenset] = {}

    def walk(stmts, ctx: frozenset) -> bool:
        grew = False
        for s in stmts:
            if isinstance(s, ir.Assign):
                new = deps.get(s.name, frozenset()) | ctx | _expr_deps(s.value, deps)
                grew |= new != deps.get(s.name)
                deps[s.name] = new
            elif isinstance(s, ir.For):
                bounds = ctx
                for e in (s.start, s.stop, s.step):
                    bounds |= _expr_deps(e, deps)
                new = deps.get(s.var, frozenset()) | bounds
                grew |= new != deps.get(s.var)
                deps[s.var] = new
                grew |= walk(s.body, bounds)
            elif isinstance(s, ir.If):
                inner = ctx | _expr_deps(s.cond, deps)
                grew |= walk(s.then, inner)
                grew |= walk(s.orelse, inner)
        return grew

    while walk(body, frozenset()):
        pass
    return deps


def _reads(stmts, ctx: frozenset, deps: dict[str, frozenset]):
    """(read, the axes of the loops and branches around it) for every DRAM read of a role."""
    for s in stmts:
        if isinstance(s, (ir.ReadTiles, ir.ReadBlock)):
            yield s, ctx
        elif isinstance(s, ir.For):  # its variable depends on the bounds and on ctx
            yield from _reads(s.body, ctx | deps.get(s.var, frozenset()), deps)
        elif isinstance(s, ir.If):
            inner = ctx | _expr_deps(s.cond, deps)
            yield from _reads(s.then, inner, deps)
            yield from _reads(s.orelse, inner, deps)


def _read_deps(read, deps: dict[str, frozenset]) -> frozenset:
    if isinstance(read, ir.ReadBlock):
        exprs = (read.row, read.col, *((read.base,) if read.base is not None else ()))
    else:
        exprs = tuple(e for t in read.tiles for e in (t.page, *(x for c in t.checks for x in c)))
    out: frozenset = frozenset()
    for e in exprs:
        out |= _expr_deps(e, deps)
    return out
