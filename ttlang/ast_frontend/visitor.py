"""Python AST -> tile-level IR.

One visit_<Node> per supported construct; generic_visit rejects everything else by name (as
Triton's code generator does). visit() records the node being visited and turns any foreign
exception into a source-located error, so no traceback from inside ttlang reaches the user.
"""

from __future__ import annotations

import ast
import builtins
import inspect
import math
import types
from typing import Any

from .. import language as tl
from ..errors import (
    Loc,
    TTLangError,
    TTLangInternalError,
    TTLangNameError,
    TTLangSyntaxError,
    TTLangTypeError,
)
from ..ir import nodes as ir
from .expressions import ExpressionVisitor
from .source import KernelSource
from ..ir.ops import REDUCTIONS, Op
from ..ir.visit import stmt_exprs, walk_expr, walk_stmts
from .static import Static, dim_value
from .values import (
    LangBuiltin,
    LoopVarGone,
    MaybeUndefined,
    ParamSpec,
    PyBuiltin,
    TensorRef,
    positive,
    positive_vars,
)
from .values import const as _const

# Construct names for the "unsupported" message.
_CONSTRUCTS = {
    ast.While: "`while` loop",
    ast.Try: "`try` statement",
    ast.With: "`with` statement",
    ast.ListComp: "list comprehension",
    ast.SetComp: "set comprehension",
    ast.DictComp: "dict comprehension",
    ast.GeneratorExp: "generator expression",
    ast.Lambda: "lambda",
    ast.List: "list",
    ast.Dict: "dict",
    ast.Set: "set",
    ast.Raise: "`raise` statement",
    ast.Assert: "`assert` statement",
    ast.Delete: "`del` statement",
    ast.Global: "`global` statement",
    ast.Nonlocal: "`nonlocal` statement",
    ast.Import: "`import` statement",
    ast.ImportFrom: "`import` statement",
    ast.ClassDef: "class definition",
    ast.FunctionDef: "nested function definition",
    ast.AsyncFunctionDef: "async function",
    ast.Await: "await",
    ast.Yield: "`yield`",
    ast.YieldFrom: "`yield from`",
    ast.Break: "`break`",
    ast.Continue: "`continue`",
    ast.Starred: "starred expression",
    ast.JoinedStr: "f-string",
    ast.NamedExpr: "assignment expression (:=)",
    ast.IfExp: "conditional expression (x if c else y)",
    ast.Slice: "slice",
}

try:  # Python >= 3.10
    _CONSTRUCTS[ast.Match] = "`match` statement"
except AttributeError:  # pragma: no cover
    pass


class CodeGenerator(ExpressionVisitor, ast.NodeVisitor):
    """Builds a KernelIR from a kernel's AST for one specialisation of its parameters."""

    def __init__(
        self,
        source: KernelSource,
        fn_globals: dict,
        specs: dict[str, ParamSpec],
        shapes: dict[str, tuple[int, int]] | None = None,
    ):
        self.src = source
        self.globals = fn_globals
        self.specs = specs
        self.scope: dict[str, Any] = {}
        self.block: list[ir.Stmt] = []
        self.scalar_types: dict[str, ir.ScalarType] = {}
        self.tile_types: dict[str, ir.TileType] = {}
        self.params: list = []
        self.cur: ast.AST | None = None
        self.loop_depth = 0
        self.tensors: dict[str, TensorRef] = {}
        self.runtime_steps: list = []
        self.prefix = ""  # inside an inlined @tt.func: its locals' IR names start with this
        self.inlined = 0
        self.call_depth = 0
        self.static = Static(shapes)  # compile-time values, and the shape dims they read

    # -- infrastructure ---------------------------------------------------------------------

    def loc(self, node: ast.AST | None = None) -> Loc:
        return self.src.loc(node if node is not None else self.cur)

    def error(self, cls, msg: str, node: ast.AST | None = None, notes=()) -> TTLangError:
        return cls(msg, self.loc(node), notes)

    def visit(self, node: ast.AST):
        prev, self.cur = self.cur, node
        try:
            return super().visit(node)
        except TTLangError:
            raise
        except RecursionError:
            raise self.error(TTLangSyntaxError, "expression nested too deeply", node) from None
        except Exception as e:  # a bug in ttlang: still point at the user's line
            raise self.error(TTLangInternalError, f"{type(e).__name__}: {e}", node) from None
        finally:
            self.cur = prev

    def generic_visit(self, node: ast.AST):
        what = _CONSTRUCTS.get(type(node), f"`{type(node).__name__}`")
        raise self.error(TTLangSyntaxError, f"{what} is not supported in a kernel", node)

    def emit(self, stmt) -> None:
        self.block.append(stmt)

    def visit_block(self, stmts: list[ast.stmt]) -> tuple:
        saved, self.block = self.block, []
        for s in stmts:
            self.visit(s)
        out, self.block = tuple(self.block), saved
        return out

    # -- the function -----------------------------------------------------------------------

    def build(self) -> ir.KernelIR:
        fn = self.src.tree
        self.cur = fn
        a = fn.args
        if a.vararg or a.kwarg or a.kwonlyargs or a.posonlyargs:
            raise self.error(
                TTLangSyntaxError, "kernel parameters must be plain positional parameters", fn
            )
        for arg in a.args:
            spec = self.specs[arg.arg]
            loc = self.loc(arg)
            if spec.kind == "tensor":
                ref = TensorRef(arg.arg, spec.dtype, spec.unit, spec.ndim)
                self.tensors[arg.arg] = ref
                self.scope[arg.arg] = ref
                self.params.append(ir.TensorParam(arg.arg, spec.dtype, loc, spec.ndim))
            elif spec.kind == "scalar":
                self.scope[arg.arg] = ir.Param(arg.arg, spec.type, loc)
                self.params.append(ir.ScalarParam(arg.arg, spec.type, loc))
            else:
                self.scope[arg.arg] = self.pyvalue(spec.value, arg)
        body = fn.body
        if (
            body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            body = body[1:]  # docstring
        if body and isinstance(body[-1], ast.Return) and body[-1].value is None:
            body = body[:-1]
        stmts = self.visit_block(body)
        known_positive = positive_vars(stmts)
        for step, node in self.runtime_steps:
            if not positive(step, known_positive):
                raise self.error(
                    TTLangTypeError,
                    "a range step must be a constant or provably positive (like tt.num_programs(0), or a "
                    "variable only ever assigned such values)",
                    node,
                )
        aligned = self.whole_tiles(stmts)  # before shape_consts: it compiles in dims
        return ir.KernelIR(
            name=fn.name,
            file=self.src.file,
            loc=self.loc(fn),
            params=tuple(self.params),
            body=stmts,
            scalar_vars=tuple(sorted(self.scalar_types.items())),
            shape_consts=tuple(sorted((t, d, v) for (t, d), v in self.static.used.items())),
            aligned=aligned,
        )

    def whole_tiles(self, stmts) -> tuple[tuple[str, str], ...]:
        """The dims of the tensors this launch reads that are whole tiles (a multiple of 32):
        no mask is needed along them. Only a kernel with a reduction or a product masks at all,
        so only such a kernel specialises on them (recorded as compile-time dims 'rows_whole'
        and 'cols_whole', 0 or 1, in its cache key)."""
        if self.static.shapes is None:
            return ()
        loads, masks = set(), False
        for s in walk_stmts(stmts):
            for e in stmt_exprs(s):
                for n in walk_expr(e):
                    if isinstance(n, ir.Load):
                        loads.add(n.tensor)
                    elif isinstance(n, ir.TileOp) and (n.op in REDUCTIONS or n.op == Op.MATMUL):
                        masks = True
        out = []
        for t in sorted(loads) if masks else ():
            for dim in ("rows", "cols"):
                whole = dim_value(self.static.shapes[t], f"{dim}_whole")
                self.static.used[(t, f"{dim}_whole")] = whole
                if whole:
                    out.append((t, dim))
        return tuple(out)

    # -- @tt.func helpers -------------------------------------------------------------------

    def inline_call(self, f, args, kwargs, node):
        """Inlines a @tt.func helper: its body runs in a scope of its own (its parameters bound to
        the arguments, its globals its module's), its locals renamed apart; the value of its final
        `return` is the call's value."""
        name = f.fn.__name__
        if self.call_depth >= 16:
            raise self.error(
                TTLangSyntaxError, f"helper '{name}' is nested 16 calls deep (recursion?)", node
            )
        try:
            bound = inspect.signature(f.fn).bind(*args, **kwargs)
        except TypeError as e:
            raise self.error(TTLangTypeError, f"helper '{name}': {e}", node) from None
        bound.apply_defaults()
        src = f.source()
        body = list(src.tree.body)
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            body = body[1:]  # docstring
        if not body or not isinstance(body[-1], ast.Return) or body[-1].value is None:
            raise self.error(
                TTLangSyntaxError, f"helper '{name}' must end with `return <value>`", src.tree
            )
        saved = (self.src, self.globals, self.scope, self.prefix)
        self.src, self.globals = src, f.fn.__globals__
        self.scope = {
            k: (
                v
                if not isinstance(v, (bool, int, float)) or isinstance(v, tl.dtype)
                else self.pyvalue(v, node)
            )
            for k, v in bound.arguments.items()
        }
        self.prefix = f"{saved[3]}{name}{self.inlined}__"
        self.inlined += 1
        self.call_depth += 1
        try:
            for st in body[:-1]:
                self.visit(st)
            return self.visit(body[-1].value)
        finally:
            self.src, self.globals, self.scope, self.prefix = saved
            self.call_depth -= 1

    # -- name resolution --------------------------------------------------------------------

    def pyvalue(self, v, node):
        """A Python value from a constexpr or a global, as a kernel value."""
        if isinstance(v, (bool, int, float)) and not isinstance(v, tl.dtype):
            if isinstance(v, int) and not isinstance(v, bool) and not -(2**31) <= v < 2**31:
                raise self.error(TTLangTypeError, f"integer {v} does not fit in 32 bits", node)
            return _const(v, self.loc(node))
        if isinstance(v, tl.dtype):
            return v
        if isinstance(v, tuple):
            return tuple(self.pyvalue(x, node) for x in v)
        if isinstance(v, types.ModuleType) and v.__name__ in ("ttlang", "ttlang.language"):
            return v
        if getattr(v, "__ttlang_builtin__", None):
            return LangBuiltin(v.__ttlang_builtin__)
        if v is tl.constexpr or isinstance(v, tl.func):
            return v
        for name in ("range", "min", "max", "abs", "int", "float"):
            if v is getattr(builtins, name):
                return PyBuiltin(name)
        if v is math.inf or v is math.pi:
            return _const(v, self.loc(node))
        raise self.error(
            TTLangTypeError,
            f"a value of type {type(v).__name__} cannot be used in a kernel "
            "(kernels read ints, floats, bools, tuples of them and tt.* builtins)",
            node,
        )

    def lookup(self, name: str, node: ast.AST):
        if name in self.scope:
            v = self.scope[name]
            if isinstance(v, MaybeUndefined):
                raise self.error(
                    TTLangNameError,
                    f"'{name}' may be undefined here: it is assigned {v.where}",
                    node,
                )
            if isinstance(v, LoopVarGone):
                raise self.error(
                    TTLangNameError, f"loop variable '{name}' cannot be used after its loop", node
                )
            return v
        if name in self.globals:
            return self.pyvalue(self.globals[name], node)
        if hasattr(builtins, name):
            return self.pyvalue(getattr(builtins, name), node)
        raise self.error(TTLangNameError, f"name '{name}' is not defined", node)

    # -- statements -------------------------------------------------------------------------

    def visit_Pass(self, node: ast.Pass):
        pass

    def visit_Expr(self, node: ast.Expr):
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return  # a string used as a comment
        self.visit(node.value)
        raise self.error(
            TTLangSyntaxError, "this expression has no effect (assign or store its value)", node
        )

    def visit_Return(self, node: ast.Return):
        raise self.error(
            TTLangSyntaxError,
            "`return` is only allowed, without a value, at the end of a kernel",
            node,
        )

    def visit_AnnAssign(self, node: ast.AnnAssign):
        if node.value is None:
            raise self.error(
                TTLangSyntaxError, "a declaration without a value is not supported", node
            )
        self.assign(node.target, self.visit(node.value), node)

    def visit_Assign(self, node: ast.Assign):
        if len(node.targets) != 1:
            raise self.error(
                TTLangSyntaxError, "chained assignment (a = b = ...) is not supported", node
            )
        self.assign(node.targets[0], self.visit(node.value), node)

    def visit_AugAssign(self, node: ast.AugAssign):
        target = node.target
        if isinstance(target, ast.Name):
            current = self.lookup(target.id, target)
        elif isinstance(target, ast.Subscript):
            current = self.visit_Subscript(target)
        else:
            raise self.error(TTLangSyntaxError, "unsupported augmented assignment target", target)
        value = self.binary(node.op, current, self.visit(node.value), node)
        self.assign(target, value, node)

    def assign(self, target: ast.AST, value, node: ast.AST):
        if isinstance(target, ast.Tuple):
            if not isinstance(value, tuple):
                raise self.error(TTLangTypeError, "cannot unpack a non-tuple value", target)
            if len(value) != len(target.elts):
                raise self.error(
                    TTLangTypeError,
                    f"cannot unpack {len(value)} values into {len(target.elts)} names",
                    target,
                )
            for t, v in zip(target.elts, value):
                self.assign(t, v, node)
            return
        if isinstance(target, ast.Subscript):
            self.store(target, value, node)
            return
        if not isinstance(target, ast.Name):
            raise self.error(TTLangSyntaxError, "unsupported assignment target", target)
        name = target.id
        irname = self.prefix + name  # helpers' locals are renamed apart from the caller's
        if isinstance(self.scope.get(name), TensorRef):
            raise self.error(TTLangSyntaxError, f"cannot rebind tensor parameter '{name}'", target)
        loc = self.loc(node)
        if isinstance(value, tuple) or isinstance(value, (tl.dtype, LangBuiltin, PyBuiltin)):
            self.scope[name] = value  # a compile-time value: just a name for it
            return
        if isinstance(value, TensorRef):
            self.scope[name] = value  # an alias of a tensor parameter
            return
        if not hasattr(value, "type"):
            raise self.error(TTLangTypeError, "this value cannot be assigned to a variable", node)
        if isinstance(value.type, ir.TileType):
            prev = self.tile_types.get(irname)
            if irname in self.scalar_types:
                raise self.error(
                    TTLangTypeError, f"'{name}' was a scalar and cannot become a tile", target
                )
            if prev is not None and prev.shape != value.type.shape:
                raise self.error(
                    TTLangTypeError,
                    f"'{name}' changes shape from {prev.shape} to {value.type.shape}",
                    target,
                )
            if prev is None:
                self.tile_types[irname] = value.type
            self.emit(ir.TileAssign(irname, value, loc))
            self.scope[name] = ir.TileVar(irname, self.tile_types[irname], loc)
            return
        prev = self.scalar_types.get(irname)
        if irname in self.tile_types:
            raise self.error(
                TTLangTypeError, f"'{name}' was a tile and cannot become a scalar", target
            )
        if prev is not None and prev != value.type:
            if prev == ir.FLOAT and value.type in (ir.INT, ir.BOOL):
                value = ir.UnOp("float", value, ir.FLOAT, value.loc)
            else:
                raise self.error(
                    TTLangTypeError, f"'{name}' changes type from {prev} to {value.type}", target
                )
        self.scalar_types.setdefault(irname, value.type)
        self.static.assigned(irname, value)
        self.emit(ir.Assign(irname, value, loc))
        self.scope[name] = ir.Var(irname, self.scalar_types[irname], loc)

    def store(self, target: ast.Subscript, value, node: ast.AST):
        tensor = self.visit(target.value)
        if not isinstance(tensor, TensorRef):
            raise self.error(
                TTLangTypeError, "only tensor parameters can be stored into", target.value
            )
        index, extent = self.tile_index(target, tensor)
        shape = tensor.block_shape(extent)
        if isinstance(value, ir.Const) or (
            hasattr(value, "type") and isinstance(value.type, ir.ScalarType)
        ):
            value = ir.Full(
                self.as_float(value, node), ir.TileType(tensor.dtype, shape), self.loc(node)
            )
        if not hasattr(value, "type") or not isinstance(value.type, ir.TileType):
            raise self.error(
                TTLangTypeError, f"cannot store this value into tensor '{tensor.name}'", node
            )
        r, c = value.type.shape
        # A one-row (one-column) tensor's tile is a tile whose real region is its first row
        # (column): a whole tile stored into it keeps that row, as in any tensor's last tile.
        whole = tuple(t == 1 and v == 32 * n for v, t, n in zip((r, c), shape, extent))
        fits = all(v in (1, t) for v, t in zip((r, c), shape))
        if any(whole) and not fits:  # the other dim must match exactly (no broadcast either)
            fits = all(w or v == t for v, t, w in zip((r, c), shape, whole))
        if not fits:
            raise self.error(
                TTLangTypeError,
                f"cannot store a ({r}, {c}) value into {tensor.name}[...], a ({shape[0]}, {shape[1]}) "
                "block of tiles",
                node,
            )
        self.emit(ir.Store(tensor.name, index, value, self.loc(node), extent, shape))

    def visit_If(self, node: ast.If):
        cond = self.visit(node.test)
        if hasattr(cond, "type") and isinstance(cond.type, ir.TileType):
            raise self.error(
                TTLangTypeError,
                "branching on a tile value is not supported: tiles live on the compute engine; "
                "use tt.maximum/tt.minimum or arithmetic instead",
                node.test,
            )
        cond = self.as_scalar(cond, node.test)
        if isinstance(cond, ir.Const):  # decided at compile time (constexprs): keep one branch
            taken = node.body if cond.value else node.orelse
            for s in taken:
                self.visit(s)
            return
        before = dict(self.scope)
        defs_before = dict(self.static.defs)
        then = self.visit_block(node.body)
        after_then, defs_then = self.scope, self.static.defs
        self.scope = dict(before)
        self.static.defs = dict(defs_before)
        orelse = self.visit_block(node.orelse)
        after_else = self.scope
        self.scope = self.merge_scopes(before, after_then, after_else)
        self.static.merge(
            defs_then,
            self.static.defs,
            f"which the branches of the `if` at line {self.loc(node).line} assign differently",
        )
        self.emit(ir.If(cond, then, orelse, self.loc(node)))

    @staticmethod
    def merge_scopes(before, a, b):
        """Names bound the same way on both paths stay bound; the others may be undefined."""
        merged = dict(before)
        for name in set(a) | set(b):
            va, vb = a.get(name), b.get(name)
            if va is None and vb is None:
                continue
            if (
                va is not None
                and vb is not None
                and not isinstance(va, MaybeUndefined)
                and va == vb
            ):
                merged[name] = va
            else:
                merged[name] = MaybeUndefined(
                    "in only one branch of an `if` (or differently in each)"
                )
        return merged

    def visit_For(self, node: ast.For):
        if node.orelse:
            raise self.error(TTLangSyntaxError, "`for ... else` is not supported", node)
        if not isinstance(node.target, ast.Name):
            raise self.error(
                TTLangSyntaxError, "the loop target must be a single name", node.target
            )
        it = node.iter
        if not isinstance(it, ast.Call):
            raise self.error(
                TTLangSyntaxError,
                "kernels loop over range(...), tt.program_range(...) or tt.static_range(...)",
                it,
            )
        fn = self.visit(it.func)
        args = [self.visit(a) for a in it.args]
        if it.keywords:
            raise self.error(TTLangSyntaxError, "keyword arguments are not supported here", it)
        var = node.target.id
        if isinstance(fn, PyBuiltin) and fn.name == "range":
            start, stop, step = self.range_args(args, it)
            self.loop(node, var, start, stop, step, "range")
        elif isinstance(fn, LangBuiltin) and fn.name == "program_range":
            if len(args) != 1:
                raise self.error(
                    TTLangTypeError, "tt.program_range takes one argument, the total count", it
                )
            n = self.as_int(args[0], it.args[0])
            loc = self.loc(it)
            self.loop(
                node,
                var,
                ir.ShareBound(n, False, loc),
                ir.ShareBound(n, True, loc),
                _const(1),
                "program_range",
            )
        elif isinstance(fn, LangBuiltin) and fn.name == "static_range":
            if not 1 <= len(args) <= 3:
                raise self.error(
                    TTLangTypeError, f"range expects 1 to 3 arguments, got {len(args)}", it
                )
            bounds = [
                self.compile_time_int(self.as_int(a, n), n, "a tt.static_range bound")
                for a, n in zip(args, it.args)
            ]
            if len(bounds) == 3 and bounds[2] == 0:
                raise self.error(TTLangTypeError, "range() step must not be zero", it.args[2])
            values = range(*bounds)
            if len(values) > 1024:
                raise self.error(
                    TTLangTypeError,
                    f"tt.static_range unrolls {len(values)} iterations (max 1024)",
                    it,
                )
            saved = self.scope.get(var)
            for k in values:
                self.scope[var] = _const(k, self.loc(node.target))
                for s in node.body:
                    self.visit(s)
            if saved is None:
                self.scope[var] = LoopVarGone(var)
            else:
                self.scope[var] = saved
        else:
            raise self.error(
                TTLangSyntaxError,
                "kernels loop over range(...), tt.program_range(...) or tt.static_range(...)",
                it,
            )

    def range_args(self, args, call):
        if not 1 <= len(args) <= 3:
            raise self.error(
                TTLangTypeError, f"range expects 1 to 3 arguments, got {len(args)}", call
            )
        ints = [self.as_int(a, n) for a, n in zip(args, call.args)]
        if len(ints) == 1:
            start, stop, step = _const(0), ints[0], _const(1)
        elif len(ints) == 2:
            (start, stop), step = ints, _const(1)
        else:
            start, stop, step = ints
        if isinstance(step, ir.Const) and step.value == 0:
            raise self.error(TTLangTypeError, "range() step must not be zero", call.args[2])
        if not isinstance(step, ir.Const):
            self.runtime_steps.append(
                (step, call.args[2])
            )  # checked once the whole kernel is known
        return start, stop, step

    def loop(self, node: ast.For, var: str, start, stop, step, kind: str):
        irvar = self.prefix + var
        if var in self.tensors or irvar in self.scalar_types or irvar in self.tile_types:
            raise self.error(
                TTLangSyntaxError,
                f"the loop variable '{var}' reuses the name of another variable",
                node.target,
            )
        before = dict(self.scope)
        self.scope[var] = ir.Var(irvar, ir.INT, self.loc(node.target))
        self.static.loop_vars.add(irvar)
        # A variable the body assigns may hold last iteration's value where the body reads it,
        # and the loop may run zero times: its definition before the loop does not hold inside.
        line = self.loc(node).line
        changes = f"which changes from one iteration of the loop at line {line} to the next"
        carried = {self.prefix + n for n in _assigned_names(node.body)}
        defs_before = dict(self.static.defs)
        for name in carried:
            self.static.forget(name, changes)
        self.loop_depth += 1
        body = self.visit_block(node.body)
        self.loop_depth -= 1
        self.static.merge(defs_before, self.static.defs, changes)
        after = self.scope
        merged = dict(before)
        for name, v in after.items():
            if name == var:
                continue
            if name in before:
                merged[name] = v if not isinstance(before[name], MaybeUndefined) else before[name]
            else:
                merged[name] = MaybeUndefined("only inside a loop (which may run zero times)")
        merged[var] = LoopVarGone(var) if var not in before else before[var]
        self.scope = merged
        self.emit(ir.For(irvar, start, stop, step, body, kind, self.loc(node)))


def _assigned_names(stmts) -> set[str]:
    """The names a block of statements assigns (its scalar variables among them)."""
    out = set()
    for st in stmts:
        for n in ast.walk(st):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                out.add(n.id)
    return out


def build_ir(
    source: KernelSource,
    fn_globals: dict,
    specs: dict[str, ParamSpec],
    shapes: dict[str, tuple[int, int]] | None = None,
) -> ir.KernelIR:
    """The kernel's IR for one specialisation of its parameters. `shapes` (tensor -> element
    shape) are the launch's: a dimension that reaches a compile-time position is read from them,
    and listed in the result's shape_consts."""
    return CodeGenerator(source, fn_globals, specs, shapes).build()
