"""Property tests over blocks of tiles: random expression trees with reductions, broadcasting,
matmul and transposes, against numpy.

Each program of a kernel handles one block row `x[i:i + 1, 0:W]` (W tiles wide, W a
tt.constexpr) of tensors of rows x cols elements (tile-aligned and not), and stores the value of
a tree into `out[i:i + 1, 0:W]` (or into a (rows, 1) output). Hypothesis draws the tree:

  leaves   full blocks of the (rows, cols) inputs a, b;  the row vector g[0:1, 0:W] of a
           (1, cols) tensor;  the column vector u[i:i + 1, 0:1] of a (rows, 1) tensor;  the
           (1, 1) tile z[0, 0];  Python float literals, runtime float arguments s0 / s1, and
           the int out.shape[1] (as a divisor)
  inner    the elementwise unary ops and + - * / maximum minimum (tile-tile with numpy
           broadcasting between (R, C), (R, 1), (1, C), (1, 1), and tile-scalar either side);
           tt.sum / tt.max along axis 1 / -1 (-> (R, 1)), 0 / -2 (-> (1, C)) and None
           (-> (1, 1)) of any subtree, nested; `x @ w` of a full block x with a tree w over the
           square (cols, cols) tensor m (m[0:W, 0:W], its transpose, elementwise ops on it);
           tt.transpose of any value when blocks are square and tile-aligned (cols == 32, rows
           a multiple of 32: (R, 1) <-> (1, C) too), and under a full reduction otherwise
           (where the transposed padding must not leak into the result)
  sharing  subtrees bound to variables (`v0 = ...`) and reused: block values in CBs

over shapes (1..70 rows, 1..130 cols, tile-aligned ones), dtypes (float32, bfloat16) and grids
(1, 2, 3, (1, 3), (2, 2), (3, 1): programs without a block row too). Domains are kept safe by
construction as in test_properties: sqrt of abs/square, log / rsqrt / recip / divisors of
`abs(x) + c` or `square(x) + c`, exp of bounded arguments, subtrees that could exceed MAG_MAX
scaled by exact powers of two.

Reference and tolerance. numpy evaluates the tree in float64 on the same (bf16-rounded) inputs;
an axis-0 reduction reduces the real rows of each 32-row block (what one program sees). Along
with it `_BlockRef` carries a first-order bound `err` on how far the device's float32
evaluation can be (test_properties' model, extended): elementwise ops as there; a sum of n
terms adds n float32 round-offs of sum |x|; matmul operands are truncated to TF32 (10 mantissa
bits) in SrcA/SrcB; bfloat16 kernels reduce on the FPU, which also truncates to TF32. The check
is test_properties.check_close: |out - ref| <= rtol(dtype) * |ref| + SAFETY * err.

Every distinct tree is a distinct kernel (~1.5-3 s to compile, cached by source text for the
session), so max_examples is what sets this file's run time.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import event, example, given, note, settings
from hypothesis import strategies as st

from tests.test_properties import (
    BF16,
    EXP_ARG_MAX,
    F32,
    LITERALS,
    MAG_MAX,
    TRANSCENDENTAL,
    KernelFactory,
    R,
    S,
    U,
    _Ref,
    binary_error,
    check_close,
    make_inputs,
    scalar_values,
    seeds,
    unary_error,
)

TF32 = 2.0**-10  # relative truncation of a float32 operand to the FPU's 10-bit mantissa

# --------------------------------------------------------------------------------------------
# Trees
#
#   ("in", k)              input block a / b:        a[i:i + 1, 0:W]        kind FULL (R, C)
#   ("vec",)               row vector:               g[0:1, 0:W]            kind Rw (1, C)
#   ("col",)               column vector:            u[i:i + 1, 0:1]        kind Cl (R, 1)
#   ("one",)               (1, 1) tile:              z[0, 0]                kind ONE (1, 1)
#   ("lit", v) ("arg", k) ("ncols",)                 scalars
#   (unary, x)  (binary, x, y)
#   ("sum" | "max", axis, x)                         axis in 1, -1, 0, -2, None
#   ("matmul", x, w)       x of kind FULL, w a weight tree over ("w",) = m[0:W, 0:W] (C, C)
#   ("transpose", x)       of a block value
#   ("wT", w)              tt.transpose of a weight tree: (C, C) -> (C, C)
#   ("let", x)             x bound to a variable (the same subtree: the same variable)
#
# A kind is (rows_is_1, cols_is_1); None for a scalar.
# --------------------------------------------------------------------------------------------

FULL, ROW, COL, ONE = (False, False), (True, False), (False, True), (True, True)
UNARY = (
    "neg", "exp", "log", "sqrt", "rsqrt", "recip", "abs", "relu", "sigmoid", "tanh", "gelu",
    "silu", "square",
)  # fmt: skip
BINARY = ("add", "sub", "mul", "div", "maximum", "minimum")
REDUCE = ("sum", "max")
AXES = (1, -1, 0, -2, None)
POSITIVE_DOMAIN = ("log", "rsqrt", "recip")
NONNEG = ("abs", "square", "relu", "exp", "sigmoid", "sqrt", "rsqrt", "recip")
_INFIX = {"add": "+", "sub": "-", "mul": "*", "div": "/"}
SCALAR_LEAVES = ("lit", "arg", "ncols")
TILE_LEAVES = {"in": FULL, "vec": ROW, "col": COL, "one": ONE, "w": FULL}
LEAF_TENSOR = {"vec": "g", "col": "u", "one": "z", "w": "m"}
TENSORS = ("a", "b", "g", "u", "z", "m")


@dataclass(frozen=True)
class Ctx:
    """What a tree may use on a given shape."""

    rows: int
    cols: int

    @property
    def square(self) -> bool:  # every block is one whole 32x32 tile: transposes keep shapes
        return self.cols == 32 and self.rows % 32 == 0

    @property
    def matmul(self) -> bool:  # a, m give whole tiles (a tensor with one row/column: vectors)
        return self.rows > 1 and self.cols > 1

    @property
    def block_rows(self) -> int:
        return min(self.rows, 32)


def kind(node):
    op = node[0]
    if op in SCALAR_LEAVES:
        return None
    if op in TILE_LEAVES:
        return TILE_LEAVES[op]
    if op in ("let", "wT") or op in UNARY:
        return kind(node[1])
    if op == "matmul":
        return FULL
    if op == "transpose":
        k = kind(node[1])
        return (k[1], k[0])
    if op in REDUCE:
        k, axis = kind(node[2]), node[1]
        return ONE if axis is None else (k[0], True) if axis % 2 == 1 else (True, k[1])
    ka, kb = kind(node[1]) or ONE, kind(node[2]) or ONE
    return (ka[0] and kb[0], ka[1] and kb[1])


def _reduced_count(node, ctx: Ctx) -> int:
    """How many elements a reduction combines into each of its results."""
    k, axis = kind(node[2]), node[1]
    n1 = 1 if k[1] else ctx.cols
    n0 = 1 if k[0] else ctx.block_rows
    return n1 * n0 if axis is None else n1 if axis % 2 == 1 else n0


def bound(node, ctx: Ctx) -> float:
    """An upper bound of |value| for inputs in [-R, R] and scalars in [-S, S]."""
    op = node[0]
    if op in ("in", "vec", "col", "one", "w"):
        return R
    if op == "lit":
        return abs(node[1])
    if op == "arg":
        return S
    if op == "ncols":
        return float(ctx.cols)
    if op in ("let", "neg", "abs", "relu", "transpose", "wT"):
        return bound(node[1], ctx)
    if op == "exp":
        return math.exp(bound(node[1], ctx))
    if op == "log":
        x = node[1]
        return max(abs(math.log(low(x))), abs(math.log(bound(x, ctx))))
    if op == "sqrt":
        return math.sqrt(bound(node[1], ctx))
    if op == "rsqrt":
        return low(node[1]) ** -0.5
    if op == "recip":
        return 1.0 / low(node[1])
    if op in ("sigmoid", "tanh"):
        return 1.0
    if op in ("gelu", "silu"):
        return bound(node[1], ctx) + 0.2
    if op == "square":
        return bound(node[1], ctx) ** 2
    if op in REDUCE:
        b = bound(node[2], ctx)
        return b * _reduced_count(node, ctx) if op == "sum" else b
    if op == "matmul":
        return bound(node[1], ctx) * bound(node[2], ctx) * ctx.cols
    x, y = bound(node[1], ctx), bound(node[2], ctx)
    if op in ("add", "sub"):
        return x + y
    if op == "mul":
        return x * y
    if op == "div":
        return x / low(node[2])
    return max(x, y)


def low(node) -> float:
    """A lower bound of a positive-by-construction divisor / log, rsqrt, recip argument."""
    op = node[0]
    if op == "lit":
        return node[1]
    if op == "ncols":
        return 1.0
    if op == "let":
        return low(node[1])
    if op == "add" and node[1][0] in NONNEG and node[2][0] == "lit":
        return node[2][1]
    raise AssertionError(f"not positive by construction: {node}")


def _tame(node, ctx: Ctx):
    """Scales a subtree whose magnitude could exceed MAG_MAX by an exact power of two."""
    b = bound(node, ctx)
    if b <= MAG_MAX:
        return node
    return ("mul", node, ("lit", 2.0 ** -math.ceil(math.log2(b / MAG_MAX))))


def _positive(draw, x):
    """x made positive, bounded away from 0: abs(x) + c or square(x) + c."""
    return (
        "add",
        (draw(st.sampled_from(("abs", "square"))), x),
        ("lit", draw(st.sampled_from((0.25, 0.5, 1.0)))),
    )


scalars = st.one_of(
    st.sampled_from(LITERALS).map(lambda v: ("lit", v)),
    st.sampled_from([0, 1]).map(lambda k: ("arg", k)),
)
nonzero_divisors = st.one_of(
    st.sampled_from([v for v in LITERALS if v > 0]).map(lambda v: ("lit", v)), st.just(("ncols",))
)
tile_leaves = st.sampled_from([("in", 0), ("in", 0), ("in", 1), ("vec",), ("col",), ("one",)])


def _unary(draw, op, x, ctx):
    if op == "sqrt":
        x = (draw(st.sampled_from(("abs", "square"))), x)
    elif op in POSITIVE_DOMAIN:
        x = _positive(draw, x)
    elif op == "exp" and bound(x, ctx) > EXP_ARG_MAX:
        x = ("tanh", x)
    return (op, x)


def _binary(draw, op, sub, ctx, scalar_ok=True):
    form = draw(st.sampled_from(("tt", "tt", "ts", "st"))) if scalar_ok else "tt"
    if op == "div":
        if form == "ts":
            return (op, sub(), draw(nonzero_divisors))
        x = draw(scalars) if form == "st" else sub()
        return (op, x, _positive(draw, sub()))
    x = draw(scalars) if form == "st" else sub()
    y = draw(scalars) if form == "ts" else sub()
    return (op, x, y)


@st.composite
def weight_trees(draw, ctx: Ctx, depth: int):
    """A (C, C) value over m: m itself, its transpose, elementwise ops on it."""
    if depth == 0 or draw(st.integers(0, 99)) < 40:
        return ("w",)
    sub = lambda: draw(weight_trees(ctx, depth - 1))
    family = draw(st.sampled_from(("transpose", "unary", "binary")))
    if family == "transpose":
        node = ("wT", sub())
    elif family == "unary":
        node = _unary(draw, draw(st.sampled_from(UNARY)), sub(), ctx)
    else:
        node = _binary(draw, draw(st.sampled_from(BINARY)), sub, ctx)
    return _tame(node, ctx)


@st.composite
def block_trees(draw, ctx: Ctx, depth: int, pool: list, forced: int = 0):
    """A tree of at most `depth` op levels whose first `forced` levels are ops; `pool` holds
    the let-bound subtrees drawn so far (a later node may reuse one: a block variable read
    twice)."""
    if depth == 0 or (forced <= 0 and draw(st.integers(0, 99)) < 20):
        return draw(tile_leaves)
    if pool and forced <= 0 and draw(st.integers(0, 99)) < 15:
        return draw(st.sampled_from(pool))
    sub = lambda: draw(block_trees(ctx, depth - 1, pool, forced - 1))
    families = ["unary"] * 3 + ["binary"] * 4 + ["reduce"] * 3 + ["transpose_reduce"]
    if ctx.matmul:
        families += ["matmul"]
    if ctx.square:
        families += ["transpose"] * 2
    family = draw(st.sampled_from(families))
    if family == "unary":
        node = _unary(draw, draw(st.sampled_from(UNARY)), sub(), ctx)
    elif family == "binary":
        node = _binary(draw, draw(st.sampled_from(BINARY)), sub, ctx)
    elif family == "reduce":
        node = (draw(st.sampled_from(REDUCE)), draw(st.sampled_from(AXES)), sub())
    elif family == "transpose_reduce":
        node = (draw(st.sampled_from(REDUCE)), None, ("transpose", sub()))
    elif family == "transpose":
        node = ("transpose", sub())
    else:
        x = sub()
        if kind(x) != FULL:  # broadcast it against a full block
            x = ("add", x, draw(st.sampled_from([("in", 0), ("in", 1)])))
        node = ("matmul", _tame(x, ctx), draw(weight_trees(ctx, draw(st.integers(0, 2)))))
    node = _tame(node, ctx)
    if draw(st.integers(0, 99)) < 20:
        node = ("let", node)
        pool.append(node)
    return node


@dataclass(frozen=True)
class Case:
    tree: tuple
    rows: int
    cols: int
    out_cols: int  # cols, or 1 for a (rows, 1) output (a tree of kind (R, 1) or (1, 1))

    @property
    def ctx(self) -> Ctx:
        return Ctx(self.rows, self.cols)


_ROWS = st.one_of(st.integers(1, 70), st.sampled_from([32, 64]))
_COLS = st.one_of(st.integers(1, 130), st.sampled_from([32, 64, 96]))
shapes = st.tuples(_ROWS, _COLS)
square_shapes = st.sampled_from([(32, 32), (64, 32), (96, 32)])  # tt.transpose of any value


@st.composite
def cases(draw, shapes=shapes, max_depth: int = 4):
    rows, cols = draw(shapes)
    ctx = Ctx(rows, cols)
    tree = draw(block_trees(ctx, max_depth, [], forced=2))
    out_cols = cols
    if kind(tree)[1] and draw(st.booleans()):
        out_cols = 1
    return Case(tree, rows, cols, out_cols)


# --------------------------------------------------------------------------------------------
# Kernel source
# --------------------------------------------------------------------------------------------


def _nodes(node):
    yield node
    if node[0] in REDUCE:
        yield from _nodes(node[2])
    elif node[0] not in SCALAR_LEAVES and node[0] not in TILE_LEAVES:
        for c in node[1:]:
            yield from _nodes(c)


def tensors_used(tree) -> list[str]:
    used = set()
    for n in _nodes(tree):
        if n[0] == "in":
            used.add("ab"[n[1]])
        elif n[0] in TILE_LEAVES:
            used.add(LEAF_TENSOR[n[0]])
    return [t for t in TENSORS if t in used]


def args_used(tree) -> list[int]:
    return sorted({n[1] for n in _nodes(tree) if n[0] == "arg"})


class _Renderer:
    """A tree as kernel statements: let-bound subtrees first (post-order), then the store."""

    def __init__(self):
        self.stmts: list[str] = []
        self.names: dict[tuple, str] = {}

    def expr(self, node) -> str:
        op = node[0]
        if op == "in":
            return f"{'ab'[node[1]]}[i:i + 1, 0:W]"
        if op == "vec":
            return "g[0:1, 0:W]"
        if op == "col":
            return "u[i:i + 1, 0:1]"
        if op == "one":
            return "z[0, 0]"
        if op == "w":
            return "m[0:W, 0:W]"
        if op == "lit":
            return repr(node[1]) if node[1] >= 0 else f"({node[1]!r})"
        if op == "arg":
            return f"s{node[1]}"
        if op == "ncols":
            return "out.shape[1]"
        if op == "let":
            name = self.names.get(node)
            if name is None:
                value = self.expr(node[1])
                name = self.names[node] = f"v{len(self.names)}"
                self.stmts.append(f"{name} = {value}")
            return name
        if op == "neg":
            return f"(-{self.expr(node[1])})"
        if op in ("transpose", "wT"):
            return f"tt.transpose({self.expr(node[1])})"
        if op in UNARY:
            return f"tt.{op}({self.expr(node[1])})"
        if op in REDUCE:
            return f"tt.{op}({self.expr(node[2])}, axis={node[1]}, keepdims=True)"
        if op == "matmul":
            return f"({self.expr(node[1])} @ {self.expr(node[2])})"
        x, y = self.expr(node[1]), self.expr(node[2])
        if op in _INFIX:
            return f"({x} {_INFIX[op]} {y})"
        return f"tt.{op}({x}, {y})"


def kernel_source(case: Case) -> str:
    r = _Renderer()
    value = r.expr(case.tree)
    target = "out[i:i + 1, 0:1]" if case.out_cols == 1 else "out[i:i + 1, 0:W]"
    params = [*tensors_used(case.tree), "out", *(f"s{k}" for k in args_used(case.tree))]
    digest = hashlib.sha1(repr((case.tree, case.out_cols)).encode()).hexdigest()[:16]
    lines = [
        "import ttlang as tt",
        "",
        "",
        "@tt.kernel",
        f"def blk_{digest}({', '.join(params)}, W: tt.constexpr):",
        "    for i in tt.program_range(out.tile_shape[0]):",
        *(f"        {s}" for s in r.stmts),
        f"        {target} = {value}",
    ]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# numpy reference (float64) with a forward error bound
# --------------------------------------------------------------------------------------------

_erf = np.vectorize(math.erf, otypes=[np.float64])


class _BlockRef:
    """Evaluates a tree in float64 as the kernel does per block row; alongside, `err`, a bound
    on the distance of the device's evaluation (see the module docstring).

    Arrays broadcast against (rows, cols): a full value is (rows, cols), a (R, 1) one
    (rows, 1), a (1, C) one (1, cols) or (rows, cols) when it differs per block row (an axis-0
    reduction), a (1, 1) one (1, 1) or (rows, 1)."""

    def __init__(self, env: dict[str, np.ndarray], scalar_args, case: Case, fpu_reduce: bool):
        self.env = {k: v.astype(np.float64) for k, v in env.items()}
        self.scalars = [float(np.float32(s)) for s in scalar_args]
        self.case = case
        self.rows, self.cols = case.rows, case.cols
        # bfloat16 kernels reduce on the FPU: operands and the partial column of a full
        # reduction are truncated to TF32.
        self.reduce_extra = 2 * TF32 if fpu_reduce else 0.0

    def eval(self, node):
        op = node[0]
        if op in ("in", "vec", "col", "one", "w"):
            name = "ab"[node[1]] if op == "in" else LEAF_TENSOR[op]
            return self.env[name], 0.0
        if op == "lit":
            return float(np.float32(node[1])), 0.0
        if op == "arg":
            return self.scalars[node[1]], 0.0
        if op == "ncols":
            return float(self.case.out_cols), 0.0
        if op == "let":
            return self.eval(node[1])
        if op == "transpose":
            return self.transpose(node)
        if op == "wT":
            x, e = self.eval(node[1])
            return x.T, np.broadcast_to(e, x.shape).T
        if op in REDUCE:
            return self.reduce(node)
        if op == "matmul":
            (x, ex), (w, ew) = self.eval(node[1]), self.eval(node[2])
            ax, aw = np.abs(x), np.abs(w)
            ex, ew = np.broadcast_to(ex, x.shape), np.broadcast_to(ew, w.shape)
            r = x @ w
            return r, ax @ ew + ex @ aw + ex @ ew + (2 * TF32 + self.cols * U) * (ax @ aw)
        if op in UNARY:
            x, e = self.eval(node[1])
            with np.errstate(over="raise", invalid="raise", divide="raise"):
                return self.unary(op, x, e)
        (x, ex), (y, ey) = self.eval(node[1]), self.eval(node[2])
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            r = x / y if op == "div" else _Ref.binary(op, x, y)
        if op == "div":  # y >= low(y) > 0 by construction
            mag = np.abs(r)
            return r, (ex + mag * ey) / (np.abs(y) - ey) + TRANSCENDENTAL * mag
        return r, binary_error(op, x, y, r, ex, ey)

    @staticmethod
    def unary(op, x, e):
        ax = np.abs(x)
        if op in ("log", "rsqrt", "recip", "gelu", "silu"):
            if op == "log":
                r = np.log(x)
                err = e / (ax - e) + TRANSCENDENTAL * np.abs(r) + 4 * U
            elif op == "rsqrt":
                r = 1.0 / np.sqrt(x)
                err = 0.5 * e * (ax - e) ** -1.5 + TRANSCENDENTAL * np.abs(r)
            elif op == "recip":
                r = 1.0 / x
                err = e / (ax * (ax - e)) + TRANSCENDENTAL * np.abs(r)
            elif op == "gelu":  # derivative in [-0.17, 1.13]; 1 + erf cancels for x < 0
                r = 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))
                err = 1.13 * e + TRANSCENDENTAL * (np.abs(r) + ax)
            else:  # silu: derivative in [-0.1, 1.1]
                r = x / (1.0 + np.exp(-x))
                err = 1.1 * e + TRANSCENDENTAL * (np.abs(r) + ax)
            return r, err
        r = _Ref.unary(op, x)
        return r, unary_error(op, x, r, e)

    def _along(self, x, k, axis, ufunc):
        """ufunc-reduce x (of kind k) along one axis, as one program sees it."""
        if axis == 1:
            return x if k[1] else ufunc.reduce(x, axis=1, keepdims=True)
        if k[0]:
            return x
        starts = np.arange(0, self.rows, 32)
        per_block = ufunc.reduceat(x, starts, axis=0)
        return np.repeat(per_block, np.minimum(32, self.rows - starts), axis=0)

    def reduce(self, node):
        op, axis, child = node
        if axis is None and child[0] == "transpose":  # a full reduction: the same elements
            child = child[1]
        x, e = self.eval(child)
        k = kind(child)
        e = np.broadcast_to(e, np.shape(x))
        ufunc = np.add if op == "sum" else np.maximum
        axes = (1, 0) if axis is None else (1,) if axis % 2 == 1 else (0,)
        for a in axes:
            n = 1 if k[1 - a] else (self.cols if a == 1 else min(32, self.rows))
            r = self._along(x, k, a, ufunc)
            if op == "sum":
                e = self._along(e, k, a, np.add) + (n * U + self.reduce_extra) * self._along(
                    np.abs(x), k, a, np.add
                )
            else:
                e = self._along(e, k, a, np.maximum) + self.reduce_extra * np.abs(r)
            x = r
            k = (True, k[1]) if a == 0 else (k[0], True)
        return x, e

    def transpose(self, node):
        """tt.transpose of a block value when blocks are one 32x32 tile (ctx.square)."""
        x, e = self.eval(node[1])
        k = kind(node[1])
        rows = self.rows
        e = np.broadcast_to(e, np.shape(x))
        if k == FULL:
            nb = rows // 32
            f = lambda v: v.reshape(nb, 32, 32).transpose(0, 2, 1).reshape(rows, 32)
        elif k == ROW:  # row c of each block -> column 0, row c
            f = lambda v: np.broadcast_to(v, (rows, 32))[np.arange(rows), np.arange(rows) % 32][
                :, None
            ]
        elif k == COL:
            idx = (np.arange(rows) // 32 * 32)[:, None] + np.arange(32)[None, :]
            f = lambda v: v[idx, 0]
        else:
            f = lambda v: v
        return f(x), f(e)


# --------------------------------------------------------------------------------------------
# The property
# --------------------------------------------------------------------------------------------


def make_env(case: Case, dtype, seed: int) -> dict[str, np.ndarray]:
    shapes = {
        "a": (case.rows, case.cols),
        "b": (case.rows, case.cols),
        "g": (1, case.cols),
        "u": (case.rows, 1),
        "z": (1, 1),
        "m": (case.cols, case.cols),
    }
    return {t: make_inputs(seed + n, 1, shapes[t], dtype)[0] for n, t in enumerate(TENSORS)}


def reference(case: Case, env, scalar_args, dtype):
    ref = _BlockRef(env, scalar_args, case, fpu_reduce=dtype == BF16)
    r, err = ref.eval(case.tree)
    shape = (case.rows, case.out_cols)
    r = np.broadcast_to(np.asarray(r, np.float64), shape)
    assert np.isfinite(r).all(), "the tree's domain is not safe by construction"
    return r, np.broadcast_to(np.asarray(err, np.float64), shape)


@pytest.fixture(scope="module")
def make_kernel(tmp_path_factory):
    return KernelFactory(tmp_path_factory.mktemp("block_kernels"))


def run_case(make_kernel, case: Case, dtype, grid, seed, scalar_args):
    source = kernel_source(case)
    note(source)
    kernel = make_kernel(source)
    env = make_env(case, dtype, seed)
    out = np.full((case.rows, case.out_cols), np.nan, dtype)
    args = [env[t] for t in tensors_used(case.tree)]
    kernel[grid](*args, out, *(scalar_args[k] for k in args_used(case.tree)), -(-case.cols // 32))
    ref, err = reference(case, env, scalar_args, dtype)
    check_close(out, ref, err, source)


grids = st.sampled_from([1, 2, 3, (1, 3), (2, 2), (3, 1)])
dtypes = st.sampled_from([F32, BF16])


# Fixed trees: what kernels are written like, and the miscompilations this property found.
_A, _B = ("in", 0), ("in", 1)
_ROW_MAX = ("let", ("max", 1, _A))
_E = ("let", ("exp", ("sub", _A, _ROW_MAX)))
SOFTMAX = ("div", _E, ("add", ("abs", ("sum", -1, _E)), ("lit", 0.25)))
_MEAN = ("let", ("mul", ("sum", 1, _A), ("lit", 0.25)))
_D = ("let", ("sub", _A, _MEAN))
NORM = (
    "add",
    (
        "mul",
        ("mul", _D, ("rsqrt", ("add", ("abs", ("sum", 1, ("mul", _D, _D))), ("lit", 1.0)))),
        ("vec",),
    ),
    ("col",),
)
# exp(0) = 1 in the padding of both operands: the product must not sum it along K.
EXP_MATMUL_EXP = ("matmul", ("exp", _A), ("exp", ("w",)))
# The real region of a transposed block is transposed.
SUM_OF_TRANSPOSE = ("sum", None, ("transpose", ("exp", _A)))
# Both matmul operand tiles spill and read the one spilled row sum.
SHARED_SPILL = ("matmul", ("add", ("sum", 1, _B), _B), ("w",))
# (1, C) <-> (R, 1) through transposes; axis-0 reductions per block row.
VECTOR_TRANSPOSES = (
    "mul",
    ("transpose", ("add", ("vec",), ("max", 0, _A))),
    ("transpose", ("col",)),
)
ONE_BY_ONE = ("add", ("mul", ("vec",), ("col",)), ("sum", None, ("one",)))
# u / (|a| + 0.5) is not 0 in the padding columns of a (u is broadcast there); a column max
# left -inf in the padding of its result (-inf * 0 = NaN in the next sum).
BROADCAST_PADDING = (
    "add",
    ("sum", 1, ("div", ("col",), ("add", ("abs", _A), ("lit", 0.5)))),
    ("sum", 1, ("mul", ("max", 0, _A), _A)),
)
NO_SCALARS = [0.0, 0.0]


def _events(case: Case) -> None:
    for n in _nodes(case.tree):
        if n[0] in REDUCE:
            event(f"{n[0]} axis={n[1]}")
        elif n[0] in ("matmul", "transpose", "let"):
            event(n[0])


@settings(max_examples=30)
@given(case=cases(), dtype=dtypes, grid=grids, seed=seeds, scalar_args=scalar_values)
@example(case=Case(SOFTMAX, 45, 70, 70), dtype=BF16, grid=2, seed=0, scalar_args=NO_SCALARS)
@example(case=Case(NORM, 64, 100, 100), dtype=F32, grid=(1, 3), seed=1, scalar_args=NO_SCALARS)
@example(case=Case(EXP_MATMUL_EXP, 40, 20, 20), dtype=F32, grid=2, seed=2, scalar_args=NO_SCALARS)
@example(case=Case(SUM_OF_TRANSPOSE, 45, 20, 1), dtype=F32, grid=2, seed=3, scalar_args=NO_SCALARS)
@example(case=Case(SHARED_SPILL, 64, 64, 64), dtype=BF16, grid=1, seed=4, scalar_args=NO_SCALARS)
@example(case=Case(ONE_BY_ONE, 1, 1, 1), dtype=BF16, grid=(2, 2), seed=6, scalar_args=NO_SCALARS)
@example(case=Case(BROADCAST_PADDING, 45, 70, 1), dtype=F32, grid=3, seed=7, scalar_args=NO_SCALARS)
def test_block_expression_matches_numpy(make_kernel, case, dtype, grid, seed, scalar_args):
    """out[i:i + 1, 0:W] = <tree over blocks, vectors, reductions, matmul> on any shape."""
    _events(case)
    run_case(make_kernel, case, dtype, grid, seed, scalar_args)


@settings(max_examples=12)
@given(case=cases(square_shapes), dtype=dtypes, grid=grids, seed=seeds, scalar_args=scalar_values)
@example(
    case=Case(VECTOR_TRANSPOSES, 64, 32, 32), dtype=F32, grid=3, seed=5, scalar_args=NO_SCALARS
)
def test_square_block_expression_matches_numpy(make_kernel, case, dtype, grid, seed, scalar_args):
    """The same on blocks of one whole tile, where tt.transpose of any value (a block, a row,
    a column) keeps it in the shape it is used in."""
    _events(case)
    run_case(make_kernel, case, dtype, grid, seed, scalar_args)
