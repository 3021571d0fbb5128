"""The real region of tile values, for tile lowering: which tiles are provably 0 in the padding
of the tensors they read, and how many rows and columns of a tile are real.

Tensors are padded to whole tiles with zeros, and a reduction must not see padding. A tile value
is provably 0 there when f(0) == 0 all the way from the loads (x * y, relu(x), a sum of such
values...); otherwise tile lowering masks what a reduction or a product's K sums consume.

The real region of a tile is the smallest one among the tensors it reads, along the dims they
are not broadcast in. Tile variables keep theirs in scalar variables set next to them (the
region of the value as it was assigned); the tiles of a block variable keep the region of the
block's first tile, and tile (i, j) has 32 i fewer real rows and 32 j fewer real columns.
"""

from __future__ import annotations

from .. import nodes as ir
from ..ops import Op

ZERO_AT_ZERO = frozenset(
    {Op.NEG, Op.RELU, Op.SQRT, Op.ABS, Op.SQUARE, Op.TANH, Op.GELU, Op.SILU, Op.TRANSPOSE}
)


def const(v, loc=None) -> ir.Const:
    return ir.Const(v, ir.INT, loc)


def offset(index: tuple, i, j, loc=None) -> tuple:
    """A tile index moved by (i, j) tiles within its matrix (the last two coordinates)."""
    return (*index[:-2], add(index[-2], i, loc), add(index[-1], j, loc))


def add(e, d, loc=None):
    """e + d (d an int or a scalar expression), folding constants."""
    if isinstance(d, int):
        d = const(d, loc)
    if isinstance(d, ir.Const) and d.value == 0:
        return e
    if isinstance(e, ir.Const) and e.value == 0:
        return d
    if isinstance(e, ir.Const) and isinstance(d, ir.Const):
        return const(e.value + d.value, loc)
    return ir.BinOp("+", e, d, ir.INT, loc)


def mul(e, n: int, loc=None):
    """e * n, folding constants."""
    if n == 1:
        return e
    if isinstance(e, ir.Const):
        return const(e.value * n, loc)
    return ir.BinOp("*", e, const(n, loc), ir.INT, loc)


def minus_tiles(extent, t, loc=None):
    """The elements of a dimension left from tile t on: extent - 32 t."""
    if isinstance(t, ir.Const) and t.value == 0:
        return extent
    return ir.BinOp("-", extent, mul(t, 32, loc), ir.INT, loc)


def zero_at_padding(e, zero_vars) -> bool:
    """Whether tile (or block) value e is provably 0 wherever the tensors it reads are padding."""
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


class Regions:
    """The real regions of tile variables (rows, cols scalar expressions of their values when
    assigned) and of the first tile of block variables."""

    def __init__(self, aligned: frozenset = frozenset(), batched: frozenset = frozenset()):
        self.aligned = aligned  # (tensor, "rows" | "cols") of whole tiles: no bound along them
        self.batched = batched  # the tensors with leading dimensions (several matrices)
        self.tiles: dict[str, tuple] = {}  # tile variable -> (rows_valid, cols_valid)
        self.blocks: dict[str, tuple] = {}  # block variable -> those of its tile (0, 0)

    def valid_extent(self, e) -> tuple | None:
        """(rows_valid, cols_valid) of a tile (or of the first tile of a block value): the
        smallest real region among the tensors it reads, along the dims they are not broadcast
        in; None when it reads none."""
        found, rows, cols = self._extents(e)
        if not found:
            return None
        return _smallest(rows), _smallest(cols)

    def whole(self, e) -> tuple[bool, bool]:
        """Whether every tile of value e is real in all its rows / all its columns: the
        tensors it reads are whole tiles (or broadcast) along them."""
        _, rows, cols = self._extents(e)
        return not rows, not cols

    def keep(self, name: str, e, rows: str, cols: str) -> tuple:
        """The region of variable `name` assigned value e, in the scalar variables rows and
        cols; None along a dim where every tile of e is whole (no bound to carry)."""
        wr, wc = self.whole(e)
        return (None if wr else ir.Var(rows, ir.INT, e.loc), None if wc else ir.Var(cols, ir.INT, e.loc))

    def _extents(self, e) -> tuple[bool, list, list]:
        """(reads a tensor, bounds of its rows, bounds of its cols). A transpose swaps the
        bounds of its operand; a product takes its rows from its left operand and its columns
        from its right one; a row / column vector is broadcast along its unit dim: no bound
        there."""
        if isinstance(e, ir.TileVar):
            if e.index:  # tile (i, j) of a block variable
                if e.name not in self.blocks:
                    return False, [], []
                (r, c), (i, j) = self.blocks[e.name], e.index
                rows = [] if r is None else [minus_tiles(r, i, e.loc)]
                cols = [] if c is None else [minus_tiles(c, j, e.loc)]
                found = True
            elif e.name in self.blocks:  # a whole block variable (a block-level value)
                r, c = self.blocks[e.name]
                found, rows, cols = True, [x for x in (r,) if x is not None], [x for x in (c,) if x is not None]
            elif e.name in self.tiles:
                r, c = self.tiles[e.name]
                found, rows, cols = True, [x for x in (r,) if x is not None], [x for x in (c,) if x is not None]
            else:
                return False, [], []
        elif isinstance(e, ir.Load):
            loc = e.loc
            if len(e.index) == 1:
                tc = ir.TensorDim(e.tensor, "tile_cols", loc)
                ti = ir.BinOp("//", e.index[0], tc, ir.INT, loc)
                tj = ir.BinOp("%", e.index[0], tc, ir.INT, loc)
                if e.tensor in self.batched:  # the tile row within its matrix
                    ti = ir.BinOp("%", ti, ir.TensorDim(e.tensor, "tile_rows", loc), ir.INT, loc)
            else:
                ti, tj = e.index[-2:]
            found = True
            rows = [] if (e.tensor, "rows") in self.aligned else [minus_tiles(ir.TensorDim(e.tensor, "rows", loc), ti, loc)]
            cols = [] if (e.tensor, "cols") in self.aligned else [minus_tiles(ir.TensorDim(e.tensor, "cols", loc), tj, loc)]
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


def _smallest(xs):
    if not xs:
        return const(32)
    out = xs[0]
    for x in xs[1:]:
        out = ir.BinOp("min", out, x, ir.INT, out.loc)
    return out
