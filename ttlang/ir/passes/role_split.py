"""Splits a kernel into the three programs a Tensix core runs.

Every store and every materialized tile variable becomes a compute unit; the reader issues
exactly the loads the units consume, in the order they consume them (a tile read twice in one
unit is read once); the writer drains each output in the order the units fill it. The scalar
control flow (loops, branches, index arithmetic) is replicated into each role and then pruned
to what that role needs.

Tile variables live in a one-page circular buffer on the compute core from their first
assignment to their last use in their home block (the innermost block holding all their uses);
a reassignment replaces the page. A block variable's tiles live in one circular buffer, a page
each, written by the loop over its tiles (tile (i, j) at page i * cols + j).

Invariant established: reader and compute agree on the sequence of pages of every input CB,
compute and writer on every output CB; CBs are named but not yet numbered (see cb_planning).
"""

from __future__ import annotations

import dataclasses

from ...errors import TTLangSyntaxError
from ...language import dtype
from .. import nodes as ir
from ..ops import REDUCTIONS, Op
from ..visit import home_blocks, map_expr, reads_of, stmt_exprs, tile_var_defined, walk_expr, walk_stmts
from .padding import add, mul

EMPTY, HELD, MAYBE = "empty", "held", "maybe"


def run(k: ir.KernelIR, fp32_dest_acc: bool = True, dst_capacity: int = 4) -> ir.Program:
    s = _Splitter(k, fp32_dest_acc, dst_capacity)
    reader, compute, writer = s.block(k.body, ())
    if s.needs_scaler:  # written once, kept for the whole kernel
        reader.insert(0, ir.FillScaler(s.scaler_cb()))
    roles = [
        ir.RoleProgram("reader", _prune(reader)),
        ir.RoleProgram("compute", _prune(compute)),
        ir.RoleProgram("writer", _prune(writer)),
    ]
    return ir.Program(k, *roles, cbs=tuple(s.cbs.values()), fp32_dest_acc=fp32_dest_acc)


class _Splitter:
    def __init__(self, k: ir.KernelIR, fp32_dest_acc: bool, dst_capacity: int):
        self.k = k
        self.dtypes = {p.name: p.dtype for p in k.params if isinstance(p, ir.TensorParam)}
        self.ndims = {p.name: p.ndim for p in k.params if isinstance(p, ir.TensorParam)}
        self.tile_dtype = dtype.float32 if fp32_dest_acc else dtype.bfloat16
        self.cbs: dict[str, ir.CB] = {}
        self.home = home_blocks(k.body)
        self.state: dict[str, str] = {}
        self.needs_scaler = False
        # Block variables (tile lowering assigns them tile by tile): name -> grid of tiles.
        self.block_grids = {
            s.name: s.grid for s in walk_stmts(k.body) if isinstance(s, ir.TileAssign) and s.index
        }
        # Block accumulators of matmuls: their pages are in the order of their DST subblocks.
        self.subblocks: dict[str, tuple[int, int]] = {}
        for s in walk_stmts(k.body):
            if isinstance(s, ir.MatmulBlockBegin):
                self.block_grids[s.acc] = s.grid
                self.subblocks[s.acc] = subblock(s.grid, dst_capacity)
        _check_in_place(k)

    def cb(self, name: str, dt: dtype, purpose: str, what: str) -> ir.CB:
        if name not in self.cbs:
            self.cbs[name] = ir.CB(-1, name, dt, 0, purpose, what)
        return self.cbs[name]

    # Blocks ----------------------------------------------------------------------------------

    def block(self, stmts, path: tuple):
        r, c, w = [], [], []
        # A tile variable dies after the last statement of its home block that mentions it.
        last: dict[str, int] = {}
        for i, s in enumerate(stmts):
            for x in walk_stmts((s,)):
                if tile_var_defined(x) is not None:
                    last[tile_var_defined(x)] = i
                for e in stmt_exprs(x):
                    for n in walk_expr(e):
                        if isinstance(n, ir.TileVar):
                            last[n.name] = i
        dies: dict[int, list[str]] = {}
        for var, home in self.home.items():
            if home == path and var in last:
                dies.setdefault(last[var], []).append(var)
        for i, s in enumerate(stmts):
            if isinstance(s, ir.Assign):
                r.append(s), c.append(s), w.append(s)
            elif isinstance(s, ir.For):
                entry = dict(self.state)
                rb, cb, wb = self.block(s.body, path + ((i, 0),))
                if s.kind == "tiles":  # the loop over a block variable's tiles assigns it
                    entry.update({v: HELD for v, st in self.state.items() if st == HELD and v in self.block_grids})
                if self.state != entry:
                    # A second trip through the body must start where the first one started.
                    self.check_loop(s, entry)
                for dst, body in ((r, rb), (c, cb), (w, wb)):
                    dst.append(dataclasses.replace(s, body=tuple(body)))
            elif isinstance(s, ir.If):
                entry = dict(self.state)
                rt, ct, wt = self.block(s.then, path + ((i, 0),))
                after_then, self.state = self.state, dict(entry)
                re, ce, we = self.block(s.orelse, path + ((i, 1),))
                after_else = self.state
                self.state = {
                    v: (
                        after_then.get(v, EMPTY)
                        if after_then.get(v, EMPTY) == after_else.get(v, EMPTY)
                        else MAYBE
                    )
                    for v in set(after_then) | set(after_else)
                }
                for dst, then, orelse in ((r, rt, re), (c, ct, ce), (w, wt, we)):
                    dst.append(dataclasses.replace(s, then=tuple(then), orelse=tuple(orelse)))
            elif isinstance(s, ir.Store):
                self.store(s, r, c, w)
            elif isinstance(s, ir.TileAssign):
                self.tile_assign(s, r, c)
            elif isinstance(s, ir.MatmulBlockBegin):
                self.var_slot(s.acc)  # its CB, empty until the first update
                self.state[s.acc] = HELD
            elif isinstance(s, ir.MatmulBlock):
                self.matmul_block(s, r, c)
            elif isinstance(s, ir.MatmulBlockEnd):
                c.append(ir.ZeroBlock(self.var_cb(s.acc), ir.Var(s.first, ir.INT, s.loc), s.loc))
            else:
                raise AssertionError(f"role_split: unexpected {type(s).__name__}")
            for var in dies.get(i, ()):
                self.release(var, c)
        return r, c, w

    def release(self, var: str, c: list):
        """The end of a tile variable's life: its pages are dropped."""
        st = self.state.get(var, EMPTY)
        if st == MAYBE:
            raise TTLangSyntaxError(
                f"tile variable '{var}' is assigned on some paths only; assign it before the loop or `if`",
                self.first_def_loc(var),
            )
        if st == HELD:
            cb = self.var_cb(var)
            c.append(ir.PopVar(cb, pages=cb.pages if var in self.block_grids else 1))
            self.state[var] = EMPTY

    def check_loop(self, s: ir.For, entry: dict):
        for var, st in self.state.items():
            if entry.get(var, EMPTY) != st:
                raise TTLangSyntaxError(
                    f"tile variable '{var}' is first assigned inside this loop but also lives outside it; "
                    "assign it before the loop (or use another name inside it)",
                    s.loc,
                )

    def first_def_loc(self, var):
        for x in walk_stmts(self.k.body):
            if isinstance(x, ir.TileAssign) and x.name == var:
                return x.loc
        return self.k.loc

    # Tile statements ------------------------------------------------------------------------

    def var_cb(self, name: str) -> ir.CB:
        return self.var_slot(name)[0]

    def var_slot(self, name: str, index: tuple = ()) -> tuple[ir.CB, int | ir.Expr]:
        """The CB of a tile variable and the page of tile `index` in it: a block variable's
        tiles share one CB, a page each (tile (i, j) at page i * cols + j); a one-tile variable
        has a one-page CB of its own."""
        g = self.block_grids.get(name)
        if g is None:
            cb = self.cb(f"var_{name}", self.tile_dtype, "intermediate", f"tile variable {name}")
            return cb, 0
        n = g[0] * g[1]
        cb = self.cb(f"var_{name}", self.tile_dtype, "intermediate", f"tile variable {name}, {n} tiles")
        if cb.pages < n:
            cb = self.cbs[cb.name] = dataclasses.replace(cb, pages=n)
        if not index:
            return cb, 0
        i, j = index
        sh, sw = self.subblocks.get(name, (1, g[1]))
        if sh == 1 or sw == g[1]:  # subblocks of whole rows: row-major
            page = add(mul(i, g[1]), j)
        else:  # subblock (i // sh, j // sw), tile (i % sh, j % sw) in it
            def op(o, x, n):
                if isinstance(x, ir.Const):
                    return ir.Const(x.value // n if o == "//" else x.value % n, ir.INT)
                return ir.BinOp(o, x, ir.Const(n, ir.INT), ir.INT)

            sub = add(mul(op("//", i, sh), g[1] // sw), op("//", j, sw))
            page = add(add(mul(sub, sh * sw), mul(op("%", i, sh), sw)), op("%", j, sw))
        return cb, page.value if isinstance(page, ir.Const) else page

    def matmul_block(self, s: ir.MatmulBlock, r, c):
        """acc += a @ b over whole blocks: the reader reads each operand block once, with one
        barrier; compute multiplies them in DST subblocks into the accumulator's CB."""
        ins = []
        for ld in (s.a, s.b):
            cb = self.cb(f"in_{ld.tensor}_blk", self.dtypes[ld.tensor], "input", f"blocks of {ld.tensor}")
            base, checks = self.matrix(ld.tensor, ld.index[:-2], ld.loc)
            r.append(ir.ReadBlock(cb, ld.tensor, ld.index[-2], ld.index[-1], *ld.extent, ld.loc, base, checks))
            ins.append(cb)
        acc = self.var_cb(s.acc)
        first = ir.Var(s.first, ir.INT, s.loc)
        c.append(ir.MatmulBlockUnit(ins[0], ins[1], acc, s.grid, s.inner, self.subblocks[s.acc], first, s.loc))
        self.state[s.acc] = HELD

    def tile_assign(self, s: ir.TileAssign, r, c):
        st = self.state.get(s.name, EMPTY)
        if st == MAYBE:
            raise TTLangSyntaxError(
                f"tile variable '{s.name}' was assigned on some paths only before this point; "
                "assign it once before the loop or `if`",
                s.loc,
            )
        value, waits, pops, reads = self.unit(s.value)
        r.extend(reads)
        cb, page = self.var_slot(s.name, s.index)
        # The tiles of a block variable are each assigned once, into pages of their own.
        replaces = st == HELD and not s.index
        keep = page + 1 if isinstance(page, int) else add(page, 1)
        c.append(ir.Compute(value, cb, waits, pops, replaces=replaces, keep=True, keep_pages=keep, loc=s.loc))
        self.state[s.name] = HELD

    def store(self, s: ir.Store, r, c, w):
        dt = self.dtypes[s.tensor]
        out = self.cb(f"out_{s.tensor}", dt, "output", f"tiles stored into {s.tensor}")
        value, waits, pops, reads = self.unit(s.value)
        r.extend(reads)
        c.append(ir.Compute(value, out, waits, pops, loc=s.loc))
        w.append(ir.WriteTile(out, self.access(s.tensor, s.index, s.loc), s.loc))

    def access(self, tensor: str, index: tuple, loc) -> ir.TileAccess:
        rows = ir.TensorDim(tensor, "tile_rows", loc)
        cols = ir.TensorDim(tensor, "tile_cols", loc)
        mul = lambda a, b: ir.BinOp("*", a, b, ir.INT, loc)  # noqa: E731
        if len(index) == 1:
            n = mul(rows, cols)
            for k in range(self.ndims[tensor] - 2):
                n = mul(ir.TensorDim(tensor, f"dim{k}", loc), n)
            return ir.TileAccess(tensor, index[0], ((index[0], n),), loc)
        i, j = index[-2:]
        page = ir.BinOp("+", mul(i, cols), j, ir.INT, loc)
        base, checks = self.matrix(tensor, index[:-2], loc)
        if base is not None:
            page = ir.BinOp("+", base, page, ir.INT, loc)
        return ir.TileAccess(tensor, page, (*checks, (i, rows), (j, cols)), loc)

    def matrix(self, tensor: str, lead: tuple, loc) -> tuple:
        """(first page, bounds) of the matrix at leading indices `lead` of an N-D tensor (its
        matrices follow each other in row-major order of those indices); (None, ()) for 2-D."""
        if not lead:
            return None, ()
        dims = [ir.TensorDim(tensor, f"dim{k}", loc) for k in range(len(lead))]
        m = lead[0]
        for x, d in zip(lead[1:], dims[1:]):
            m = ir.BinOp("+", ir.BinOp("*", m, d, ir.INT, loc), x, ir.INT, loc)
        size = ir.BinOp("*", ir.TensorDim(tensor, "tile_rows", loc), ir.TensorDim(tensor, "tile_cols", loc), ir.INT, loc)
        return ir.BinOp("*", m, size, ir.INT, loc), tuple(zip(lead, dims))

    def unit(self, value):
        """Replaces the loads and tile variables of `value` with CB operands; returns the new value,
        the CB waits and pops, and the reader actions that feed it."""
        loads: list[ir.Load] = []
        for n in walk_expr(value):
            if isinstance(n, ir.Load) and n not in loads:
                loads.append(n)
        n_masks = sum(1 for n in walk_expr(value) if isinstance(n, ir.TileOp) and n.op == Op.MASK)
        per_tensor: dict[str, list[ir.Load]] = {}
        for ld in loads:
            per_tensor.setdefault(ld.tensor, []).append(ld)
        slot: dict = {}
        reads, waits, pops = [], [], []
        for tensor, lds in per_tensor.items():
            k = len(lds)
            name = f"in_{tensor}" if k == 1 else f"in_{tensor}_x{k}"
            what = f"tiles of {tensor}" + (f", {k} per unit" if k > 1 else "")
            cb = self.cb(name, self.dtypes[tensor], "input", what)
            for idx, ld in enumerate(lds):
                slot[ld] = ir.CbTile(cb, idx, ir.TileType(cb.dtype, ld.type.shape), ld.loc)
            reads.append(
                ir.ReadTiles(
                    cb, tuple(self.access(tensor, ld.index, ld.loc) for ld in lds), lds[0].loc
                )
            )
            waits.append((cb, k))
        pops = list(waits)
        masks: list = []  # (rows_valid, cols_valid, fill) per mask tile, in compute's order
        mask_cb = None
        if n_masks:
            # The reader writes each mask: +inf in the real region, the reduction's identity
            # (0 or -inf) in the padding; compute clamps the value with it.
            mask_cb = self.cb("mask" if n_masks == 1 else f"mask_x{n_masks}", dtype.bfloat16, "input", "padding masks")
            waits.append((mask_cb, n_masks))
            pops.append((mask_cb, n_masks))
        uses_scaler = any(
            isinstance(n, ir.TileOp) and n.op in REDUCTIONS and isinstance(n.args[0], ir.Load)
            and self.dtypes[n.args[0].tensor].bf16_exact
            for n in walk_expr(value)
        )
        if uses_scaler:  # reduce_tile (the FPU reduction of bfloat16 tiles) takes a scaler tile
            waits.append((self.scaler_cb(), 1))

        def leaf(e):
            if isinstance(e, ir.Load):
                return slot[e]
            if isinstance(e, ir.TileVar):  # its page was waited for when it was pushed
                cb, page = self.var_slot(e.name, e.index)
                return ir.CbTile(cb, page, ir.TileType(cb.dtype, e.type.shape), e.loc)
            if isinstance(e, ir.TileOp) and e.op == Op.MASK:
                tile = ir.CbTile(mask_cb, len(masks), ir.TileType(mask_cb.dtype), e.loc)
                masks.append((e.args[1], e.args[2], e.attr("fill")))
                return dataclasses.replace(e, args=(e.args[0], tile))
            if isinstance(e, ir.TileOp) and e.op in REDUCTIONS and isinstance(e.args[0], ir.CbTile) and (
                e.args[0].cb.dtype.bf16_exact and e.args[0].cb.purpose == "input"
            ):
                scaler = self.scaler_cb()
                return dataclasses.replace(e, args=(e.args[0], ir.CbTile(scaler, 0, ir.TileType(scaler.dtype), e.loc)))
            return e

        new = map_expr(value, leaf)
        if masks:
            reads.append(ir.FillMasks(mask_cb, tuple(masks), value.loc))
        return new, tuple(waits), tuple(pops), reads

    def scaler_cb(self) -> ir.CB:
        self.needs_scaler = True
        return self.cb("scaler", dtype.bfloat16, "input", "the reduce scaler tile (1.0)")


def subblock(g: tuple[int, int], capacity: int) -> tuple[int, int]:
    """The DST subblock of a block of g tiles: the most tiles that fit in DST, whole rows first
    (the widest subblock: in1's tiles are contiguous along it)."""
    best = (1, 1)
    for sh in range(1, g[0] + 1):
        for sw in range(1, g[1] + 1):
            if g[0] % sh or g[1] % sw or sh * sw > capacity:
                continue
            if (sh * sw, sw) > (best[0] * best[1], best[1]):
                best = (sh, sw)
    return best


def _check_in_place(k: ir.KernelIR) -> None:
    """A tensor both read and written must be read only at the tile the same statement writes:
    the reader runs ahead of the writer, so any other read could see either value."""
    stored = {s.tensor for s in walk_stmts(k.body) if isinstance(s, ir.Store)}
    for s in walk_stmts(k.body):
        for e in stmt_exprs(s):
            for n in walk_expr(e):
                if not (isinstance(n, ir.Load) and n.tensor in stored):
                    continue
                if (
                    isinstance(s, ir.Store)
                    and s.tensor == n.tensor
                    and s.index == n.index
                    and e is s.value
                ):
                    continue
                raise TTLangSyntaxError(
                    f"kernel '{k.name}' reads and writes tensor '{n.tensor}': a read of it must be of the "
                    "very tile the same statement stores (the reader runs ahead of the writer, so any "
                    "other read could see the old or the new value); write to a separate output",
                    n.loc,
                )


def _prune(body) -> tuple:
    """Removes scalar assignments nothing in this role reads, then empty loops and branches."""
    body = tuple(body)
    while True:
        needed: set[str] = set()
        for s in walk_stmts(body):
            if isinstance(s, ir.Assign):
                continue
            for e in stmt_exprs(s):
                needed |= reads_of(e)
        # Assignments feeding needed names are needed too (transitively).
        assigns = [s for s in walk_stmts(body) if isinstance(s, ir.Assign)]
        grew = True
        while grew:
            grew = False
            for a in assigns:
                if a.name in needed:
                    new = reads_of(a.value) - needed
                    if new:
                        needed |= new
                        grew = True
        pruned = _drop(body, needed)
        if pruned == body:
            return body
        body = pruned


def _drop(stmts, needed: set[str]) -> tuple:
    out = []
    for s in stmts:
        if isinstance(s, ir.Assign) and s.name not in needed:
            continue
        if isinstance(s, ir.For):
            body = _drop(s.body, needed)
            if not body:
                continue
            s = dataclasses.replace(s, body=body)
        elif isinstance(s, ir.If):
            then, orelse = _drop(s.then, needed), _drop(s.orelse, needed)
            if not then and not orelse:
                continue
            s = dataclasses.replace(s, then=then, orelse=orelse)
        out.append(s)
    return tuple(out)
