"""The AST frontend: the IR it builds (stated next to each kernel) and the errors it reports."""

from __future__ import annotations

import inspect
import re

import pytest

import ttlang as tt
from tests.helpers import const, kernel_ir, scalar, tensor
from ttlang.ir import nodes as ir
from ttlang.ir import printer
from ttlang.ir.visit import walk_stmts

HERE = __file__


def ir_text(fn, **specs) -> str:
    return printer.show(kernel_ir(fn, **specs))


def line_of(fn, needle: str) -> int:
    lines, first = inspect.getsourcelines(fn)
    for i, text in enumerate(lines):
        if needle in text:
            return first + i
    raise AssertionError(needle)


# --- IR -----------------------------------------------------------------------------------


def add(a, b, c):
    for t in tt.program_range(c.num_tiles):
        c[t] = a[t] + b[t]


def test_program_range_and_store():
    # CHECK: for t in program_range(share_begin((c.tile_rows * c.tile_cols)), ...
    # CHECK:   store c[t] = add(load a[t], load b[t])
    text = ir_text(add, a=tensor(), b=tensor(), c=tensor())
    assert "for t in program_range(share_begin((c.tile_rows * c.tile_cols))" in text
    assert "store c[t] = add(load a[t], load b[t])" in text


def indexing(a, c, n: tt.constexpr, s):
    Mt, Nt = c.tile_shape
    for i in range(tt.program_id(0), Mt, tt.num_programs(0)):
        for j in range(Nt):
            c[i, j] = a[i, j] * n - s


def test_constexpr_folds_and_scalars_stay_runtime():
    text = ir_text(indexing, a=tensor(), c=tensor(), n=const(3), s=scalar())
    assert "Mt = c.tile_rows" in text
    assert "for i in range(program_id(0), Mt, num_programs(0)):" in text
    assert "store c[i, j] = sub(mul(load a[i, j], 3.0), s)" in text  # n folded, s a parameter


def folding(a, c, n: tt.constexpr):
    if n > 2:
        c[0] = a[0] * (n // 2 + 1)
    else:
        c[0] = a[0]


def test_constant_branches_are_decided_at_compile_time():
    text = ir_text(folding, a=tensor(), c=tensor(), n=const(5))
    assert "if" not in text
    assert "store c[0] = mul(load a[0], 3.0)" in text


def unrolled(a, c):
    acc = a[0]
    for k in tt.static_range(1, 3):
        acc = acc + a[k]
    c[0] = acc


def test_static_range_unrolls():
    text = ir_text(unrolled, a=tensor(), c=tensor())
    assert "for" not in text
    assert text.count("%acc = ") == 3
    assert "%acc = add(%acc, load a[2])" in text


def scalar_math(a, c, n):
    m = n // 3 % 2
    x = float(m) / 2.0 + 1
    c[m] = a[n - 1] * x


def test_scalar_types():
    text = ir_text(scalar_math, a=tensor(), c=tensor(), n=scalar("int"))
    assert "m = ((n // 3) % 2)" in text
    assert "x = ((float(m) / 2.0) + 1.0)" in text


# --- errors -------------------------------------------------------------------------------


def with_while(a, c):
    t = 0
    while t < 4:
        c[t] = a[t]


def with_try(a, c):
    try:
        c[0] = a[0]
    except Exception:
        pass


def with_listcomp(a, c):
    xs = [a[i] for i in range(2)]
    c[0] = xs


def tile_branch(a, c):
    x = a[0]
    if x > 0:
        c[0] = x


def mismatched(a, c):
    c[0] = a[0] + tt.zeros((32, 64), tt.float32)


def undefined_name(a, c):
    c[0] = a[0] * missing_value  # noqa: F821


def maybe_undefined(a, c, n):
    if n > 0:
        y = 2
    c[y] = a[0]


def loop_var_after(a, c):
    for t in range(4):
        c[t] = a[t]
    c[t] = a[0]


def bad_call(a, c):
    c[0] = tt.exp(a[0], a[1])


def negative_index(a, c):
    c[0] = a[-1]


@pytest.mark.parametrize(
    "fn, needle, kind, message",
    [
        (with_while, "while t < 4", tt.TTLangSyntaxError, "`while` loop is not supported"),
        (with_try, "try:", tt.TTLangSyntaxError, "`try` statement is not supported"),
        (with_listcomp, "[a[i] for", tt.TTLangSyntaxError, "list comprehension is not supported"),
        (tile_branch, "if x > 0", tt.TTLangTypeError, "comparing tiles is not supported"),
        (
            mismatched,
            "c[0] = a[0] + tt.zeros",
            tt.TTLangTypeError,
            "tile shapes do not match: (32, 32) and (32, 64)",
        ),
        (
            undefined_name,
            "missing_value",
            tt.TTLangNameError,
            "name 'missing_value' is not defined",
        ),
        (maybe_undefined, "c[y]", tt.TTLangNameError, "'y' may be undefined here"),
        (
            loop_var_after,
            "c[t] = a[0]",
            tt.TTLangNameError,
            "loop variable 't' cannot be used after its loop",
        ),
        (bad_call, "tt.exp(a[0], a[1])", tt.TTLangTypeError, "tt.exp takes 1 argument(s), got 2"),
        (negative_index, "a[-1]", tt.TTLangTypeError, "tile index -1 is negative"),
    ],
)
def test_errors_name_file_line_column_and_caret(fn, needle, kind, message):
    with pytest.raises(kind) as info:
        kernel_ir(fn, a=tensor(), c=tensor(), n=scalar("int"))
    e = info.value
    text = str(e)
    line = line_of(fn, needle)
    assert message in text
    assert e.loc.file == HERE and e.loc.line == line
    assert text.startswith(f"{HERE}:{line}:{e.loc.col + 1}: ")
    src_line = inspect.getsourcelines(fn)[0][line - inspect.getsourcelines(fn)[1]].rstrip("\n")
    assert src_line in text  # the offending line is shown...
    caret = text.splitlines()[2]
    assert re.search(r"\|\s*\^+", caret)  # ...with a caret under the span
    assert "/ttlang/" not in text  # no internal file names


def test_caret_spans_the_offending_expression():
    with pytest.raises(tt.TTLangTypeError) as info:
        kernel_ir(mismatched, a=tensor(), c=tensor())
    src, caret = str(info.value).splitlines()[1:3]
    start = caret.index("^")
    assert src[start:].startswith("a[0] + tt.zeros((32, 64), tt.float32)")
    assert caret.count("^") == len("a[0] + tt.zeros((32, 64), tt.float32)")


def test_builtins_refuse_to_run_outside_kernels():
    with pytest.raises(tt.TTLangSyntaxError, match="did you forget @tt.kernel") as e:
        tt.exp(1.0)
    assert str(e.value).startswith(f"{__file__}:")  # the caller's line, with a caret
    assert "tt.exp(1.0)" in str(e.value) and "^" in str(e.value)
    with pytest.raises(tt.TTLangSyntaxError, match="did you forget @tt.kernel"):
        tt.program_id(0)


# --- blocks, matmul, reductions, broadcasting, helpers --------------------------------------


def mm_mismatch(a, c):
    c[0:1, 0:1] = a[0:1, 0:2] @ a[0:1, 0:2]


def bcast_mismatch(a, c):
    c[0:2, 0:2] = a[0:2, 0:2] + a[0:1, 0:3]


def runtime_extent(a, c, n):
    c[0, 0] = tt.sum(a[0:n, 0:1], axis=0, keepdims=True)


def no_keepdims(a, c):
    c[0, 0] = tt.sum(a[0, 0], axis=1)


def bad_block_store(a, c):
    c[0:2, 0:2] = a[0:1, 0:3]


@pytest.mark.parametrize(
    "fn, needle, message",
    [
        (mm_mismatch, "@ a[0:1, 0:2]", "matmul shapes do not match: (32, 64) @ (32, 64)"),
        (bcast_mismatch, "a[0:2, 0:2] + a[0:1, 0:3]", "(64, 64) and (32, 96) do not broadcast"),
        (
            runtime_extent,
            "0:n",
            "the size of a block must be known at compile time, but it depends on the runtime "
            "scalar parameter 'n'",
        ),
        (no_keepdims, "tt.sum(a[0, 0], axis=1)", "needs keepdims=True"),
        (
            bad_block_store,
            "c[0:2, 0:2] = a[0:1, 0:3]",
            "cannot store a (32, 96) value into c[...], a (64, 64) block",
        ),
    ],
)
def test_shape_errors_show_both_shapes(fn, needle, message):
    with pytest.raises(tt.TTLangTypeError) as info:
        kernel_ir(fn, a=tensor(), c=tensor(), n=scalar("int"))
    assert message in str(info.value)
    assert info.value.loc.line == line_of(fn, needle)


def blocks(a, b, c, BM: tt.constexpr):
    for t in tt.program_range(4):
        acc = tt.zeros((32 * BM, 32), tt.float32)
        for k in range(a.tile_shape[1]):
            acc += a[t : t + BM, k] @ b[k, 0]
        c[t : t + BM, 0:1] = acc - tt.max(acc, axis=1, keepdims=True)


def test_blocks_matmul_and_reductions_have_shapes():
    text = ir_text(blocks, a=tensor(), b=tensor(), c=tensor(), BM=const(2))
    assert "%acc = add(%acc, matmul(load a[t, k], load b[k, 0]))" in text
    assert "store c[t, 0] = sub(%acc, max(%acc, axis=1))" in text
    k = kernel_ir(blocks, a=tensor(), b=tensor(), c=tensor(), BM=const(2))
    store = next(s for s in walk_stmts(k.body) if isinstance(s, ir.Store))
    assert store.extent == (2, 1) and store.value.type.shape == (64, 32)


@tt.func
def _scaled_exp(x, s=2.0):
    y = tt.exp(x)
    return y * s


def uses_helper(a, c):
    c[0] = _scaled_exp(a[0]) + _scaled_exp(a[1], 3.0)


def test_helpers_are_inlined_with_their_locals_renamed_apart():
    text = ir_text(uses_helper, a=tensor(), c=tensor())
    assert "%_scaled_exp0__y = exp(load a[0])" in text
    assert "%_scaled_exp1__y = exp(load a[1])" in text
    assert "store c[0] = add(mul(%_scaled_exp0__y, 2.0), mul(%_scaled_exp1__y, 3.0))" in text
    with pytest.raises(tt.TTLangSyntaxError, match="only be called inside a kernel"):
        _scaled_exp(1.0)
