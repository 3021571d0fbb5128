"""Blocks sized by shapes: a tensor dim that reaches a compile-time position (a block size,
tt.static_range bounds, the shape of tt.zeros) is compiled in, and it alone; a size that depends
on a loop variable or a runtime value is a located error that says which."""

from __future__ import annotations

import pytest

import ttlang as tt
from tests.helpers import const, kernel_ir, scalar, sized, tensor
from ttlang.ir import nodes as ir
from ttlang.ir import printer
from ttlang.ir.visit import walk_stmts

from .test_frontend import line_of


def loads(k: ir.KernelIR) -> list:
    out = []
    for s in walk_stmts(k.body):
        for e in (getattr(s, "value", None),):
            stack = [e]
            while stack:
                x = stack.pop()
                if isinstance(x, ir.Load):
                    out.append(x)
                if isinstance(x, (ir.TileOp,)):
                    stack.extend(x.args)
    return out


def softmax_rows(x, out):
    Mt, Nt = x.tile_shape
    for m in tt.program_range(Mt):
        row = x[m, 0:Nt]
        e = tt.exp(row - tt.max(row, axis=1, keepdims=True))
        out[m, 0:Nt] = e / tt.sum(e, axis=1, keepdims=True)


def test_a_block_sized_by_tile_shape_compiles_that_dim_in_and_no_other():
    # CHECK: # compiled in: x.tile_cols = 4
    # CHECK: Mt = x.tile_rows                (a runtime value still)
    # CHECK: for m in program_range(share_begin(Mt), share_end(Mt), 1):
    # CHECK:   %row = load x[m, 0]           (a 1 x 4 block: x.tile_cols compiled in)
    k = kernel_ir(softmax_rows, {"x": (70, 100), "out": (70, 100)}, x=tensor(), out=tensor())
    assert sized(k.shape_consts) == (("x", "tile_cols", 4),)
    text = printer.show(k)
    assert "  # compiled in: x.tile_cols = 4\n  Mt = x.tile_rows" in text
    assert "Mt = x.tile_rows" in text and "program_range(share_begin(Mt), share_end(Mt), 1)" in text
    store = next(s for s in walk_stmts(k.body) if isinstance(s, ir.Store))
    assert store.extent == (1, 4) and store.value.type.shape == (32, 128)


def col_sum(x, out):
    Mt, Nt = x.tile_shape
    for n in tt.program_range(Nt):
        out[0, n] = tt.sum(x[0:Mt, n], axis=0, keepdims=True)


def test_a_column_block_compiles_the_tile_rows_in():
    k = kernel_ir(col_sum, {"x": (96, 40), "out": (1, 40)}, x=tensor(), out=tensor())
    assert sized(k.shape_consts) == (("x", "tile_rows", 3),)
    (load,) = loads(k)
    assert load.extent == (3, 1)


def element_width(x, out):
    W = x.shape[1] // 32  # arithmetic on the element shape
    half = W // 2
    for i in range(x.tile_shape[0]):
        out[i:i + 1, 0:half] = x[i:i + 1, half:half + half] * 2.0


def test_arithmetic_on_the_element_shape():
    k = kernel_ir(element_width, {"x": (64, 256), "out": (64, 128)}, x=tensor(), out=tensor())
    assert sized(k.shape_consts) == (("x", "cols", 256),)
    store = next(s for s in walk_stmts(k.body) if isinstance(s, ir.Store))
    assert store.extent == (1, 4)


def sliding(x, out, B: tt.constexpr):
    Nt = x.tile_shape[1]
    for i in range(x.tile_shape[0] - B + 1):
        # (i + B) - i: the runtime start cancels, the size is B
        out[i:i + B, 0:Nt] = x[i:i + B, 0:Nt] + 1.0


def test_runtime_starts_cancel_out_of_the_size():
    shapes = {"x": (128, 64), "out": (128, 64)}
    k = kernel_ir(sliding, shapes, x=tensor(), out=tensor(), B=const(2))
    assert sized(k.shape_consts) == (("x", "tile_cols", 2),)
    store = next(s for s in walk_stmts(k.body) if isinstance(s, ir.Store))
    assert store.extent == (2, 2)


def unrolled_over_columns(x, out):
    Mt, Nt = x.tile_shape
    for m in range(Mt):
        acc = tt.zeros((32, 32 * Nt), tt.float32)
        for j in tt.static_range(Nt):
            acc = acc + x[m:m + 1, 0:Nt] * float(j)
        out[m:m + 1, 0:Nt] = acc


def test_static_range_and_zeros_sized_by_shapes():
    k = kernel_ir(unrolled_over_columns, {"x": (32, 96), "out": (32, 96)}, x=tensor(), out=tensor())
    assert sized(k.shape_consts) == (("x", "tile_cols", 3),)
    text = printer.show(k)
    assert text.count("load x[m, 0]") == 3  # unrolled three times


def shapes_at_run_time_only(a, c):
    Mt, Nt = c.tile_shape
    for t in tt.program_range(Mt * Nt):
        c[t // Nt, t % Nt] = a[t // Nt, t % Nt] + 1.0


def test_shapes_read_at_run_time_only_are_not_compiled_in():
    k = kernel_ir(shapes_at_run_time_only, {"a": (64, 64), "c": (64, 64)}, a=tensor(), c=tensor())
    assert sized(k.shape_consts) == ()
    # and the frontend does not need the shapes at all
    assert kernel_ir(shapes_at_run_time_only, a=tensor(), c=tensor()).shape_consts == ()


@tt.func
def _row_block(x, m):
    Nt = x.tile_shape[1]
    return x[m, 0:Nt]


def through_a_helper(x, out):
    for m in range(x.tile_shape[0]):
        out[m, 0:x.tile_shape[1]] = tt.exp(_row_block(x, m))


def test_a_helper_sizes_a_block_by_its_argument_s_shape():
    k = kernel_ir(through_a_helper, {"x": (32, 64), "out": (32, 64)}, x=tensor(), out=tensor())
    assert sized(k.shape_consts) == (("x", "tile_cols", 2),)


def same_in_both_branches(x, out, s):
    Nt = x.tile_shape[1]
    if s > 0:
        W = Nt
    else:
        W = x.tile_shape[1]
    out[0, 0:W] = x[0, 0:W]


def test_a_definition_that_holds_on_both_paths_is_known():
    k = kernel_ir(
        same_in_both_branches, {"x": (32, 64), "out": (32, 64)}, x=tensor(), out=tensor(), s=scalar()
    )
    assert sized(k.shape_consts) == (("x", "tile_cols", 2),)


# --- errors ---------------------------------------------------------------------------------


def by_loop_var(x, out):
    for k in range(1, 4):
        out[0, 0:k] = x[0, 0:k]


def by_derived_var(x, out):
    for k in range(1, 4):
        w = k + 1
        out[0, 0:w] = x[0, 0:w]


def by_runtime_scalar(x, out, n):
    out[0, 0:n] = x[0, 0:n]


def by_program_id(x, out):
    out[0, 0:tt.program_id(0) + 1] = x[0, 0:1]


def by_carried_var(x, out):
    w = x.tile_shape[1]
    for k in range(3):
        out[0, 0:w] = x[0, 0:w]
        w = w - 1


def by_branches(x, out, s):
    if s > 0:
        w = 1
    else:
        w = 2
    out[0, 0:w] = x[0, 0:w]


def static_range_by_loop_var(x, out):
    for k in range(3):
        for j in tt.static_range(k):
            out[0, j] = x[0, j]


def zeros_by_runtime(x, out, n):
    out[0, 0] = tt.zeros((32, 32 * n), tt.float32)


@pytest.mark.parametrize(
    "fn, needle, message",
    [
        (by_loop_var, "0:k] = x", "the size of a block must be known at compile time, but it "
         "depends on the loop variable 'k'"),
        (by_derived_var, "0:w] = x", "depends on 'w', which depends on the loop variable 'k'"),
        (by_runtime_scalar, "0:n] = x", "depends on the runtime scalar parameter 'n' (annotate "
         "it `tt.constexpr`"),
        (by_program_id, "program_id(0) + 1]", "depends on tt.program_id(0), which differs from "
         "core to core"),
        (by_carried_var, "0:w] = x", "depends on 'w', which changes from one iteration of the "
         "loop at line"),
        (by_branches, "0:w] = x", "depends on 'w', which the branches of the `if` at line"),
        (static_range_by_loop_var, "static_range(k)", "a tt.static_range bound must be known at "
         "compile time, but it depends on the loop variable 'k'"),
        (zeros_by_runtime, "tt.zeros((32, 32 * n)", "the shape of tt.zeros must be known at "
         "compile time, but it depends on the runtime scalar parameter 'n'"),
    ],
)
def test_a_size_known_only_at_run_time_is_a_located_error(fn, needle, message):
    with pytest.raises(tt.TTLangTypeError) as info:
        kernel_ir(fn, {"x": (32, 128), "out": (32, 128)}, x=tensor(), out=tensor(), s=scalar(),
                  n=scalar("int"))
    text = str(info.value)
    assert message in text
    assert info.value.loc.line == line_of(fn, needle)
    assert text.startswith(f"{__file__}:{info.value.loc.line}:")
    assert "^" in text and "ttlang/" not in text.split("\n")[0].replace(__file__, "")


def too_wide(x, out):
    Nt = x.tile_shape[1]
    out[0, 0:Nt - 4] = x[0, 0:Nt - 4]


def test_a_shape_sized_block_that_is_empty_for_this_shape_is_a_located_error():
    with pytest.raises(tt.TTLangTypeError, match="a block of -2 tiles is empty") as info:
        kernel_ir(too_wide, {"x": (32, 64), "out": (32, 64)}, x=tensor(), out=tensor())
    assert info.value.loc.line == line_of(too_wide, "0:Nt - 4] = x")


def divides_by_a_shape(x, out):
    out[0, 0:1] = x[0, 0:8 // (x.tile_shape[1] - 2)]


def test_a_size_dividing_by_zero_for_this_shape_is_a_located_error():
    with pytest.raises(tt.TTLangTypeError, match="divides by zero for this launch's shapes") as e:
        kernel_ir(divides_by_a_shape, {"x": (32, 64), "out": (32, 64)}, x=tensor(), out=tensor())
    assert e.value.loc.line == line_of(divides_by_a_shape, "8 // (x.tile_shape[1] - 2)")
