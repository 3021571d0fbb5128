"""The values the frontend works with besides IR expressions: how parameters are specialised,
references to tensors and builtins, and names bound on some paths only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import language as tl
from ..ir import nodes as ir


@dataclass(frozen=True)
class ParamSpec:
    """How one kernel parameter is specialised: a tensor of a dtype, a runtime scalar of a type,
    or a compile-time constant."""

    kind: str  # "tensor" | "scalar" | "constexpr"
    dtype: tl.dtype | None = None
    type: ir.ScalarType | None = None
    value: Any = None
    unit: tuple[bool, bool] = (False, False)  # a tensor with one row / one column (broadcasts)
    ndim: int = 2  # a tensor's dimensions: leading (batch) ones, then the matrix's two


@dataclass(frozen=True)
class TensorRef:
    name: str
    dtype: tl.dtype
    unit: tuple[bool, bool] = (False, False)
    ndim: int = 2

    def block_shape(self, extent) -> tuple[int, int]:
        """The logical shape of a block of its tiles: a tensor with one row (or column) gives
        row (or column) vectors, which broadcast as in numpy."""
        return (1 if self.unit[0] else 32 * extent[0], 1 if self.unit[1] else 32 * extent[1])


@dataclass(frozen=True)
class PyBuiltin:
    name: str  # range | min | max | abs | int | float


@dataclass(frozen=True)
class LangBuiltin:
    name: str


class MaybeUndefined:
    """A name assigned on some paths only (one branch of an if, inside a loop)."""

    def __init__(self, where: str):
        self.where = where


class LoopVarGone:
    def __init__(self, name: str):
        self.name = name


def positive(e, known: frozenset = frozenset()) -> bool:
    """Whether an int expression is provably >= 1 (a loop step that counts up), given variables
    known to be."""
    if isinstance(e, ir.Const):
        return e.value >= 1
    if isinstance(e, (ir.NumPrograms, ir.TensorDim)):
        return True
    if isinstance(e, ir.Var):
        return e.name in known
    if isinstance(e, ir.BinOp) and e.op in ("*", "+", "max"):
        return positive(e.lhs, known) and positive(e.rhs, known)
    return False


def positive_vars(body) -> frozenset:
    """Scalar variables every assignment of which is provably >= 1 (to a fixpoint)."""
    from ..ir.visit import walk_stmts

    assigns: dict[str, list] = {}
    for s in walk_stmts(body):
        if isinstance(s, ir.Assign):
            assigns.setdefault(s.name, []).append(s.value)
    known: frozenset = frozenset()
    while True:
        new = frozenset(v for v, vals in assigns.items() if all(positive(x, known) for x in vals))
        if new == known:
            return known
        known = new


def const(value, loc=None) -> ir.Const:
    if isinstance(value, bool):
        return ir.Const(value, ir.BOOL, loc)
    if isinstance(value, int):
        return ir.Const(value, ir.INT, loc)
    return ir.Const(float(value), ir.FLOAT, loc)
