"""Tile lowering: every block value becomes a grid of single-tile values, every block statement
the statements of its tiles.

A value of shape (R, C) is a grid of R/32 x C/32 tiles, or one tile row/column where R or C is 1.
Elementwise ops apply tile by tile (a broadcast operand repeats its only tile row or column);
`A @ B` becomes, per output tile, the chain matmul(A[i,0], B[0,j]) + matmul(A[i,1], B[1,j]) + ...
(accumulated in DST); a reduction along an axis reduces each tile and combines the partial
results across the tiles of that axis (sums add, maxima take the maximum); a transpose
transposes each tile and swaps the grid.

After this pass the tile-level shapes are (32, 32), (32, 1) (a column vector, valid in column 0:
a row reduction's result, or a tile of a tensor with one column), (1, 32) (a row vector, valid
in row 0) and (1, 1) (valid at [0, 0]); an elementwise op between a full tile and a vector
broadcasts the vector, as numpy does.

Padding: tensors are padded to whole tiles with zeros, and a reduction must not see padding. Each
tile a reduction consumes is masked to the real region of the tensors it was computed from (the
identity of the reduction elsewhere: 0 for a sum; -inf for a max, along its axis only), unless it
provably is already 0 there (a sum over x * y, relu(x)...: f(0) == 0 all the way from the
loads). A product sums along K too: the left operand of each tile product is masked with 0
unless one of the two operands is already 0 in its padding. A tile variable remembers the real
region of the value it was assigned, in scalar variables set next to it; a transpose swaps the
real region.

Invariant established: every Load, Store and TileAssign is of one tile; every TileOp works on
tile-level shapes.
"""

from __future__ import annotations

import dataclasses

from .. import nodes as ir
from ..ops import ELEMENTWISE_BINARY, Op

FULL = (32, 32)
ZERO_AT_ZERO = frozenset({Op.NEG, Op.RELU, Op.SQRT, Op.ABS, Op.SQUARE, Op.TANH, Op.GELU, Op.SILU, Op.TRANSPOSE})


def grid(shape) -> tuple[int, int]:
    return (shape[0] // 32 if shape[0] % 32 == 0 else 1, shape[1] // 32 if shape[1] % 32 == 0 else 1)


def tile_shape(shape) -> tuple[int, int]:
    return (32 if shape[0] % 32 == 0 else 1, 32 if shape[1] % 32 == 0 else 1)


def tile_var(name: str, i: int, j: int, g) -> str:
    return name if g == (1, 1) else f"{name}__{i}_{j}"


def run(k: ir.KernelIR) -> ir.KernelIR:
    low = _Lowering()
    body = low.block(k.body)
    scalars = dict(k.scalar_vars)
    scalars.update({n: ir.INT for n in low.extent_vars})
    return dataclasses.replace(k, body=body, scalar_vars=tuple(sorted(scalars.items())))


def _const(v, loc=None) -> ir.Const:
    return ir.Const(v, ir.INT, loc)


def _offset(index, i: int, j: int, loc) -> tuple:
    def add(e, d):
        if d == 0:
            return e
        if isinstance(e, ir.Const):
            return _const(e.value + d, loc)
        return ir.BinOp("+", e, _const(d, loc), ir.INT, loc)

    return (add(index[0], i), add(index[1], j))


def zero_at_padding(e, zero_vars: frozenset = frozenset()) -> bool:
    """Whether tile e is provably 0 wherever the tensors it reads are padding (zeros)."""
    if isinstance(e, ir.Load):
        return True
    if isinstance(e, ir.TileVar):
        return e.name in zero_vars
    if isinstance(e, ir.Full):
        return isinstance(e.value, ir.Const) and e.value.value == 0
    if not isinstance(e, ir.TileOp):
        return False
    if e.op == Op.MASK:
        return e.attr("fill") == "zero"
    tiles = [a for a in e.args if isinstance(a.type, ir.TileType)]
    scalars = [a for a in e.args if isinstance(a.type, ir.ScalarType)]
    z = [zero_at_padding(t, zero_vars) for t in tiles]
    if e.op in ZERO_AT_ZERO or e.op == Op.REDUCE_SUM:
        return z[0]
    if e.op == Op.MUL:
        return all(z)  # 0 * a finite scalar is 0
    if e.op == Op.MATMUL:
        return all(z)
    if e.op in (Op.ADD, Op.SUB, Op.MAXIMUM, Op.MINIMUM):
        # A broadcast operand (a row, a column, a (1, 1) tile) is not padding where the other
        # one is: u[i, 0] + a[i, j] is u in the padding columns of a.
        return not scalars and all(z) and all(t.type.shape == e.type.shape for t in tiles)
    if e.op == Op.DIV:  # x / c with c a nonzero constant (not x / y: y may be anything there)
        return (
            len(tiles) == 1
            and e.args[0] is tiles[0]
            and z[0]
            and all(isinstance(s, ir.Const) and s.value != 0 for s in scalars)
        )
    return False


class _Lowering:
    def __init__(self):
        self.extent: dict[str, tuple] = {}  # tile variable -> (rows_valid, cols_valid) scalar exprs
        self.zero_vars: set[str] = set()  # tile variables provably 0 in their padding
        self.extent_vars: list[str] = []

    # Statements ----------------------------------------------------------------------------

    def block(self, stmts) -> tuple:
        out = []
        for s in stmts:
            if isinstance(s, ir.For):
                out.append(dataclasses.replace(s, body=self.block(s.body)))
            elif isinstance(s, ir.If):
                out.append(dataclasses.replace(s, then=self.block(s.then), orelse=self.block(s.orelse)))
            elif isinstance(s, ir.Store):
                out.extend(self.store(s))
            elif isinstance(s, ir.TileAssign):
                out.extend(self.tile_assign(s))
            else:
                out.append(s)
        return tuple(out)

    def tile_assign(self, s: ir.TileAssign) -> list:
        g = grid(s.value.type.shape)
        out = []
        for i in range(g[0]):
            for j in range(g[1]):
                name = tile_var(s.name, i, j, g)
                value = self.tile(s.value, i, j)
                out.append(ir.TileAssign(name, value, s.loc))
                # Remember the real region of the value, as it is now.
                extent = self.valid_extent(value)
                if extent is not None:
                    rows_var, cols_var = f"{name}__rows", f"{name}__cols"
                    for v in (rows_var, cols_var):
                        if v not in self.extent_vars:
                            self.extent_vars.append(v)
                    out.append(ir.Assign(rows_var, extent[0], s.loc))
                    out.append(ir.Assign(cols_var, extent[1], s.loc))
                    self.extent[name] = (ir.Var(rows_var, ir.INT, s.loc), ir.Var(cols_var, ir.INT, s.loc))
                if zero_at_padding(value, frozenset(self.zero_vars)):
                    self.zero_vars.add(name)
                else:
                    self.zero_vars.discard(name)
        return out

    def store(self, s: ir.Store) -> list:
        n, m = s.extent
        g = grid(s.value.type.shape)
        target = tile_shape(s.shape)
        out = []
        for i in range(n):
            for j in range(m):
                value = self.tile(s.value, i if g[0] > 1 else 0, j if g[1] > 1 else 0)
                if any(v < t for v, t in zip(value.type.shape, target)):
                    # numpy broadcasts a row, column or scalar across the stored tile. (A whole
                    # tile stored into a one-row or one-column tensor is stored as it is.)
                    shape = tuple(max(v, t) for v, t in zip(value.type.shape, target))
                    zero = ir.Full(ir.Const(0.0, ir.FLOAT), ir.TileType(value.type.dtype, shape), s.loc)
                    value = ir.TileOp(Op.ADD, (value, zero), ir.TileType(value.type.dtype, shape), s.loc)
                index = s.index if (n, m) == (1, 1) else _offset(s.index, i, j, s.loc)
                out.append(ir.Store(s.tensor, index, value, s.loc, (1, 1), target))
        return out

    # Expressions ---------------------------------------------------------------------------

    def tile(self, e, i: int, j: int):
        """Tile (i, j) of block value e, as a tile-level expression."""
        if isinstance(e.type, ir.ScalarType):
            return e
        if isinstance(e, ir.Load):
            t = ir.TileType(e.type.dtype, tile_shape(e.type.shape))
            if e.extent == (1, 1):
                return dataclasses.replace(e, type=t)
            return ir.Load(e.tensor, _offset(e.index, i, j, e.loc), t, e.loc)
        if isinstance(e, ir.Full):
            return ir.Full(e.value, ir.TileType(e.type.dtype, tile_shape(e.type.shape)), e.loc)
        if isinstance(e, ir.TileVar):
            g = grid(e.type.shape)
            t = ir.TileType(e.type.dtype, tile_shape(e.type.shape))
            return ir.TileVar(tile_var(e.name, i, j, g), t, e.loc)
        if not isinstance(e, ir.TileOp):
            raise AssertionError(f"tile_lowering: unexpected {type(e).__name__}")
        dt = e.type.dtype
        if e.op == Op.MATMUL:
            a, b = e.args
            acc = None
            for k in range(grid(a.type.shape)[1]):
                ta, tb = self.tile(a, i, k), self.tile(b, k, j)
                if not zero_at_padding(tb, frozenset(self.zero_vars)):
                    ta = self.masked(ta, "zero")  # the padding along K must not enter the sum
                shape = (ta.type.shape[0], tb.type.shape[1])  # (1, 32) @ (32, 32): a row
                term = ir.TileOp(Op.MATMUL, (ta, tb), ir.TileType(dt, shape), e.loc)
                acc = term if acc is None else ir.TileOp(Op.ADD, (acc, term), ir.TileType(dt, shape), e.loc)
            return acc
        if e.op in (Op.REDUCE_SUM, Op.REDUCE_MAX):
            return self.reduce(e, i, j)
        if e.op == Op.TRANSPOSE:
            x = self.tile(e.args[0], j, i)
            r, c = x.type.shape
            return ir.TileOp(Op.TRANSPOSE, (x,), ir.TileType(dt, (c, r)), e.loc)
        # Elementwise: a broadcast operand repeats its single tile row / column.
        args = []
        for a in e.args:
            if isinstance(a.type, ir.ScalarType):
                args.append(a)
                continue
            g = grid(a.type.shape)
            args.append(self.tile(a, i if g[0] > 1 else 0, j if g[1] > 1 else 0))
        shapes = [a.type.shape for a in args if isinstance(a.type, ir.TileType)]
        shape = shapes[0] if e.op not in ELEMENTWISE_BINARY else (max(s[0] for s in shapes), max(s[1] for s in shapes))
        return ir.TileOp(e.op, tuple(args), ir.TileType(dt, shape), e.loc, e.attrs)

    def reduce(self, e: ir.TileOp, i: int, j: int):
        x = e.args[0]
        axis = e.attr("axis")
        combine = Op.ADD if e.op == Op.REDUCE_SUM else Op.MAXIMUM
        if axis is None:  # all: along the rows, then down the resulting column
            rows = dataclasses.replace(e, type=ir.TileType(e.type.dtype, (x.type.shape[0], 1)), attrs=(("axis", 1),))
            return self.reduce(dataclasses.replace(e, args=(rows,), attrs=(("axis", 0),)), i, j)
        g = grid(x.type.shape)
        parts = []
        for t in range(g[1] if axis == 1 else g[0]):
            tile = self.tile(x, i, t) if axis == 1 else self.tile(x, t, j)
            r, c = tile.type.shape
            if (c if axis == 1 else r) == 1:
                parts.append(tile)  # already reduced along this axis
                continue
            if e.op == Op.REDUCE_SUM:
                tile = self.masked(tile, "zero")
            else:
                tile = self.masked(tile, "neg_inf", axis)
            shape = (r, 1) if axis == 1 else (1, c)
            parts.append(ir.TileOp(e.op, (tile,), ir.TileType(e.type.dtype, shape), e.loc, (("axis", axis),)))
        out = parts[0]
        for p in parts[1:]:
            out = ir.TileOp(combine, (out, p), ir.TileType(e.type.dtype, p.type.shape), e.loc)
        return out

    def masked(self, tile, fill: str, axis: int | None = None):
        """tile with its padding replaced by `fill` (0 or -inf); with an axis, only the padding
        along that axis. A max masks along its axis only: -inf in the padding of the other
        axis would stay in the padding of its result, where -inf * 0 makes NaN (which no mask
        removes) for a later sum or product to pick up."""
        if fill == "zero" and zero_at_padding(tile, frozenset(self.zero_vars)):
            return tile
        extent = self.valid_extent(tile)
        if extent is None:
            return tile  # computed from constants only: nothing is padding
        if axis == 0:
            extent = (extent[0], _const(32))
        elif axis == 1:
            extent = (_const(32), extent[1])
        return ir.TileOp(Op.MASK, (tile, *extent), tile.type, tile.loc, (("fill", fill),))

    def valid_extent(self, tile) -> tuple | None:
        """(rows_valid, cols_valid) of a tile: the smallest real region among the tensors it
        reads, along the dims they are not broadcast in; None when it reads none."""
        found, rows, cols = self._extents(tile)
        if not found:
            return None
        return _smallest(rows), _smallest(cols)

    def _extents(self, e) -> tuple[bool, list, list]:
        """(reads a tensor, bounds of its rows, bounds of its cols). A transpose swaps the
        bounds of its operand; a product takes its rows from its left operand and its columns
        from its right one; a row / column vector is broadcast along its unit dim: no bound
        there."""
        if isinstance(e, ir.TileVar):
            if e.name not in self.extent:
                return False, [], []
            r, c = self.extent[e.name]
            found, rows, cols = True, [r], [c]
        elif isinstance(e, ir.Load):
            loc = e.loc
            if len(e.index) == 1:
                tc = ir.TensorDim(e.tensor, "tile_cols", loc)
                ti = ir.BinOp("//", e.index[0], tc, ir.INT, loc)
                tj = ir.BinOp("%", e.index[0], tc, ir.INT, loc)
            else:
                ti, tj = e.index
            found = True
            rows = [_remaining(ir.TensorDim(e.tensor, "rows", loc), ti, loc)]
            cols = [_remaining(ir.TensorDim(e.tensor, "cols", loc), tj, loc)]
        elif isinstance(e, ir.TileOp):
            parts = [self._extents(a) for a in e.args if isinstance(a.type, ir.TileType)]
            if e.op == Op.TRANSPOSE:
                found, cols, rows = parts[0]
            elif e.op == Op.MATMUL:
                (fa, rows, _), (fb, _, cols) = parts
                found = fa or fb
            else:
                found = any(p[0] for p in parts)
                rows = [x for p in parts for x in p[1]]
                cols = [x for p in parts for x in p[2]]
        else:
            return False, [], []
        r, c = e.type.shape
        return found, rows if r != 1 else [], cols if c != 1 else []


def _remaining(dim, t, loc):
    """Elements of a tensor dimension from tile t on: dim - 32 * t."""
    return ir.BinOp("-", dim, ir.BinOp("*", _const(32, loc), t, ir.INT, loc), ir.INT, loc)


def _smallest(xs):
    if not xs:
        return _const(32)
    out = xs[0]
    for x in xs[1:]:
        out = ir.BinOp("min", out, x, ir.INT, out.loc)
    return out
