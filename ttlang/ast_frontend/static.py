"""Compile-time integers: the values a kernel needs while it is compiled, and where they come from.

A tensor's dimensions (`x.shape`, `x.tile_shape`) are runtime values in the IR (TensorDim): a
new shape reuses the compiled kernel. A few positions need an integer while the kernel is
compiled: the size of a block, the bounds of `tt.static_range`, the shape of `tt.zeros` /
`tt.full`. For those, `Static.value` follows the value back through the kernel's variables to
what it is made of:

- a variable stands for its definition when that definition is the same on every path that
  reaches the use (`Static.defs`, kept by the frontend as it assigns, branches and loops);
- runtime terms that cancel (`(i + B) - i`) drop out, in a linear form over products;
- what remains must be built from constants and tensor dimensions. Its value is computed from
  the shapes of this launch's arguments, and the dimensions it read are recorded: the kernel is
  specialised on them, and on them alone (`Static.used`).

A term that does not cancel and is not built that way (a loop variable, a runtime scalar
parameter, tt.program_id, a variable that changes in a loop) is a located error saying which.
"""

from __future__ import annotations

import math

from ..ir import nodes as ir

TILE = 32

# The runtime leaves of scalar expressions (anything else is an operator, a constant or a dim).
_RUNTIME_LEAVES = (ir.Var, ir.Param, ir.ProgramId, ir.NumPrograms, ir.ShareBound)


def dim_value(shape: tuple[int, ...], dim: str) -> int:
    """The value of TensorDim `dim` of a tensor of element shape `shape` (rows and cols: its last
    two dimensions; dim<k>: its k-th leading one)."""
    if dim.startswith("dim"):
        return shape[int(dim[3:])]
    rows, cols = shape[-2:]
    return {
        "rows": rows,
        "cols": cols,
        "tile_rows": -(-rows // TILE),
        "tile_cols": -(-cols // TILE),
        "rows_whole": int(rows % TILE == 0),  # no padding rows (visitor.whole_tiles)
        "cols_whole": int(cols % TILE == 0),
    }[dim]


def _display(irname: str) -> str:
    return irname.rsplit("__", 1)[-1]  # a helper's locals are renamed <helper><n>__<name>


class NotStatic(Exception):
    """`why` says what the value depends on that is only known at run time."""

    def __init__(self, why: str):
        super().__init__(why)
        self.why = why


class Static:
    """The compile-time knowledge of one kernel specialisation: the definitions of its scalar
    variables that hold on every path (irname -> expression of constants and tensor dims), why
    the others are not known, and the shapes of the arguments."""

    def __init__(self, shapes: dict[str, tuple[int, int]] | None):
        self.shapes = shapes
        self.defs: dict[str, ir.Expr] = {}
        self.why: dict[str, str] = {}  # irname -> "which depends on ..."
        self.loop_vars: set[str] = set()
        self.used: dict[tuple[str, str], int] = {}  # (tensor, dim) -> value compiled in

    # -- what the frontend tells it --------------------------------------------------------

    def assigned(self, irname: str, value: ir.Expr) -> None:
        value = self.resolve(value)
        leaf = self.runtime_leaf(value)
        if leaf is None:
            self.defs[irname] = value
            self.why.pop(irname, None)
        else:
            self.defs.pop(irname, None)
            self.why[irname] = f"which depends on {self.describe(leaf)}"

    def forget(self, irname: str, why: str) -> None:
        self.defs.pop(irname, None)
        self.why[irname] = why

    def merge(self, a: dict[str, ir.Expr], b: dict[str, ir.Expr], why: str) -> None:
        """After two paths (the branches of an `if`, a loop run or not): a definition holds if
        it is the same on both."""
        self.defs = {k: v for k, v in a.items() if b.get(k) == v}
        for k in set(a) | set(b):
            if k not in self.defs:
                self.why[k] = why

    # -- what it answers -------------------------------------------------------------------

    def resolve(self, e: ir.Expr) -> ir.Expr:
        """`e` with every variable of known definition replaced by it."""
        if isinstance(e, ir.Var):
            return self.defs.get(e.name, e)
        if isinstance(e, ir.BinOp):
            return ir.BinOp(e.op, self.resolve(e.lhs), self.resolve(e.rhs), e.type, e.loc)
        if isinstance(e, ir.UnOp):
            return ir.UnOp(e.op, self.resolve(e.operand), e.type, e.loc)
        return e

    def runtime_leaf(self, e: ir.Expr):
        """The first leaf of `e` whose value is only known at run time, or None."""
        if isinstance(e, _RUNTIME_LEAVES):
            return e
        if isinstance(e, ir.BinOp):
            children = (e.lhs, e.rhs)
        elif isinstance(e, ir.UnOp):
            children = (e.operand,)
        else:
            children = ()
        for c in children:
            leaf = self.runtime_leaf(c)
            if leaf is not None:
                return leaf
        return None

    def describe(self, leaf) -> str:
        if isinstance(leaf, ir.Var):
            name = _display(leaf.name)
            if leaf.name in self.loop_vars:
                return f"the loop variable '{name}'"
            if leaf.name in self.why:
                return f"'{name}', {self.why[leaf.name]}"
            return f"'{name}', a runtime value"
        if isinstance(leaf, ir.Param):
            return (
                f"the runtime scalar parameter '{leaf.name}' (annotate it `tt.constexpr` to "
                "compile its value in)"
            )
        if isinstance(leaf, ir.ProgramId):
            return f"tt.program_id({leaf.axis}), which differs from core to core"
        if isinstance(leaf, ir.NumPrograms):
            return f"tt.num_programs({leaf.axis}), a runtime value (the grid is not compiled in)"
        if isinstance(leaf, ir.ShareBound):
            return "this core's share of a tt.program_range"
        return "a runtime value"

    def value(self, e: ir.Expr) -> int | float | bool:
        """The compile-time value of `e`, or NotStatic saying what it depends on."""
        e = self.resolve(e)
        if isinstance(e, ir.Const):
            return e.value
        total = 0
        for factors, coeff in _linear(e).items():
            if coeff == 0:
                continue
            for f in factors:
                leaf = self.runtime_leaf(f)
                if leaf is not None:
                    raise NotStatic(self.describe(leaf))
            total += coeff * math.prod(self.evaluate(f) for f in factors)
        return total

    def evaluate(self, e: ir.Expr):
        """The value of an expression of constants and tensor dims (Python semantics, as the
        frontend folds constants)."""
        if isinstance(e, ir.Const):
            return e.value
        if isinstance(e, ir.TensorDim):
            if self.shapes is None or e.tensor not in self.shapes:
                raise NotStatic(f"the shape of '{e.tensor}', which this compilation was not given")
            v = dim_value(self.shapes[e.tensor], e.dim)
            self.used[(e.tensor, e.dim)] = v
            return v
        if isinstance(e, ir.UnOp):
            return _UNARY[e.op](self.evaluate(e.operand))
        if isinstance(e, ir.BinOp):
            x, y = self.evaluate(e.lhs), self.evaluate(e.rhs)
            r = _BINARY[e.op](x, y)  # ZeroDivisionError: the caller says where
            return int(r) if e.type == ir.INT else r
        raise NotStatic("a runtime value")


_UNARY = {"-": lambda x: -x, "not": lambda x: not x, "int": int, "float": float}
_BINARY = {
    "+": lambda x, y: x + y,
    "-": lambda x, y: x - y,
    "*": lambda x, y: x * y,
    "/": lambda x, y: x / y,
    "//": lambda x, y: x // y,
    "%": lambda x, y: x % y,
    "min": min,
    "max": max,
    "<": lambda x, y: x < y,
    "<=": lambda x, y: x <= y,
    ">": lambda x, y: x > y,
    ">=": lambda x, y: x >= y,
    "==": lambda x, y: x == y,
    "!=": lambda x, y: x != y,
    "and": lambda x, y: bool(x) and bool(y),
    "or": lambda x, y: bool(x) or bool(y),
}


def _linear(e: ir.Expr) -> dict[tuple, int]:
    """`e` as a sum of integer multiples of products of factors ({(f1, f2): c} is c * f1 * f2;
    the empty product is 1), so that runtime terms cancel: (i + 1) * B - i * B is B."""
    if isinstance(e, ir.Const) and e.type == ir.INT:
        return {(): e.value}
    if isinstance(e, ir.BinOp) and e.type == ir.INT and e.op in ("+", "-", "*"):
        a, b = _linear(e.lhs), _linear(e.rhs)
        out: dict[tuple, int] = {}
        if e.op == "*":
            for fa, ca in a.items():
                for fb, cb in b.items():
                    key = tuple(sorted(fa + fb, key=repr))
                    out[key] = out.get(key, 0) + ca * cb
            return out
        sign = 1 if e.op == "+" else -1
        for k, c in a.items():
            out[k] = out.get(k, 0) + c
        for k, c in b.items():
            out[k] = out.get(k, 0) + sign * c
        return out
    if isinstance(e, ir.UnOp) and e.op == "-" and e.type == ir.INT:
        return {k: -c for k, c in _linear(e.operand).items()}
    return {(e,): 1}
