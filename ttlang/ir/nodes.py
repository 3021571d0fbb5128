"""The tile-level IR: small frozen dataclasses, each carrying its source location.

A kernel is structured code: scalar statements (index arithmetic, loops, branches) around tile
statements (loads, elementwise math, stores). Passes rewrite it into three role programs
(reader, compute, writer) made of the same control flow plus role-specific actions.
Locations are excluded from equality, so structurally equal expressions compare equal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from ..errors import Loc
from ..language import dtype
from .ops import Op

# Types ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScalarType:
    kind: str  # "int" | "float" | "bool"

    def __str__(self) -> str:
        return self.kind


INT = ScalarType("int")
FLOAT = ScalarType("float")
BOOL = ScalarType("bool")


@dataclass(frozen=True)
class TileType:
    dtype: dtype
    shape: tuple[int, int] = (32, 32)

    def __str__(self) -> str:
        return f"tile<{self.shape[0]}x{self.shape[1]}, {self.dtype.value}>"


Type = Union[ScalarType, TileType]

_LOC = field(default=None, compare=False, repr=False)

# Scalar expressions --------------------------------------------------------------------------


@dataclass(frozen=True)
class Const:
    value: int | float | bool
    type: ScalarType
    loc: Loc | None = _LOC


@dataclass(frozen=True)
class Var:
    """A scalar variable of the kernel (an assigned name or a loop variable)."""

    name: str
    type: ScalarType
    loc: Loc | None = _LOC


@dataclass(frozen=True)
class Param:
    """A scalar kernel parameter, passed as a runtime argument."""

    name: str
    type: ScalarType
    loc: Loc | None = _LOC


@dataclass(frozen=True)
class TensorDim:
    """A runtime dimension of a tensor argument: rows, cols, tile_rows or tile_cols (of its last
    two dimensions, the matrices its tiles make), or dim<k>, its k-th leading dimension."""

    tensor: str
    dim: str
    loc: Loc | None = _LOC
    type: ScalarType = field(default=INT, init=False)


@dataclass(frozen=True)
class ProgramId:
    axis: int
    loc: Loc | None = _LOC
    type: ScalarType = field(default=INT, init=False)


@dataclass(frozen=True)
class NumPrograms:
    axis: int
    loc: Loc | None = _LOC
    type: ScalarType = field(default=INT, init=False)


@dataclass(frozen=True)
class ShareBound:
    """Start (end=False) or end (end=True) of this program's contiguous share of range(n)."""

    n: "Expr"
    end: bool
    loc: Loc | None = _LOC
    type: ScalarType = field(default=INT, init=False)


@dataclass(frozen=True)
class BinOp:
    op: str  # + - * / // % min max < <= > >= == != and or
    lhs: "Expr"
    rhs: "Expr"
    type: ScalarType
    loc: Loc | None = _LOC


@dataclass(frozen=True)
class UnOp:
    op: str  # "-" | "not" | "int" | "float"
    operand: "Expr"
    type: ScalarType
    loc: Loc | None = _LOC


# Tile expressions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Load:
    """The tile of `tensor` at `index`: (t,) in row-major tile order, or (i, j), or for an N-D
    tensor (b, ..., i, j), one index per leading dimension then the tile coordinates; with an
    extent other than (1, 1), the block of extent[0] x extent[1] tiles whose first tile is
    (i, j) (blocks are on the last two dimensions)."""

    tensor: str
    index: tuple["Expr", ...]
    type: TileType
    loc: Loc | None = _LOC
    extent: tuple[int, int] = (1, 1)


@dataclass(frozen=True)
class TileVar:
    """A tile variable; after tile lowering, with an index, the tile (i, j) of a block variable
    (i, j scalar expressions: loop variables of the loops over its tiles, or constants)."""

    name: str
    type: TileType
    loc: Loc | None = _LOC
    index: tuple["Expr", ...] = ()


@dataclass(frozen=True)
class TileOp:
    """A tile op: elementwise (operands are tiles of broadcastable shapes, or scalars), matmul,
    a reduction (attrs: (("axis", 0 | 1 | None),)) or a transpose."""

    op: Op
    args: tuple["Expr", ...]
    type: TileType
    loc: Loc | None = _LOC
    attrs: tuple = ()

    def attr(self, name: str, default=None):
        return dict(self.attrs).get(name, default)


@dataclass(frozen=True)
class Full:
    """A tile filled with a scalar value (tt.zeros / tt.full)."""

    value: "Expr"
    type: TileType
    loc: Loc | None = _LOC


ScalarExpr = Union[Const, Var, Param, TensorDim, ProgramId, NumPrograms, ShareBound, BinOp, UnOp]
TileExpr = Union[Load, TileVar, TileOp, Full]
Expr = Union[ScalarExpr, TileExpr]


def is_tile(e: Expr) -> bool:
    return isinstance(e.type, TileType)


# Statements ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Assign:
    """name = value (scalar)."""

    name: str
    value: Expr
    loc: Loc | None = _LOC


@dataclass(frozen=True)
class TileAssign:
    """name = value (tile). After tile lowering, with an index, the assignment of tile (i, j) of
    a block variable of grid[0] x grid[1] tiles (all of whose tiles live in one CB)."""

    name: str
    value: Expr
    loc: Loc | None = _LOC
    index: tuple[Expr, ...] = ()
    grid: tuple[int, int] = (1, 1)


@dataclass(frozen=True)
class Store:
    """tensor[index] = value (a block of extent tiles when extent is not (1, 1))."""

    tensor: str
    index: tuple[Expr, ...]
    value: Expr
    loc: Loc | None = _LOC
    extent: tuple[int, int] = (1, 1)
    shape: tuple[int, int] = (32, 32)  # the target's logical shape (1 where the tensor has one row/col)


@dataclass(frozen=True)
class For:
    """for var in range(start, stop, step): body. kind is "range", "program_range" or "tiles"
    (a loop over the tiles of a block, made by tile lowering)."""

    var: str
    start: Expr
    stop: Expr
    step: Expr  # a nonzero constant, or provably positive
    body: tuple["Stmt", ...]
    kind: str = "range"
    loc: Loc | None = _LOC


@dataclass(frozen=True)
class If:
    cond: Expr
    then: tuple["Stmt", ...]
    orelse: tuple["Stmt", ...]
    loc: Loc | None = _LOC


@dataclass(frozen=True)
class MatmulBlock:
    """acc += a @ b for a block accumulator `acc` of grid[0] x grid[1] tiles, `a` and `b` block
    loads of grid[0] x inner and inner x grid[1] tiles (made by tile lowering from
    `acc = tt.zeros(...); for ...: acc += a[...] @ b[...]`, see passes/tile_lowering.py). The
    scalar variable `first` is 1 until the first update has run: that one writes the sums,
    later ones add to them."""

    acc: str
    a: "Load"
    b: "Load"
    grid: tuple[int, int]
    inner: int
    first: str
    loc: Loc | None = _LOC


@dataclass(frozen=True)
class MatmulBlockBegin:
    """The block accumulator `acc` starts at zero here (no tile is written yet: `first` is 1)."""

    acc: str
    grid: tuple[int, int]
    first: str
    loc: Loc | None = _LOC


@dataclass(frozen=True)
class MatmulBlockEnd:
    """After the loop of updates: if none ran (`first` still 1), `acc` is all zeros."""

    acc: str
    grid: tuple[int, int]
    first: str
    loc: Loc | None = _LOC


# Role actions (after the role split) ---------------------------------------------------------


@dataclass(frozen=True)
class CB:
    """A circular buffer: id, a readable name, its data format and page count."""

    id: int
    name: str
    dtype: dtype
    pages: int
    purpose: str  # "input" | "output" | "intermediate"
    what: str = ""  # what flows through it, for comments and error messages

    @property
    def bytes(self) -> int:
        return self.pages * self.dtype.tile_bytes


@dataclass(frozen=True)
class TileAccess:
    """Page `page` of `tensor`, with the bounds it must respect: ((value, limit), ...)."""

    tensor: str
    page: Expr
    checks: tuple[tuple[Expr, Expr], ...]
    loc: Loc | None = _LOC


@dataclass(frozen=True)
class ReadTiles:
    """Reader: read these pages into the back of `cb` (one reserve, one barrier, one push)."""

    cb: CB
    tiles: tuple[TileAccess, ...]
    loc: Loc | None = _LOC


@dataclass(frozen=True)
class FillMasks:
    """Reader: write padding masks into the back of `cb`, one tile per (rows_valid, cols_valid,
    fill): +inf where row < rows_valid and col < cols_valid, else 0 (fill "zero") or -inf."""

    cb: CB
    masks: tuple[tuple[Expr, Expr, str], ...]
    loc: Loc | None = _LOC


@dataclass(frozen=True)
class FillScaler:
    """Reader: write the reduce scaler tile (1.0 in the first row of each face) once."""

    cb: CB
    loc: Loc | None = _LOC


@dataclass(frozen=True)
class WriteTile:
    """Writer: write the front page of `cb` to a tensor page."""

    cb: CB
    tile: TileAccess
    loc: Loc | None = _LOC


@dataclass(frozen=True)
class CbTile:
    """Compute operand: tile `index` at the front of `cb` (an int, or a scalar expression of the
    loop variables of a loop over the tiles of a block)."""

    cb: CB
    index: int | Expr
    type: TileType
    loc: Loc | None = _LOC


@dataclass(frozen=True)
class Compute:
    """Compute: evaluate `value` (leaves: CbTile, Full, scalars) and pack it into `out`.

    `waits` are the (cb, pages) waited for before, `pops` those released after; `replaces` means
    `out` is a tile variable whose previous page is dropped once the new value is in DST."""

    value: Expr
    out: CB
    waits: tuple[tuple[CB, int], ...]
    pops: tuple[tuple[CB, int], ...] = ()
    replaces: bool = False
    keep: bool = False  # a tile variable: wait for its page again after pushing it
    keep_pages: int | Expr = 1  # ... the pages the CB then holds (a block variable's tiles share one)
    loc: Loc | None = _LOC


@dataclass(frozen=True)
class AccumulateMatmuls:
    """Compute, inside an AccumulateInDst loop: DST[reg] += the matmuls (operands CB tiles)."""

    reg: int
    matmuls: tuple[Expr, ...]
    waits: tuple[tuple[CB, int], ...]
    pops: tuple[tuple[CB, int], ...]
    loc: Loc | None = _LOC


@dataclass(frozen=True)
class AccumulateInDst:
    """Compute: accumulators held in DST across a loop (see passes/dst_resident.py): zeroed,
    updated by the loop's AccumulateMatmuls, finished by the epilogue units (which read them
    from their registers), packed once."""

    accumulators: tuple[tuple[CB, int], ...]  # tile variable CB -> DST register
    loop: For
    epilogue: tuple[Compute, ...]
    loc: Loc | None = _LOC


@dataclass(frozen=True)
class ReadBlock:
    """Reader: read the rows x cols tiles of `tensor` whose first is tile (row, col) into the back
    of `cb`, row-major (one reserve, a loop of reads, one barrier, one push). An N-D tensor's
    block is in the matrix whose first page is `base`; `checks` bound its leading indices."""

    cb: CB
    tensor: str
    row: "Expr"
    col: "Expr"
    rows: int
    cols: int
    loc: Loc | None = _LOC
    base: "Expr | None" = None
    checks: tuple = ()


@dataclass(frozen=True)
class MatmulBlockUnit:
    """Compute: acc += a @ b over CB blocks (a: grid[0] x inner tiles, b: inner x grid[1], both
    row-major at the front of their CBs), in DST subblocks of subblock[0] x subblock[1] tiles
    with matmul_block. The accumulator's CB holds grid[0] x grid[1] pages in subblock order; an
    update after the first adds to them in L1 (the packer's L1 accumulation)."""

    a: CB
    b: CB
    acc: CB
    grid: tuple[int, int]
    inner: int
    subblock: tuple[int, int]
    first: "Expr"
    loc: Loc | None = _LOC


@dataclass(frozen=True)
class ZeroBlock:
    """Compute: if `first` (no update ran), fill the accumulator's pages with zeros."""

    acc: CB
    first: "Expr"
    loc: Loc | None = _LOC


@dataclass(frozen=True)
class PopVar:
    """Compute: drop the pages of a tile variable (a block variable has one per tile) after its
    last use."""

    cb: CB
    loc: Loc | None = _LOC
    pages: int = 1


Stmt = Union[
    Assign, TileAssign, Store, For, If, ReadTiles, FillMasks, FillScaler, WriteTile, Compute, PopVar,
    AccumulateMatmuls, AccumulateInDst, MatmulBlock, MatmulBlockBegin, MatmulBlockEnd, ReadBlock,
    MatmulBlockUnit, ZeroBlock,
]


# Kernels -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TensorParam:
    name: str
    dtype: dtype
    loc: Loc | None = _LOC
    ndim: int = 2


@dataclass(frozen=True)
class ScalarParam:
    name: str
    type: ScalarType
    loc: Loc | None = _LOC


@dataclass(frozen=True)
class KernelIR:
    """A kernel before the role split: parameters (runtime ones; constexprs are folded) and body."""

    name: str
    file: str
    loc: Loc
    params: tuple[TensorParam | ScalarParam, ...]
    body: tuple[Stmt, ...]
    scalar_vars: tuple[tuple[str, ScalarType], ...] = ()
    # The tensor dims compiled in as constants, ((tensor, dim, value), ...): those that reach a
    # compile-time position (a block size, tt.static_range bounds). The others are runtime.
    shape_consts: tuple[tuple[str, str, int], ...] = ()
    # The tensor dims that are whole tiles for this launch, ((tensor, "rows" | "cols"), ...): no
    # tile of theirs has padding along them (the cache key carries it).
    aligned: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RoleProgram:
    """One of the three kernels of a core: its statements and what it needs."""

    role: str  # "reader" | "compute" | "writer"
    body: tuple[Stmt, ...]


@dataclass(frozen=True)
class Multicast:
    """A CB whose reads depend on the program-id `axes` only (passes/multicast.py): the first
    program of each group of programs agreeing on those axes reads its blocks and multicasts them
    to the others."""

    cb: CB
    axes: tuple[int, ...]

    @property
    def along(self) -> tuple[int, ...]:
        """The grid axes its groups extend along."""
        return tuple(a for a in (0, 1) if a not in self.axes)


@dataclass(frozen=True)
class Program:
    """The kernel after the role split: three role programs sharing parameters and CBs."""

    kernel: KernelIR
    reader: RoleProgram
    compute: RoleProgram
    writer: RoleProgram
    cbs: tuple[CB, ...] = ()
    fp32_dest_acc: bool = True
    dst_capacity: int = 4
    multicast: tuple[Multicast, ...] = ()

    @property
    def roles(self) -> tuple[RoleProgram, RoleProgram, RoleProgram]:
        return (self.reader, self.compute, self.writer)
