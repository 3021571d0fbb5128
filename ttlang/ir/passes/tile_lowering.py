"""Tile lowering: block values become loops over their tiles, so that code size grows with the
number of distinct operations of a kernel, not with the size of its blocks.

A value of shape (R, C) is a grid of R/32 x C/32 tiles, or one tile row/column where R or C is 1.
A block statement becomes a loop nest over the tiles it stores or assigns (For kind "tiles"),
whose body is the statement of one tile, (i, j) being the loop variables:

    out[r:r + 1, 0:W] = e / s          for tj in range(W):  out[r, tj] = e[0, tj] / s

Elementwise ops apply tile by tile (a broadcast operand repeats its only tile row or column); a
transpose transposes each tile and swaps the indices. Two ops combine many tiles into one:

- `A @ B`: tile (i, j) is the sum over k of matmul(A[i, k], B[k, j]), accumulated in a tile
  variable of its own by a loop over k (DST-resident after the role split, see dst_resident);
- a reduction along an axis of n tiles reduces each tile and combines the partial results in
  such a variable, starting from the reduction's identity (sums add, maxima take the maximum).

Such an accumulation is computed in place, in the loop body, when the loop visits each of its
tiles once (`c[i:i + 2, 0:2] = a @ b`, `m = tt.max(row, axis=1)`); otherwise, when the value is
broadcast across the loop or read at other tiles (inside another accumulation), it is
materialized first, once, into a block variable of its own.

A block matmul accumulated over a loop, the shape of every blocked matmul,

    acc = tt.zeros((32 * BM, 32 * BN))       MatmulBlockBegin(acc), acc__first = 1
    for k in range(0, Kt, BK):          ->   for k: MatmulBlock(acc, a[m, k], b[k, n]); acc__first = 0
        acc += a[m:m + BM, k:k + BK] @ b[k:k + BK, n:n + BN]
                                             MatmulBlockEnd(acc)

stays one statement per update, over whole blocks (the role split reads each operand block
once per update and multiplies it in DST subblocks; the accumulator is a block variable in one
CB). It applies when the accumulator starts at zero right before the loop, the loop body's only
tile statement is that update of it, its operands are block loads of whole tiles whose output
block (the rows of `a`, the columns of `b`) is the same on every trip, and nothing else assigns
it. Anything else takes the general path below.

A block variable assigned once keeps its tiles in one circular buffer, a page each, filled by
the loop over its tiles and read at CB index i * cols + j. A block variable assigned more than
once (an accumulator across a loop) becomes one tile variable per tile (name__i_j), each with a
one-page circular buffer and a DST register of its own (dst_resident keeps a blocked matmul's
accumulators in DST); the statements that assign or read it are unrolled tile by tile. Their
number of tiles is bounded by the circular buffers a core has.

Padding (see padding.py): each tile a reduction consumes is masked to the real region of the
tensors it was computed from (the identity of the reduction elsewhere: 0 for a sum; -inf for a
max, along its axis only), unless it provably is already 0 there. A product sums along K too:
the left operand of each tile product is masked with 0 unless one of the two operands is already
0 in its padding. A tile variable remembers the real region of the value it was assigned, in
scalar variables set next to it; a transpose swaps the real region.

After this pass the tile-level shapes are (32, 32), (32, 1) (a column vector, valid in column 0:
a row reduction's result, or a tile of a tensor with one column), (1, 32) (a row vector, valid
in row 0) and (1, 1) (valid at [0, 0]); an elementwise op between a full tile and a vector
broadcasts the vector, as numpy does.

Invariant established: every Load, Store and TileAssign is of one tile; every TileOp works on
tile-level shapes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field

from ...errors import TTLangResourceError
from .. import nodes as ir
from ..ops import ELEMENTWISE_BINARY, Op
from ..visit import reads_of, walk_expr, walk_stmts
from .padding import Regions, add, const, offset, zero_at_padding

FULL = (32, 32)
# More tiles than the CBs of any core (64 on Blackhole): an unrolled block variable cannot fit.
MAX_UNROLLED_TILES = 64
IDENTITY = {Op.REDUCE_SUM: 0.0, Op.REDUCE_MAX: float("-inf")}
COMBINE = {Op.REDUCE_SUM: Op.ADD, Op.REDUCE_MAX: Op.MAXIMUM}


def grid(shape) -> tuple[int, int]:
    return (
        shape[0] // 32 if shape[0] % 32 == 0 else 1,
        shape[1] // 32 if shape[1] % 32 == 0 else 1,
    )


def tile_shape(shape) -> tuple[int, int]:
    return (32 if shape[0] % 32 == 0 else 1, 32 if shape[1] % 32 == 0 else 1)


def tile_var(name: str, i: int, j: int, g) -> str:
    """The name of tile (i, j) of an unrolled block variable of grid g."""
    return name if g == (1, 1) else f"{name}__{i}_{j}"


def run(k: ir.KernelIR) -> ir.KernelIR:
    low = _Lowering(k)
    body = low.block(k.body)
    scalars = dict(k.scalar_vars)
    scalars.update({n: ir.INT for n in low.extent_vars})
    return dataclasses.replace(k, body=body, scalar_vars=tuple(sorted(scalars.items())))


@dataclass
class _Loop:
    """Where the tile-level code of a statement is being built: the grid and index of its loop
    nest over tiles (index components Const 0 where the grid is 1, Const tiles when unrolled),
    the statements each iteration runs before the statement itself (`pre`: accumulations
    computed in place) and those run once before the loop nest (`hoist`: values materialized
    first). `in_place` is off inside an accumulation, whose loop reads tiles more than once."""

    grid: tuple[int, int]
    index: tuple
    hoist: list
    pre: list = field(default_factory=list)
    in_place: bool = True
    unrolled: bool = False

    def inner(self) -> _Loop:
        """The context of an accumulation's loop body."""
        return _Loop(self.grid, self.index, self.hoist, [], False, self.unrolled)


class _Names:
    """Fresh names, distinct from every name of the kernel."""

    def __init__(self, k: ir.KernelIR):
        self.used = {n for n, _ in k.scalar_vars} | {p.name for p in k.params}
        for s in walk_stmts(k.body):
            for attr in ("name", "var"):
                if isinstance(getattr(s, attr, None), str):
                    self.used.add(getattr(s, attr))

    def fresh(self, base: str) -> str:
        name, n = base, 0
        while name in self.used:
            n += 1
            name = f"{base}{n}"
        self.used.add(name)
        return name


class _Lowering:
    def __init__(self, k: ir.KernelIR):
        self.names = _Names(k)
        batched = frozenset(t.name for t in k.params if isinstance(t, ir.TensorParam) and t.ndim > 2)
        self.regions = Regions(frozenset(k.aligned), batched)
        self.zero_vars: set[str] = set()  # tile and block variables provably 0 in their padding
        self.extent_vars: list[str] = []
        # Block variables assigned more than once: unrolled into one tile variable per tile.
        counts: dict[str, int] = {}
        first: dict[str, ir.TileAssign] = {}
        for s in walk_stmts(k.body):
            if isinstance(s, ir.TileAssign) and grid(s.value.type.shape) != (1, 1):
                counts[s.name] = counts.get(s.name, 0) + 1
                first.setdefault(s.name, s)
        self.block_matmuls = {init.name for init, _, _ in _block_matmuls(k.body, counts)}
        self.unrolled = {n for n, c in counts.items() if c > 1 and n not in self.block_matmuls}
        for name in self.unrolled:
            g = grid(first[name].value.type.shape)
            if g[0] * g[1] > MAX_UNROLLED_TILES:
                raise TTLangResourceError(
                    f"block variable '{name}' of {g[0]}x{g[1]} tiles is assigned more than once: "
                    "each of its tiles then needs a circular buffer of its own, and a core has at "
                    f"most {MAX_UNROLLED_TILES}; assign it once (a new name for each value) or "
                    "use smaller blocks",
                    first[name].loc,
                )

    # Statements ----------------------------------------------------------------------------

    def block(self, stmts) -> tuple:
        out = []
        stmts = list(stmts)
        i = 0
        while i < len(stmts):
            s = stmts[i]
            i += 1
            if isinstance(s, ir.TileAssign) and s.name in self.block_matmuls:
                out.extend(self.block_matmul(s, stmts[i]))
                i += 1
            elif isinstance(s, ir.For):
                out.append(dataclasses.replace(s, body=self.block(s.body)))
            elif isinstance(s, ir.If):
                out.append(
                    dataclasses.replace(s, then=self.block(s.then), orelse=self.block(s.orelse))
                )
            elif isinstance(s, ir.Store):
                out.extend(self.store(s))
            elif isinstance(s, ir.TileAssign):
                out.extend(self.tile_assign(s))
            else:
                out.append(s)
        return tuple(out)

    def block_matmul(self, init: ir.TileAssign, loop: ir.For) -> list:
        """The zero init and the loop of updates of a block accumulator (see _block_matmuls)."""
        acc, loc = init.name, init.loc
        update = next(x for x in loop.body if isinstance(x, ir.TileAssign))
        mm = next(a for a in update.value.args if isinstance(a, ir.TileOp))
        a, b = mm.args
        g = grid(init.value.type.shape)
        first = self.names.fresh(f"{acc}__first")
        self.extent_vars.append(first)
        one, zero = ir.Const(1, ir.INT, loc), ir.Const(0, ir.INT, loc)
        out: list = [ir.Assign(first, one, loc), ir.MatmulBlockBegin(acc, g, first, loc)]
        extent = self.regions.valid_extent(mm)
        if extent is not None:  # the rows of a, the columns of b: the same on every trip
            rows, cols = self.region_vars(acc)
            out += [ir.Assign(rows, extent[0], loc), ir.Assign(cols, extent[1], loc)]
            self.regions.blocks[acc] = self.regions.keep(acc, mm, rows, cols)
        self.zero_vars.add(acc)  # the loads are 0 in their padding, so is their product
        body = []
        for x in loop.body:
            if x is update:
                body += [
                    ir.MatmulBlock(acc, a, b, g, a.extent[1], first, update.loc),
                    ir.Assign(first, zero, update.loc),
                ]
            else:
                body.append(x)
        out.append(dataclasses.replace(loop, body=tuple(body)))
        out.append(ir.MatmulBlockEnd(acc, g, first, loc))
        return out

    def reads_unrolled(self, e) -> bool:
        return any(isinstance(n, ir.TileVar) and n.name in self.unrolled for n in walk_expr(e))

    def nest(self, g, loc, body: Callable[[_Loop], list], unrolled: bool = False) -> list:
        """The statements of a loop nest over the tiles of grid g: body(loop) gives those of one
        tile. Unrolled, one copy of them per tile."""
        hoist: list = []
        if unrolled:
            out = []
            for i in range(g[0]):
                for j in range(g[1]):
                    ctx = _Loop(g, (const(i, loc), const(j, loc)), hoist, unrolled=True)
                    stmts = body(ctx)
                    out += ctx.pre + stmts
            return hoist + out
        names = [self.names.fresh(n) if g[d] > 1 else None for d, n in enumerate(("ti", "tj"))]
        index = tuple(ir.Var(v, ir.INT, loc) if v else const(0, loc) for v in names)
        ctx = _Loop(g, index, hoist)
        stmts = body(ctx)
        inner = tuple(ctx.pre + stmts)
        for d in (1, 0):
            if names[d]:
                inner = (self.tile_loop(names[d], g[d], inner, loc),)
        return hoist + list(inner)

    @staticmethod
    def tile_loop(var: str, n: int, body: tuple, loc, kind: str = "tiles") -> ir.For:
        return ir.For(var, const(0, loc), const(n, loc), const(1, loc), body, kind, loc)

    def store(self, s: ir.Store) -> list:
        g = grid(s.value.type.shape)
        target = tile_shape(s.shape)

        def one(ctx: _Loop) -> list:
            i, j = ctx.index
            value = self.tile(
                s.value, i if g[0] > 1 else const(0), j if g[1] > 1 else const(0), ctx
            )
            if any(v < t for v, t in zip(value.type.shape, target)):
                # numpy broadcasts a row, column or scalar across the stored tile. (A whole
                # tile stored into a one-row or one-column tensor is stored as it is.)
                shape = tuple(max(v, t) for v, t in zip(value.type.shape, target))
                zero = ir.Full(ir.Const(0.0, ir.FLOAT), ir.TileType(value.type.dtype, shape), s.loc)
                value = ir.TileOp(
                    Op.ADD, (value, zero), ir.TileType(value.type.dtype, shape), s.loc
                )
            index = s.index if s.extent == (1, 1) else offset(s.index, i, j, s.loc)
            return [ir.Store(s.tensor, index, value, s.loc, (1, 1), target)]

        return self.nest(s.extent, s.loc, one, unrolled=self.reads_unrolled(s.value))

    def tile_assign(self, s: ir.TileAssign) -> list:
        g = grid(s.value.type.shape)
        unrolled = s.name in self.unrolled or self.reads_unrolled(s.value)
        if g == (1, 1):

            def single(ctx: _Loop) -> list:
                value = self.tile(s.value, *ctx.index, ctx, target=s.name)
                if isinstance(value, ir.TileVar) and value.name == s.name and not value.index:
                    return []  # accumulated into the variable itself
                return self.assign_tile(s.name, value, s.loc)

            return self.nest(g, s.loc, single, unrolled)
        if s.name in self.unrolled:  # one tile variable per tile
            return self.nest(
                g,
                s.loc,
                lambda ctx: self.assign_tile(
                    tile_var(s.name, *map(_int, ctx.index), g),
                    self.tile(s.value, *ctx.index, ctx),
                    s.loc,
                ),
                unrolled=True,
            )
        # A block variable assigned once: its tiles in one CB, written by a loop over them. Its
        # real region is that of its first tile, set before the loop.
        out: list = []
        first = None
        if unrolled:
            ctx0 = _Loop(g, (const(0), const(0)), [], unrolled=True)
            first = self.regions.valid_extent(self.tile(s.value, const(0), const(0), ctx0))
        else:
            first = self.regions.valid_extent(s.value)
        whole = self.regions.whole(s.value)
        self.regions.blocks.pop(s.name, None)
        self.zero_vars.discard(s.name)
        zero = []

        def one(ctx: _Loop) -> list:
            value = self.tile(s.value, *ctx.index, ctx)
            zero.append(zero_at_padding(value, self.zero_vars))
            return [ir.TileAssign(s.name, value, s.loc, ctx.index, g)]

        out += self.nest(g, s.loc, one, unrolled)
        if first is not None:
            rows, cols = self.region_vars(s.name)
            out[:0] = [ir.Assign(rows, first[0], s.loc), ir.Assign(cols, first[1], s.loc)]
            self.regions.blocks[s.name] = tuple(
                None if w else ir.Var(v, ir.INT, s.loc) for w, v in zip(whole, (rows, cols))
            )
        if all(zero):
            self.zero_vars.add(s.name)
        return out

    def region_vars(self, name: str) -> tuple[str, str]:
        names = (f"{name}__rows", f"{name}__cols")
        for v in names:
            if v not in self.extent_vars:
                self.extent_vars.append(v)
        return names

    def assign_tile(self, name: str, value, loc) -> list:
        """name = value for a one-tile variable, and the real region of the value, as it is now."""
        out = [ir.TileAssign(name, value, loc)]
        extent = self.regions.valid_extent(value)
        if extent is not None:
            rows, cols = self.region_vars(name)
            out.append(ir.Assign(rows, extent[0], loc))
            out.append(ir.Assign(cols, extent[1], loc))
            self.regions.tiles[name] = self.regions.keep(name, value, rows, cols)
        if zero_at_padding(value, self.zero_vars):
            self.zero_vars.add(name)
        else:
            self.zero_vars.discard(name)
        return out

    # Expressions ---------------------------------------------------------------------------

    def tile(self, e, i, j, ctx: _Loop, target: str | None = None):
        """Tile (i, j) of block value e (i, j scalar expressions), as a tile-level expression;
        the statements it needs first go to ctx. `target`: the one-tile variable the value is
        assigned to, which an accumulation that is the whole value may accumulate into."""
        if isinstance(e.type, ir.ScalarType):
            return e
        if isinstance(e, ir.Load):
            t = ir.TileType(e.type.dtype, tile_shape(e.type.shape))
            if e.extent == (1, 1):
                return dataclasses.replace(e, type=t)
            return ir.Load(e.tensor, offset(e.index, i, j, e.loc), t, e.loc)
        if isinstance(e, ir.Full):
            return ir.Full(e.value, ir.TileType(e.type.dtype, tile_shape(e.type.shape)), e.loc)
        if isinstance(e, ir.TileVar):
            g = grid(e.type.shape)
            t = ir.TileType(e.type.dtype, tile_shape(e.type.shape))
            if g == (1, 1):
                return ir.TileVar(e.name, t, e.loc)
            if e.name in self.unrolled:
                return ir.TileVar(tile_var(e.name, _int(i), _int(j), g), t, e.loc)
            return ir.TileVar(e.name, t, e.loc, (i, j))
        if not isinstance(e, ir.TileOp):
            raise AssertionError(f"tile_lowering: unexpected {type(e).__name__}")
        dt = e.type.dtype
        if e.op == Op.MATMUL:
            if grid(e.args[0].type.shape)[1] > 1 and not ctx.unrolled:
                return self.accumulation(e, i, j, ctx, target)
            return self.matmul_chain(e, i, j, ctx)
        if e.op in (Op.REDUCE_SUM, Op.REDUCE_MAX):
            x, axis = e.args[0], e.attr("axis")
            if axis is None:  # all: along the rows, then down the resulting column
                rows = dataclasses.replace(
                    e, type=ir.TileType(dt, (x.type.shape[0], 1)), attrs=(("axis", 1),)
                )
                return self.tile(
                    dataclasses.replace(e, args=(rows,), attrs=(("axis", 0),)), i, j, ctx, target
                )
            n = grid(x.type.shape)[1 if axis == 1 else 0]
            if n > 1 and not ctx.unrolled:
                return self.accumulation(e, i, j, ctx, target)
            return self.reduce_chain(e, i, j, ctx)
        if e.op == Op.TRANSPOSE:
            x = self.tile(e.args[0], j, i, ctx)
            r, c = x.type.shape
            return ir.TileOp(Op.TRANSPOSE, (x,), ir.TileType(dt, (c, r)), e.loc)
        # Elementwise: a broadcast operand repeats its single tile row / column.
        args = []
        for a in e.args:
            if isinstance(a.type, ir.ScalarType):
                args.append(a)
                continue
            g = grid(a.type.shape)
            args.append(self.tile(a, i if g[0] > 1 else const(0), j if g[1] > 1 else const(0), ctx))
        shapes = [a.type.shape for a in args if isinstance(a.type, ir.TileType)]
        shape = (
            shapes[0]
            if e.op not in ELEMENTWISE_BINARY
            else (max(s[0] for s in shapes), max(s[1] for s in shapes))
        )
        return ir.TileOp(e.op, tuple(args), ir.TileType(dt, shape), e.loc, e.attrs)

    # Products and reductions -----------------------------------------------------------------

    def product(self, a, b, i, k, j, ctx: _Loop, dt, loc):
        """matmul(A[i, k], B[k, j]), its left operand masked along K unless either is 0 there."""
        ta, tb = self.tile(a, i, k, ctx), self.tile(b, k, j, ctx)
        if not zero_at_padding(tb, self.zero_vars):
            ta = self.masked(ta, "zero")  # the padding along K must not enter the sum
        shape = (ta.type.shape[0], tb.type.shape[1])  # (1, 32) @ (32, 32): a row
        return ir.TileOp(Op.MATMUL, (ta, tb), ir.TileType(dt, shape), loc)

    def partial(self, e: ir.TileOp, i, k, j, ctx: _Loop):
        """The reduction of the k-th tile along the axis of reduction e (i, j: the result tile)."""
        x, axis = e.args[0], e.attr("axis")
        tile = self.tile(x, i, k, ctx) if axis == 1 else self.tile(x, k, j, ctx)
        r, c = tile.type.shape
        if (c if axis == 1 else r) == 1:
            return tile  # already reduced along this axis
        tile = (
            self.masked(tile, "zero")
            if e.op == Op.REDUCE_SUM
            else self.masked(tile, "neg_inf", axis)
        )
        shape = (r, 1) if axis == 1 else (1, c)
        return ir.TileOp(e.op, (tile,), ir.TileType(e.type.dtype, shape), e.loc, (("axis", axis),))

    def matmul_chain(self, e: ir.TileOp, i, j, ctx: _Loop):
        """Tile (i, j) of a product as one expression: the sum of its K tile products."""
        a, b = e.args
        acc = None
        for k in range(grid(a.type.shape)[1]):
            term = self.product(a, b, i, const(k), j, ctx, e.type.dtype, e.loc)
            acc = term if acc is None else ir.TileOp(Op.ADD, (acc, term), term.type, e.loc)
        return acc

    def reduce_chain(self, e: ir.TileOp, i, j, ctx: _Loop):
        """Tile (i, j) of a reduction as one expression combining its partial results."""
        x, axis = e.args[0], e.attr("axis")
        n = grid(x.type.shape)[1 if axis == 1 else 0]
        out = None
        for k in range(n):
            p = self.partial(e, i, const(k), j, ctx)
            out = p if out is None else ir.TileOp(COMBINE[e.op], (out, p), p.type, e.loc)
        return out

    def accumulation(self, e: ir.TileOp, i, j, ctx: _Loop, target: str | None):
        """Tile (i, j) of a product or reduction over many tiles, accumulated by a loop: in
        place when the loop nest visits each of its tiles once, else from the block variable it
        is materialized into first."""
        if not (ctx.in_place and grid(e.type.shape) == ctx.grid and (i, j) == ctx.index):
            name = self.names.fresh("mm" if e.op == Op.MATMUL else e.op.value)
            ctx.hoist.extend(self.tile_assign(ir.TileAssign(name, e, e.loc)))
            return self.tile(ir.TileVar(name, e.type, e.loc), i, j, ctx)
        reads_target = target is not None and any(
            isinstance(n, ir.TileVar) and n.name == target for n in walk_expr(e)
        )
        acc = (
            target
            if target is not None and not reads_target
            else self.names.fresh("mm" if e.op == Op.MATMUL else e.op.value)
        )
        k = self.names.fresh("tk")
        kv = ir.Var(k, ir.INT, e.loc)
        inner = ctx.inner()
        if e.op == Op.MATMUL:
            a, b = e.args
            n = grid(a.type.shape)[1]
            term = self.product(a, b, i, kv, j, inner, e.type.dtype, e.loc)
            init, combine = 0.0, Op.ADD
        else:
            axis = e.attr("axis")
            n = grid(e.args[0].type.shape)[1 if axis == 1 else 0]
            term = self.partial(e, i, kv, j, inner)
            init, combine = IDENTITY[e.op], COMBINE[e.op]
        t = term.type
        var = ir.TileVar(acc, t, e.loc)
        ctx.pre += self.assign_tile(acc, ir.Full(ir.Const(init, ir.FLOAT, e.loc), t, e.loc), e.loc)
        update = self.assign_tile(acc, ir.TileOp(combine, (var, term), t, e.loc), e.loc)
        ctx.pre.append(self.tile_loop(k, n, tuple(inner.pre + update), e.loc, kind="range"))
        return var

    def masked(self, tile, fill: str, axis: int | None = None):
        """tile with its padding replaced by `fill` (0 or -inf); with an axis, only the padding
        along that axis. A max masks along its axis only: -inf in the padding of the other
        axis would stay in the padding of its result, where -inf * 0 makes NaN (which no mask
        removes) for a later sum or product to pick up."""
        if fill == "zero" and zero_at_padding(tile, self.zero_vars):
            return tile
        extent = self.regions.valid_extent(tile)
        if extent is None:
            return tile  # computed from constants only: nothing is padding
        if axis == 0:
            extent = (extent[0], const(32))
        elif axis == 1:
            extent = (const(32), extent[1])
        whole = self.regions.whole(tile)
        if (axis == 1 or whole[0]) and (axis == 0 or whole[1]):
            return tile  # the tensors it reads are whole tiles along the masked dims
        return ir.TileOp(Op.MASK, (tile, *extent), tile.type, tile.loc, (("fill", fill),))


def _block_matmuls(body, counts: dict[str, int]):
    """(init, loop, update) of every block matmul accumulated over a loop (module docstring):
    `acc = zeros` of whole tiles right before a loop whose only tile statement is
    `acc = acc + a @ b`, a and b block loads of whole tiles whose rows of a and columns of b do
    not change in the loop, acc assigned nowhere else."""
    def blocks(stmts):
        yield stmts
        for s in stmts:
            if isinstance(s, ir.For):
                yield from blocks(s.body)
            elif isinstance(s, ir.If):
                yield from blocks(s.then)
                yield from blocks(s.orelse)

    for stmts in blocks(body):
        for init, loop in zip(stmts, stmts[1:]):
            if not (
                isinstance(init, ir.TileAssign)
                and counts.get(init.name) == 2
                and isinstance(init.value, ir.Full)
                and isinstance(init.value.value, ir.Const)
                and init.value.value.value == 0
                and all(d % 32 == 0 for d in init.value.type.shape)
                and isinstance(loop, ir.For)
                and loop.kind == "range"
                and all(isinstance(x, (ir.Assign, ir.TileAssign)) for x in loop.body)
            ):
                continue
            tiles = [x for x in loop.body if isinstance(x, ir.TileAssign)]
            if len(tiles) != 1 or tiles[0].name != init.name:
                continue
            update = tiles[0]
            v = update.value
            if not (isinstance(v, ir.TileOp) and v.op == Op.ADD and len(v.args) == 2):
                continue
            var = [x for x in v.args if isinstance(x, ir.TileVar)]
            mm = [x for x in v.args if isinstance(x, ir.TileOp) and x.op == Op.MATMUL]
            if not (var and mm and var[0].name == init.name and not var[0].index):
                continue
            a, b = mm[0].args
            if not (
                isinstance(a, ir.Load)
                and isinstance(b, ir.Load)
                and len(a.index) >= 2
                and len(b.index) >= 2
                and all(d % 32 == 0 for d in (*a.type.shape, *b.type.shape))
                and mm[0].type.shape == init.value.type.shape
                and a.extent[1] == b.extent[0]
            ):
                continue
            changing = {loop.var} | {x.name for x in loop.body if isinstance(x, ir.Assign)}
            fixed = (*a.index[:-1], *b.index[:-2], b.index[-1])  # all but the inner dimension's
            if set().union(*map(reads_of, fixed)) & changing:
                continue  # not the same output block on every trip
            yield init, loop, update


def _int(e) -> int:
    assert isinstance(e, ir.Const), "an unrolled tile index is a constant"
    return e.value
