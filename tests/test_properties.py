"""Property tests: ttlang elementwise kernels against numpy.

Hypothesis draws small expression trees over the elementwise tile ops (+ - * between tiles and
with Python float scalars on either side, unary -, tt.exp/relu/sqrt/sigmoid/abs/tanh/square,
tt.maximum/minimum), array shapes (1xN, Nx1, multiples of 32 and not), dtypes (float32,
bfloat16) and grids (ints and (rows, cols) tuples). Each tree becomes the Python source of a
`@tt.kernel` (ttlang reads kernel source with inspect, so it is written to a real file and
imported); the same tree is evaluated with numpy in float32 on the same inputs.

Tolerances. Both sides evaluate the same tree in the same order in float32 (ttlang keeps DST in
fp32 with fp32_dest_acc, the default, also for bfloat16 kernels), so + - * agree to the last bit
on equal operands; the transcendentals (std::exp/tanh in the emulator, numpy's SIMD versions)
differ by a few ulps. Those differences propagate through the rest of the tree, and a
subtraction can cancel the leading digits of its operands (or a sqrt near 0 magnify them), so a
fixed atol is either too loose or gives false failures. The reference therefore carries, per
element, a first-order forward error bound `err` (see `_Ref`): it grows by the round-off of each
op relative to the magnitude of that op's result (i.e. it scales with the magnitude of the
intermediate values) and by each op's derivative on the incoming error. The checks are

    float32:  |out - ref| <= 1e-5 * |ref| + SAFETY * err
    bfloat16: |out - ref| <= 1e-2 * |ref| + SAFETY * err

(1e-2 covers the final fp32 -> bfloat16 rounding of the packer, 2**-9 relative; measured on
random trees, bfloat16 outputs were exactly the bfloat16 rounding of the float32 reference, so
no looser atol is needed there). `check_close` is np.testing.assert_allclose's rule with a
per-element atol, which assert_allclose cannot report.

Compilation is the expensive part (~1.5 s per distinct kernel and dtype; launches take
milliseconds), so kernels are cached by source text for the session and the number of distinct
trees per property is kept small with @settings(max_examples=...); shape/grid coverage is
cheap and done in bulk on a fixed kernel.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import sys

import ml_dtypes
import numpy as np
import pytest
from hypothesis import HealthCheck, event, example, given, note, settings
from hypothesis import strategies as st

import ttlang as tt

F32 = np.dtype(np.float32)
BF16 = np.dtype(ml_dtypes.bfloat16)

INPUT_NAMES = ("a", "b", "c")
SCALAR_NAMES = ("s0", "s1")

# Inputs are drawn from [-R, R]; scalars (literals and runtime arguments) from [-S, S].
R = 2.0
S = 3.0
LITERALS = (0.5, 2.0, -1.0, 0.25, 1.5, -0.75, 3.0, 0.1, -2.5)
EXP_ARG_MAX = 5.0  # exp's argument is kept within [-5, 5] (tanh-wrapped otherwise): no overflow
MAG_MAX = 1e4  # a subtree that could exceed this is scaled down by an (exact) power of two

# --------------------------------------------------------------------------------------------
# Expression trees
#
#   ("in", k)            input tensor k (a, b, c) at the current tile
#   ("lit", v)           a Python float literal in the kernel source
#   ("arg", k)           a runtime float argument s0 / s1
#   (unary, x)           unary in UNARY
#   (binary, x, y)       binary in BINARY; at most one of x, y is a scalar ("lit"/"arg")
# --------------------------------------------------------------------------------------------

UNARY = ("neg", "exp", "relu", "sqrt", "sigmoid", "abs", "tanh", "square")
BINARY = ("add", "sub", "mul", "maximum", "minimum")
_INFIX = {"add": "+", "sub": "-", "mul": "*"}


def is_scalar(node) -> bool:
    return node[0] in ("lit", "arg")


def bound(node) -> float:
    """An upper bound of |value| over all inputs in [-R, R] and scalars in [-S, S]."""
    op = node[0]
    if op == "in":
        return R
    if op == "lit":
        return abs(node[1])
    if op == "arg":
        return S
    if op in ("neg", "abs", "relu"):
        return bound(node[1])
    if op == "exp":
        return float(np.exp(bound(node[1])))
    if op == "sqrt":
        return float(np.sqrt(bound(node[1])))
    if op in ("sigmoid", "tanh"):
        return 1.0
    if op == "square":
        return bound(node[1]) ** 2
    x, y = bound(node[1]), bound(node[2])
    if op in ("add", "sub"):
        return x + y
    if op == "mul":
        return x * y
    return max(x, y)


def _tame(node):
    """Scales a subtree whose magnitude could exceed MAG_MAX by an exact power of two."""
    b = bound(node)
    if b <= MAG_MAX:
        return node
    k = int(np.ceil(np.log2(b / MAG_MAX)))
    return ("mul", node, ("lit", 2.0**-k))


scalars = st.one_of(
    st.sampled_from(LITERALS).map(lambda v: ("lit", v)),
    st.sampled_from(range(len(SCALAR_NAMES))).map(lambda k: ("arg", k)),
)


@st.composite
def tile_exprs(
    draw, n_inputs: int, depth: int, leaf_pct: int = 30, binary_pct: int | None = None, root=False
):
    """A tree of tile ops of at most `depth` levels over inputs 0..n_inputs-1.

    A node other than the root is a leaf with probability ~leaf_pct% (it shrinks to a leaf).
    With binary_pct, that share of the ops are tile-tile binary ops (register pressure)."""
    if depth == 0 or (not root and draw(st.integers(0, 99)) < leaf_pct):
        return ("in", draw(st.integers(0, n_inputs - 1)))
    sub = tile_exprs(n_inputs, depth - 1, leaf_pct, binary_pct)
    if draw(st.integers(0, 99)) < (50 if binary_pct is None else binary_pct):
        op = draw(st.sampled_from(BINARY))
        # tile-tile, tile-scalar, scalar-tile
        shape = "tt" if binary_pct is not None else draw(st.sampled_from(("tt", "ts", "st")))
    else:
        op = draw(st.sampled_from(UNARY))
    if op in UNARY:
        x = draw(sub)
        if op == "sqrt":  # sqrt of abs(x) or of square(x): a non-negative argument by construction
            x = (draw(st.sampled_from(("abs", "square"))), x)
        elif op == "exp" and bound(x) > EXP_ARG_MAX:
            x = ("tanh", x)
        return _tame((op, x))
    x = draw(sub) if shape != "st" else draw(scalars)
    y = draw(sub) if shape != "ts" else draw(scalars)
    return _tame((op, x, y))


def inputs_used(node) -> set[int]:
    if node[0] == "in":
        return {node[1]}
    if node[0] in ("lit", "arg"):
        return set()
    return set().union(*(inputs_used(c) for c in node[1:]))


def args_used(node) -> set[int]:
    if node[0] == "arg":
        return {node[1]}
    if node[0] in ("in", "lit"):
        return set()
    return set().union(*(args_used(c) for c in node[1:]))


@st.composite
def cases(
    draw, max_depth: int = 4, leaf_pct: int = 30, binary_pct: int | None = None, min_inputs: int = 1
):
    """(tree, n_inputs): 1-3 input tensors, a tree of at most max_depth levels (not counting the
    abs/square put under sqrt, the tanh under a large exp argument, the power-of-two scaling of
    large values) whose root is an op."""
    n = draw(st.integers(min_inputs, 3))
    tree = draw(tile_exprs(n, max_depth, leaf_pct, binary_pct, root=True))
    return tree, max(inputs_used(tree)) + 1


def expr_source(node, index: str) -> str:
    """The kernel-source text of a tree; tiles are indexed `x[<index>]`."""
    op = node[0]
    if op == "in":
        return f"{INPUT_NAMES[node[1]]}[{index}]"
    if op == "lit":
        return repr(node[1]) if node[1] >= 0 else f"({node[1]!r})"
    if op == "arg":
        return SCALAR_NAMES[node[1]]
    if op == "neg":
        return f"(-{expr_source(node[1], index)})"
    if op in UNARY:
        return f"tt.{op}({expr_source(node[1], index)})"
    x, y = expr_source(node[1], index), expr_source(node[2], index)
    if op in _INFIX:
        return f"({x} {_INFIX[op]} {y})"
    return f"tt.{op}({x}, {y})"


# --------------------------------------------------------------------------------------------
# numpy reference with a forward error bound
# --------------------------------------------------------------------------------------------

U = 2.0**-24  # float32 unit round-off
# Relative difference allowed between two float32 implementations of a transcendental (glibc's
# expf/tanhf in the emulator vs numpy's SIMD loops; each is within a few ulps).
TRANSCENDENTAL = 8 * 2.0**-23
SAFETY = 4.0  # the bound is first order; leave a margin


def unary_error(op: str, x, r, e):
    """The error bound of r = op(x) (neg abs relu square sqrt exp sigmoid tanh), x carrying e."""
    mag = np.abs(r).astype(np.float64)
    ax = np.abs(x).astype(np.float64)
    if op in ("neg", "abs", "relu"):
        return e
    if op == "square":
        return 2 * ax * e + e * e + 2 * U * mag
    if op == "sqrt":  # |sqrt(x + d) - sqrt(x)| <= min(sqrt(d), d / sqrt(x))
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.minimum(np.sqrt(e), np.where(ax > 0, e / np.sqrt(ax), np.inf)) + 2 * U * mag
    if op == "exp":
        return mag * np.expm1(e) + TRANSCENDENTAL * mag
    if op == "sigmoid":  # derivative <= 1/4; 1 / (1 + exp(-x)): a few roundings + exp
        return e / 4 + TRANSCENDENTAL * mag
    assert op == "tanh", op  # derivative <= 1
    return e + TRANSCENDENTAL * mag


def binary_error(op: str, x, y, r, ex, ey):
    """The error bound of r = op(x, y) (add sub mul maximum minimum), x and y carrying ex, ey."""
    mag = np.abs(r).astype(np.float64)
    if op in ("add", "sub"):
        return ex + ey + 2 * U * mag
    if op == "mul":
        ax, ay = np.abs(x).astype(np.float64), np.abs(y).astype(np.float64)
        return ax * ey + ay * ex + ex * ey + 2 * U * mag
    return np.maximum(ex, ey)


class _Ref:
    """Evaluates a tree in float32 numpy; alongside, in float64, `err`: a bound on how far a
    float32 evaluation of the same tree by another implementation can be from this one."""

    def __init__(self, inputs: list[np.ndarray], scalar_args: list[float]):
        self.inputs = [x.astype(np.float32) for x in inputs]
        self.scalars = [np.float32(s) for s in scalar_args]

    def eval(self, node):
        op = node[0]
        if op == "in":
            return self.inputs[node[1]], 0.0
        if op == "lit":
            return np.float32(node[1]), 0.0
        if op == "arg":
            return self.scalars[node[1]], 0.0
        if op in UNARY:
            x, e = self.eval(node[1])
            # sigmoid's exp(-x) overflows to inf for x < -88 in both implementations (-> 0)
            with np.errstate(over="ignore" if op == "sigmoid" else "raise", invalid="raise"):
                r = self.unary(op, x)
            return r, unary_error(op, x, r, e)
        (x, ex), (y, ey) = self.eval(node[1]), self.eval(node[2])
        with np.errstate(over="raise", invalid="raise"):
            r = self.binary(op, x, y)
        return r, binary_error(op, x, y, r, ex, ey)

    @staticmethod
    def unary(op, x):
        if op == "neg":
            return -x
        if op == "exp":
            return np.exp(x)
        if op == "relu":
            return np.maximum(x, np.float32(0))
        if op == "sqrt":
            return np.sqrt(x)
        if op == "sigmoid":
            return np.float32(1) / (np.float32(1) + np.exp(-x))
        if op == "abs":
            return np.abs(x)
        if op == "tanh":
            return np.tanh(x)
        if op == "square":
            return x * x
        raise AssertionError(op)

    @staticmethod
    def binary(op, x, y):
        return {
            "add": np.add,
            "sub": np.subtract,
            "mul": np.multiply,
            "maximum": np.maximum,
            "minimum": np.minimum,
        }[op](x, y)


def reference(tree, inputs, scalar_args, shape):
    r, err = _Ref(inputs, scalar_args).eval(tree)
    r = np.broadcast_to(np.asarray(r, dtype=np.float32), shape)
    err = np.broadcast_to(np.asarray(err, dtype=np.float64), shape)
    return r, err


def check_close(out: np.ndarray, ref: np.ndarray, err: np.ndarray, source: str) -> None:
    """|out - ref| <= rtol * |ref| + SAFETY * err elementwise (np.testing.assert_allclose's rule,
    with a per-element atol, which assert_allclose cannot print)."""
    rtol = 1e-5 if out.dtype == F32 else 1e-2
    got, want = out.astype(np.float64), ref.astype(np.float64)
    tol = rtol * np.abs(want) + SAFETY * err + 1e-37  # + a flushed denormal
    diff = np.abs(got - want)
    bad = ~(diff <= tol)  # NaN in out is bad too
    if bad.any():
        idx = np.argwhere(bad)
        lines = [
            f"{int(bad.sum())} of {bad.size} elements differ ({out.dtype}, shape {out.shape}); "
            f"max |out - ref| / tol = {np.nanmax(diff / tol):.3g}",
            "first mismatches (row, col): out, numpy, tol:",
        ]
        for r, c in idx[:8]:
            lines.append(f"  ({r}, {c}): {got[r, c]!r}, {want[r, c]!r}, {tol[r, c]:.3g}")
        raise AssertionError("\n".join(lines) + f"\nkernel:\n{source}")


# --------------------------------------------------------------------------------------------
# Kernels from trees: real source files, imported, cached by source text
# --------------------------------------------------------------------------------------------


def kernel_source(tree, n_inputs: int, form: str = "flat") -> str:
    """The module source of a kernel computing `tree`.

    form "flat": `for t in tt.program_range(out.num_tiles): out[t] = ...`
    form "2d":   `out[i, j] = ...` over tile rows/cols strided by program_id/num_programs.
    """
    params = [*INPUT_NAMES[:n_inputs], "out", *(SCALAR_NAMES[k] for k in sorted(args_used(tree)))]
    digest = hashlib.sha1(repr((tree, n_inputs, form)).encode()).hexdigest()[:16]
    head = f"import ttlang as tt\n\n\n@tt.kernel\ndef prop_{form}_{digest}({', '.join(params)}):\n"
    if form == "flat":
        body = (
            "    for t in tt.program_range(out.num_tiles):\n"
            f"        out[t] = {expr_source(tree, 't')}\n"
        )
    else:
        body = (
            "    Mt = out.tile_shape[0]\n"
            "    Nt = out.tile_shape[1]\n"
            "    for i in range(tt.program_id(0), Mt, tt.num_programs(0)):\n"
            "        for j in range(tt.program_id(1), Nt, tt.num_programs(1)):\n"
            f"            out[i, j] = {expr_source(tree, 'i, j')}\n"
        )
    return head + body


class KernelFactory:
    def __init__(self, directory):
        self.dir = directory
        self.cache: dict[str, tt.Kernel] = {}

    def __call__(self, source: str) -> tt.Kernel:
        k = self.cache.get(source)
        if k is None:
            name = "ttl_prop_" + hashlib.sha1(source.encode()).hexdigest()[:20]
            path = self.dir / f"{name}.py"
            path.write_text(source)
            spec = importlib.util.spec_from_file_location(name, path)
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            spec.loader.exec_module(module)
            (k,) = [v for v in vars(module).values() if isinstance(v, tt.Kernel)]
            self.cache[source] = k
        return k


@pytest.fixture(scope="session")
def make_kernel(tmp_path_factory):
    factory = KernelFactory(tmp_path_factory.mktemp("prop_kernels"))
    yield factory
    for name in [n for n in sys.modules if n.startswith("ttl_prop_")]:
        del sys.modules[name]


# --------------------------------------------------------------------------------------------
# Strategies: shapes, dtypes, grids, data
# --------------------------------------------------------------------------------------------

dims = st.integers(1, 130)
shapes = st.one_of(
    st.tuples(dims, dims),
    st.tuples(st.just(1), st.integers(1, 1000)),
    st.tuples(st.integers(1, 1000), st.just(1)),
    st.tuples(st.integers(1, 4), st.integers(1, 4)).map(lambda t: (32 * t[0], 32 * t[1])),
    st.sampled_from([(1, 1000), (1000, 1), (32, 32), (100, 70), (33, 31), (64, 1)]),
)
dtypes = st.sampled_from([F32, BF16])
grids_2d = st.tuples(st.integers(1, 8), st.integers(1, 8))
grids = st.one_of(st.integers(1, 8), grids_2d)
seeds = st.integers(0, 2**32 - 1)
scalar_values = st.lists(
    st.floats(-S, S, allow_nan=False, allow_infinity=False, width=32), min_size=2, max_size=2
)

_SPECIAL = np.array([0.0, -0.0, 1.0, -1.0, R, -R, 0.5, -0.5, 2.0**-10], dtype=np.float32)


def make_inputs(seed: int, n: int, shape, dtype) -> list[np.ndarray]:
    """n arrays in [-R, R] of `dtype`, ~5% of the entries special values (zeros, +-1, +-R...)."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        x = rng.uniform(-R, R, shape).astype(np.float32)
        mask = rng.random(shape) < 0.05
        x[mask] = rng.choice(_SPECIAL, int(mask.sum()))
        out.append(x.astype(dtype))
    return out


def launch(kernel, grid, inputs, out, scalar_args, tree):
    used = sorted(args_used(tree))
    return kernel[grid](*inputs, out, *(scalar_args[k] for k in used))


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

QUICKSTART = ("add", ("mul", ("exp", ("mul", ("in", 0), ("in", 1))), ("arg", 0)), ("in", 2))
DEEP = (
    "sub",
    ("maximum", ("exp", ("neg", ("in", 0))), ("sub", ("lit", 2.0), ("in", 1))),
    ("mul", ("tanh", ("in", 1)), ("add", ("sigmoid", ("in", 2)), ("sqrt", ("abs", ("in", 0))))),
)


@settings(max_examples=40)
@given(
    case=cases(leaf_pct=20),
    dtype=dtypes,
    shape=shapes,
    grid=grids,
    seed=seeds,
    scalar_args=scalar_values,
)
@example(
    case=(QUICKSTART, 3), dtype=BF16, shape=(100, 70), grid=(2, 4), seed=0, scalar_args=[0.5, 0.0]
)
@example(case=(QUICKSTART, 3), dtype=F32, shape=(1, 1000), grid=8, seed=1, scalar_args=[-1.25, 0.0])
@example(case=(DEEP, 3), dtype=F32, shape=(1000, 1), grid=(3, 2), seed=2, scalar_args=[0.0, 0.0])
@example(case=(DEEP, 3), dtype=BF16, shape=(32, 32), grid=1, seed=3, scalar_args=[0.0, 0.0])
def test_expression_matches_numpy(make_kernel, case, dtype, shape, grid, seed, scalar_args):
    """out[t] = <tree>(a[t], b[t], c[t]) over program_range, against numpy in float32."""
    tree, n = case
    source = kernel_source(tree, n)
    note(source)
    kernel = make_kernel(source)
    inputs = make_inputs(seed, n, shape, dtype)
    out = np.zeros(shape, dtype)
    launch(kernel, grid, inputs, out, scalar_args, tree)
    ref, err = reference(tree, inputs, scalar_args, shape)
    check_close(out, ref, err, source)


@settings(max_examples=12)
@given(
    case=cases(max_depth=3, leaf_pct=15),
    dtype=dtypes,
    shape=shapes,
    grid=grids_2d,
    seed=seeds,
    scalar_args=scalar_values,
)
@example(case=(DEEP, 3), dtype=BF16, shape=(100, 70), grid=(8, 8), seed=4, scalar_args=[0.0, 0.0])
def test_2d_tile_indexing_matches_numpy(make_kernel, case, dtype, shape, grid, seed, scalar_args):
    """out[i, j] = <tree>(a[i, j], ...) with rows/cols strided over a 2-D grid of programs."""
    tree, n = case
    source = kernel_source(tree, n, form="2d")
    note(source)
    kernel = make_kernel(source)
    inputs = make_inputs(seed, n, shape, dtype)
    out = np.zeros(shape, dtype)
    launch(kernel, grid, inputs, out, scalar_args, tree)
    ref, err = reference(tree, inputs, scalar_args, shape)
    check_close(out, ref, err, source)


def _bits(x: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(x).view(np.uint32 if x.dtype == F32 else np.uint16)


@settings(max_examples=12)
@given(
    case=cases(max_depth=3, leaf_pct=15),
    dtype=dtypes,
    shape=shapes,
    grid=st.one_of(st.integers(2, 8), grids_2d.filter(lambda g: g != (1, 1))),
    form=st.sampled_from(["flat", "2d"]),
    seed=seeds,
    scalar_args=scalar_values,
    layout=st.sampled_from(["contiguous", "fortran", "strided"]),
)
def test_only_output_written_and_grid_independent(
    make_kernel, case, dtype, shape, grid, form, seed, scalar_args, layout
):
    """A launch leaves its inputs untouched, writes every element of `out` (and nothing of the
    array `out` is a view into), and its result does not depend on the grid: bit-exact."""
    tree, n = case
    if form == "2d" and isinstance(grid, int):
        grid = (grid, 1)
    source = kernel_source(tree, n, form=form)
    note(source)
    kernel = make_kernel(source)
    inputs = make_inputs(seed, n, shape, dtype)
    if layout == "fortran":
        inputs = [np.asfortranarray(x) for x in inputs]
    elif layout == "strided":  # views into larger arrays
        inputs = [np.repeat(np.repeat(x, 2, axis=0), 3, axis=1)[::2, ::3] for x in inputs]
    before = [_bits(x).copy() for x in inputs]

    results = []
    for g in (1, grid):
        # out is the interior of a NaN-filled buffer: every element of out must be written, and
        # nothing around it.
        buf = np.full((shape[0] + 2, shape[1] + 2), np.nan, dtype=dtype)
        out = buf[1:-1, 1:-1]
        launch(kernel, g, inputs, out, scalar_args, tree)
        assert not np.isnan(out.astype(np.float32)).any(), (
            f"grid {g}: some elements of out were not written"
        )
        ring = np.ones(buf.shape, bool)
        ring[1:-1, 1:-1] = False
        assert np.isnan(buf[ring].astype(np.float32)).all(), f"grid {g}: wrote outside out"
        results.append(_bits(out).copy())
        for i, (x, b) in enumerate(zip(inputs, before)):
            assert np.array_equal(_bits(x), b), f"grid {g}: input {INPUT_NAMES[i]} was modified"
    assert np.array_equal(results[0], results[1]), f"grid 1 and grid {grid} differ"
    ref, err = reference(tree, inputs, scalar_args, shape)
    check_close(out, ref, err, source)


# One fixed kernel, many shapes and grids: compiled once per dtype, so cheap per example.
AXPY = ("add", ("mul", ("arg", 0), ("in", 0)), ("sub", ("in", 1), ("arg", 1)))


@settings(max_examples=60)
@given(
    dtype=dtypes,
    shape=shapes,
    grid=grids,
    form=st.sampled_from(["flat", "2d"]),
    seed=seeds,
    scalar_args=scalar_values,
)
@example(dtype=F32, shape=(1, 1000), grid=8, form="flat", seed=0, scalar_args=[2.0, 1.0])
@example(dtype=F32, shape=(1000, 1), grid=(8, 8), form="flat", seed=0, scalar_args=[2.0, 1.0])
@example(dtype=BF16, shape=(32, 32), grid=(8, 8), form="2d", seed=0, scalar_args=[2.0, 1.0])
@example(dtype=BF16, shape=(100, 70), grid=(2, 3), form="2d", seed=0, scalar_args=[2.0, 1.0])
@example(dtype=F32, shape=(1, 1), grid=(8, 8), form="2d", seed=0, scalar_args=[2.0, 1.0])
def test_shapes_and_grids(make_kernel, dtype, shape, grid, form, seed, scalar_args):
    """s0 * a + (b - s1) on every shape/grid/form: padding to tiles, tile partitioning over the
    programs, the real region copied back exactly."""
    if form == "2d" and isinstance(grid, int):
        grid = (1, grid)
    source = kernel_source(AXPY, 2, form=form)
    kernel = make_kernel(source)
    inputs = make_inputs(seed, 2, shape, dtype)
    out = np.full(shape, np.nan, dtype)
    launch(kernel, grid, inputs, out, scalar_args, AXPY)
    ref, err = reference(AXPY, inputs, scalar_args, shape)
    check_close(out, ref, err, source)


# Register pressure: deep trees of tile-tile binary ops need more DST tiles than a
# tile_regs_acquire() provides (4 with fp32 accumulation); ttlang's dst_alloc then spills the
# heaviest subtrees into intermediate CBs, possibly several per unit.


@settings(
    max_examples=10, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow]
)
@given(
    case=cases(max_depth=6, leaf_pct=5, binary_pct=85, min_inputs=3),
    dtype=dtypes,
    shape=shapes,
    grid=grids,
    seed=seeds,
)
def test_register_pressure_matches_numpy(make_kernel, case, dtype, shape, grid, seed):
    """Deep, mostly binary trees (DST spills) against numpy."""
    tree, n = case
    source = kernel_source(tree, n)
    note(source)
    kernel = make_kernel(source)
    inputs = make_inputs(seed, n, shape, dtype)
    out = np.zeros(shape, dtype)
    compiled = launch(kernel, grid, inputs, out, [], tree)
    spills = len(set(re.findall(r"\bcb_tmp_\d+\b", compiled.compute)))
    event(f"{dtype.name}: {spills} DST spill(s)")
    ref, err = reference(tree, inputs, [], shape)
    check_close(out, ref, err, source)


def _t(op, x, y):
    return (op, x, y)


_A, _B = ("in", 0), ("in", 1)
# p, q and r each need 4 DST tiles (full binary trees of 8 leaves), p * q needs 5, so does
# (p * q) * r. dst_alloc spills p (into tmp_0), then the unit still needs 5 and it spills
# tmp_0 * q (into tmp_1): a spilled unit that reads an earlier spill (it must wait for it).
_P = _t(
    "mul",
    _t("mul", _t("add", _A, _B), _t("sub", _A, _B)),
    _t("add", _t("mul", _A, _B), _t("sub", _B, _A)),
)
_Q = _t(
    "mul",
    _t("mul", _t("add", _A, _A), _t("add", _B, _B)),
    _t("add", _t("mul", _A, _A), _t("mul", _B, _B)),
)
_R = _t(
    "mul",
    _t("mul", _t("add", _B, _A), _t("sub", _B, _A)),
    _t("sub", _t("mul", _B, _B), _t("mul", _A, _A)),
)
NESTED_SPILL = _t("mul", _t("mul", _P, _Q), _R)


def test_nested_dst_spill(make_kernel):
    """A float32 unit that needs two spills, the second containing the first (a regression
    found by test_register_pressure_matches_numpy). 24 leaves is the least for this: each
    DST-4 subtree needs 8."""
    source = kernel_source(NESTED_SPILL, 2)
    kernel = make_kernel(source)
    inputs = make_inputs(0, 2, (32, 32), F32)
    out = np.zeros((32, 32), F32)
    launch(kernel, 1, inputs, out, [], NESTED_SPILL)
    ref, err = reference(NESTED_SPILL, inputs, [], (32, 32))
    check_close(out, ref, err, source)
