"""Python AST -> tile-level IR.

One visit_<Node> per supported construct; generic_visit rejects everything else by name (as
Triton's code generator does). visit() records the node being visited and turns any foreign
exception into a source-located error, so no traceback from inside ttlang reaches the user.
"""

from __future__ import annotations

import ast
import builtins
import math
import types
from dataclasses import dataclass
from typing import Any

from .. import language as tl
from ..errors import Loc, TTLangError, TTLangInternalError, TTLangNameError, TTLangSyntaxError, TTLangTypeError
from ..ir import nodes as ir
from ..ir.ops import BINARY_BUILTINS, UNARY_BUILTINS, Op
from .source import KernelSource

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


@dataclass(frozen=True)
class ParamSpec:
    """How one kernel parameter is specialised: a tensor of a dtype, a runtime scalar of a type,
    or a compile-time constant."""

    kind: str  # "tensor" | "scalar" | "constexpr"
    dtype: tl.dtype | None = None
    type: ir.ScalarType | None = None
    value: Any = None


@dataclass(frozen=True)
class TensorRef:
    name: str
    dtype: tl.dtype


@dataclass(frozen=True)
class PyBuiltin:
    name: str  # range | min | max | abs | int | float


@dataclass(frozen=True)
class LangBuiltin:
    name: str


class _MaybeUndefined:
    """A name assigned on some paths only (one branch of an if, inside a loop)."""

    def __init__(self, where: str):
        self.where = where


class _LoopVarGone:
    def __init__(self, name: str):
        self.name = name


def _positive(e, known: frozenset = frozenset()) -> bool:
    """Whether an int expression is provably >= 1 (a loop step that counts up), given variables
    known to be."""
    if isinstance(e, ir.Const):
        return e.value >= 1
    if isinstance(e, (ir.NumPrograms, ir.TensorDim)):
        return True
    if isinstance(e, ir.Var):
        return e.name in known
    if isinstance(e, ir.BinOp) and e.op in ("*", "+", "max"):
        return _positive(e.lhs, known) and _positive(e.rhs, known)
    return False


def _positive_vars(body) -> frozenset:
    """Scalar variables every assignment of which is provably >= 1 (to a fixpoint)."""
    from ..ir.visit import walk_stmts

    assigns: dict[str, list] = {}
    for s in walk_stmts(body):
        if isinstance(s, ir.Assign):
            assigns.setdefault(s.name, []).append(s.value)
    known: frozenset = frozenset()
    while True:
        new = frozenset(v for v, vals in assigns.items() if all(_positive(x, known) for x in vals))
        if new == known:
            return known
        known = new


def _const(value, loc=None) -> ir.Const:
    if isinstance(value, bool):
        return ir.Const(value, ir.BOOL, loc)
    if isinstance(value, int):
        return ir.Const(value, ir.INT, loc)
    return ir.Const(float(value), ir.FLOAT, loc)


class CodeGenerator(ast.NodeVisitor):
    """Builds a KernelIR from a kernel's AST for one specialisation of its parameters."""

    def __init__(self, source: KernelSource, fn_globals: dict, specs: dict[str, ParamSpec]):
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
            raise self.error(TTLangSyntaxError, "kernel parameters must be plain positional parameters", fn)
        for arg in a.args:
            spec = self.specs[arg.arg]
            loc = self.loc(arg)
            if spec.kind == "tensor":
                ref = TensorRef(arg.arg, spec.dtype)
                self.tensors[arg.arg] = ref
                self.scope[arg.arg] = ref
                self.params.append(ir.TensorParam(arg.arg, spec.dtype, loc))
            elif spec.kind == "scalar":
                self.scope[arg.arg] = ir.Param(arg.arg, spec.type, loc)
                self.params.append(ir.ScalarParam(arg.arg, spec.type, loc))
            else:
                self.scope[arg.arg] = self.pyvalue(spec.value, arg)
        body = fn.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and isinstance(
            body[0].value.value, str
        ):
            body = body[1:]  # docstring
        if body and isinstance(body[-1], ast.Return) and body[-1].value is None:
            body = body[:-1]
        stmts = self.visit_block(body)
        positive = _positive_vars(stmts)
        for step, node in self.runtime_steps:
            if not _positive(step, positive):
                raise self.error(
                    TTLangTypeError,
                    "a range step must be a constant or provably positive (like tt.num_programs(0), or a "
                    "variable only ever assigned such values)",
                    node,
                )
        return ir.KernelIR(
            name=fn.name,
            file=self.src.file,
            loc=self.loc(fn),
            params=tuple(self.params),
            body=stmts,
            scalar_vars=tuple(sorted(self.scalar_types.items())),
        )

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
        if v is tl.constexpr:
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
            if isinstance(v, _MaybeUndefined):
                raise self.error(TTLangNameError, f"'{name}' may be undefined here: it is assigned {v.where}", node)
            if isinstance(v, _LoopVarGone):
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
        raise self.error(TTLangSyntaxError, "this expression has no effect (assign or store its value)", node)

    def visit_Return(self, node: ast.Return):
        raise self.error(TTLangSyntaxError, "`return` is only allowed, without a value, at the end of a kernel", node)

    def visit_AnnAssign(self, node: ast.AnnAssign):
        if node.value is None:
            raise self.error(TTLangSyntaxError, "a declaration without a value is not supported", node)
        self.assign(node.target, self.visit(node.value), node)

    def visit_Assign(self, node: ast.Assign):
        if len(node.targets) != 1:
            raise self.error(TTLangSyntaxError, "chained assignment (a = b = ...) is not supported", node)
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
                    TTLangTypeError, f"cannot unpack {len(value)} values into {len(target.elts)} names", target
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
            prev = self.tile_types.get(name)
            if name in self.scalar_types:
                raise self.error(TTLangTypeError, f"'{name}' was a scalar and cannot become a tile", target)
            if prev is not None and prev.shape != value.type.shape:
                raise self.error(
                    TTLangTypeError,
                    f"'{name}' changes shape from {prev.shape} to {value.type.shape}",
                    target,
                )
            if prev is None:
                self.tile_types[name] = value.type
            self.emit(ir.TileAssign(name, value, loc))
            self.scope[name] = ir.TileVar(name, self.tile_types[name], loc)
            return
        prev = self.scalar_types.get(name)
        if name in self.tile_types:
            raise self.error(TTLangTypeError, f"'{name}' was a tile and cannot become a scalar", target)
        if prev is not None and prev != value.type:
            if prev == ir.FLOAT and value.type in (ir.INT, ir.BOOL):
                value = ir.UnOp("float", value, ir.FLOAT, value.loc)
            else:
                raise self.error(TTLangTypeError, f"'{name}' changes type from {prev} to {value.type}", target)
        self.scalar_types.setdefault(name, value.type)
        self.emit(ir.Assign(name, value, loc))
        self.scope[name] = ir.Var(name, self.scalar_types[name], loc)

    def store(self, target: ast.Subscript, value, node: ast.AST):
        tensor = self.visit(target.value)
        if not isinstance(tensor, TensorRef):
            raise self.error(TTLangTypeError, "only tensor parameters can be stored into", target.value)
        index = self.tile_index(target, tensor)
        if isinstance(value, ir.Const) or (hasattr(value, "type") and isinstance(value.type, ir.ScalarType)):
            value = ir.Full(self.as_float(value, node), ir.TileType(tensor.dtype), self.loc(node))
        if not hasattr(value, "type") or not isinstance(value.type, ir.TileType):
            raise self.error(TTLangTypeError, f"cannot store this value into tensor '{tensor.name}'", node)
        if value.type.shape != (32, 32):
            raise self.error(
                TTLangTypeError,
                f"cannot store a {value.type.shape[0]}x{value.type.shape[1]} value into one tile "
                f"{tensor.name}[...] (32x32)",
                node,
            )
        self.emit(ir.Store(tensor.name, index, value, self.loc(node)))

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
        then = self.visit_block(node.body)
        after_then = self.scope
        self.scope = dict(before)
        orelse = self.visit_block(node.orelse)
        after_else = self.scope
        self.scope = self.merge_scopes(before, after_then, after_else)
        self.emit(ir.If(cond, then, orelse, self.loc(node)))

    @staticmethod
    def merge_scopes(before, a, b):
        """Names bound the same way on both paths stay bound; the others may be undefined."""
        merged = dict(before)
        for name in set(a) | set(b):
            va, vb = a.get(name), b.get(name)
            if va is None and vb is None:
                continue
            if va is not None and vb is not None and not isinstance(va, _MaybeUndefined) and va == vb:
                merged[name] = va
            else:
                merged[name] = _MaybeUndefined("in only one branch of an `if` (or differently in each)")
        return merged

    def visit_For(self, node: ast.For):
        if node.orelse:
            raise self.error(TTLangSyntaxError, "`for ... else` is not supported", node)
        if not isinstance(node.target, ast.Name):
            raise self.error(TTLangSyntaxError, "the loop target must be a single name", node.target)
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
                raise self.error(TTLangTypeError, "tt.program_range takes one argument, the total count", it)
            n = self.as_int(args[0], it.args[0])
            loc = self.loc(it)
            self.loop(node, var, ir.ShareBound(n, False, loc), ir.ShareBound(n, True, loc), _const(1), "program_range")
        elif isinstance(fn, LangBuiltin) and fn.name == "static_range":
            start, stop, step = self.range_args(args, it)
            if not all(isinstance(x, ir.Const) for x in (start, stop)):
                raise self.error(TTLangTypeError, "tt.static_range bounds must be compile-time constants", it)
            if not isinstance(step, ir.Const):
                raise self.error(TTLangTypeError, "tt.static_range step must be a compile-time constant", it)
            values = range(start.value, stop.value, step.value)
            if len(values) > 1024:
                raise self.error(TTLangTypeError, f"tt.static_range unrolls {len(values)} iterations (max 1024)", it)
            saved = self.scope.get(var)
            for k in values:
                self.scope[var] = _const(k, self.loc(node.target))
                for s in node.body:
                    self.visit(s)
            if saved is None:
                self.scope[var] = _LoopVarGone(var)
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
            raise self.error(TTLangTypeError, f"range expects 1 to 3 arguments, got {len(args)}", call)
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
            self.runtime_steps.append((step, call.args[2]))  # checked once the whole kernel is known
        return start, stop, step

    def loop(self, node: ast.For, var: str, start, stop, step, kind: str):
        if var in self.tensors or var in self.scalar_types or var in self.tile_types:
            raise self.error(TTLangSyntaxError, f"the loop variable '{var}' reuses the name of another variable", node.target)
        before = dict(self.scope)
        self.scope[var] = ir.Var(var, ir.INT, self.loc(node.target))
        self.loop_depth += 1
        body = self.visit_block(node.body)
        self.loop_depth -= 1
        after = self.scope
        merged = dict(before)
        for name, v in after.items():
            if name == var:
                continue
            if name in before:
                merged[name] = v if not isinstance(before[name], _MaybeUndefined) else before[name]
            else:
                merged[name] = _MaybeUndefined("only inside a loop (which may run zero times)")
        merged[var] = _LoopVarGone(var) if var not in before else before[var]
        self.scope = merged
        self.emit(ir.For(var, start, stop, step, body, kind, self.loc(node)))

    # -- expressions ------------------------------------------------------------------------

    def visit_Constant(self, node: ast.Constant):
        if isinstance(node.value, (bool, int, float)):
            return self.pyvalue(node.value, node)
        raise self.error(TTLangTypeError, f"{type(node.value).__name__} constants are not supported in kernels", node)

    def visit_Name(self, node: ast.Name):
        return self.lookup(node.id, node)

    def visit_Tuple(self, node: ast.Tuple):
        return tuple(self.visit(e) for e in node.elts)

    def visit_Attribute(self, node: ast.Attribute):
        base = self.visit(node.value)
        attr = node.attr
        if isinstance(base, types.ModuleType):
            if not hasattr(base, attr):
                raise self.error(TTLangNameError, f"tt.{attr} does not exist", node)
            return self.pyvalue(getattr(base, attr), node)
        if isinstance(base, TensorRef):
            loc = self.loc(node)
            dims = {k: ir.TensorDim(base.name, k, loc) for k in ("rows", "cols", "tile_rows", "tile_cols")}
            if attr == "shape":
                return (dims["rows"], dims["cols"])
            if attr == "tile_shape":
                return (dims["tile_rows"], dims["tile_cols"])
            if attr == "num_tiles":
                return ir.BinOp("*", dims["tile_rows"], dims["tile_cols"], ir.INT, loc)
            if attr == "dtype":
                return base.dtype
            raise self.error(
                TTLangNameError,
                f"tensor '{base.name}' has no attribute '{attr}' (kernels read .shape, .tile_shape, "
                ".num_tiles and .dtype)",
                node,
            )
        raise self.error(TTLangTypeError, f"'.{attr}' is not supported on this value", node)

    def visit_Subscript(self, node: ast.Subscript):
        base = self.visit(node.value)
        if isinstance(base, tuple):
            idx = self.visit(node.slice)
            if not isinstance(idx, ir.Const) or idx.type != ir.INT:
                raise self.error(TTLangTypeError, "tuples are indexed with integer constants", node.slice)
            try:
                return base[idx.value]
            except IndexError:
                raise self.error(TTLangTypeError, f"index {idx.value} is out of range for a {len(base)}-tuple", node) from None
        if not isinstance(base, TensorRef):
            raise self.error(TTLangTypeError, "only tensors and tuples can be indexed", node.value)
        index = self.tile_index(node, base)
        return ir.Load(base.name, index, ir.TileType(base.dtype), self.loc(node))

    def tile_index(self, node: ast.Subscript, tensor: TensorRef) -> tuple:
        sl = node.slice
        if isinstance(sl, ast.Slice) or (isinstance(sl, ast.Tuple) and any(isinstance(e, ast.Slice) for e in sl.elts)):
            raise self.error(
                TTLangSyntaxError, "blocks of tiles (slices) are not supported yet: index one tile at a time", sl
            )
        parts = sl.elts if isinstance(sl, ast.Tuple) else [sl]
        if len(parts) not in (1, 2):
            raise self.error(
                TTLangTypeError, f"a tensor is indexed by x[t] or x[i, j] in tiles, not {len(parts)} indices", sl
            )
        out = []
        for p in parts:
            v = self.as_int(self.visit(p), p)
            if isinstance(v, ir.Const) and v.value < 0:
                raise self.error(TTLangTypeError, f"tile index {v.value} is negative", p)
            out.append(v)
        return tuple(out)

    def visit_BinOp(self, node: ast.BinOp):
        return self.binary(node.op, self.visit(node.left), self.visit(node.right), node)

    _BINOPS = {
        ast.Add: "+",
        ast.Sub: "-",
        ast.Mult: "*",
        ast.Div: "/",
        ast.FloorDiv: "//",
        ast.Mod: "%",
    }
    _TILE_BINOPS = {"+": Op.ADD, "-": Op.SUB, "*": Op.MUL, "/": Op.DIV}

    def binary(self, op: ast.operator, lhs, rhs, node: ast.AST):
        if isinstance(op, ast.MatMult):
            raise self.error(TTLangSyntaxError, "matrix multiplication (@) is not supported yet", node)
        sym = self._BINOPS.get(type(op))
        if sym is None:
            raise self.error(TTLangSyntaxError, f"operator {type(op).__name__} is not supported", node)
        if self.is_tile(lhs) or self.is_tile(rhs):
            if sym not in self._TILE_BINOPS:
                raise self.error(TTLangTypeError, f"operator {sym} is not defined on tiles", node)
            return self.tile_op(self._TILE_BINOPS[sym], [lhs, rhs], node)
        return self.scalar_binop(sym, lhs, rhs, node)

    def scalar_binop(self, sym: str, lhs, rhs, node):
        a = self.as_scalar(lhs, node)
        b = self.as_scalar(rhs, node)
        loc = self.loc(node)
        if sym in ("//", "%"):
            if ir.FLOAT in (a.type, b.type):
                raise self.error(TTLangTypeError, f"{sym} is supported on integers only", node)
            t = ir.INT
        elif sym == "/":
            t = ir.FLOAT
        elif sym in ("<", "<=", ">", ">=", "==", "!=", "and", "or"):
            t = ir.BOOL
        else:
            t = ir.FLOAT if ir.FLOAT in (a.type, b.type) else ir.INT
        if isinstance(a, ir.Const) and isinstance(b, ir.Const):
            return self.fold(sym, a, b, t, node)
        if sym in ("+", "-", "*", "min", "max") and t == ir.INT:
            a, b = self.as_int(a, node), self.as_int(b, node)
        elif t == ir.FLOAT or (t == ir.BOOL and ir.FLOAT in (a.type, b.type) and sym not in ("and", "or")):
            a, b = self.as_float(a, node), self.as_float(b, node)
        if sym in ("//", "%") and isinstance(b, ir.Const) and b.value == 0:
            raise self.error(TTLangTypeError, "integer division by zero", node)
        return ir.BinOp(sym, a, b, t, loc)

    def fold(self, sym, a: ir.Const, b: ir.Const, t, node):
        x, y = a.value, b.value
        try:
            r = {
                "+": lambda: x + y,
                "-": lambda: x - y,
                "*": lambda: x * y,
                "/": lambda: x / y,
                "//": lambda: x // y,
                "%": lambda: x % y,
                "min": lambda: min(x, y),
                "max": lambda: max(x, y),
                "<": lambda: x < y,
                "<=": lambda: x <= y,
                ">": lambda: x > y,
                ">=": lambda: x >= y,
                "==": lambda: x == y,
                "!=": lambda: x != y,
                "and": lambda: bool(x) and bool(y),
                "or": lambda: bool(x) or bool(y),
            }[sym]()
        except ZeroDivisionError:
            raise self.error(TTLangTypeError, "division by zero", node) from None
        if t == ir.INT:
            r = int(r)
        elif t == ir.FLOAT:
            r = float(r)
        return self.pyvalue(r, node)

    def visit_UnaryOp(self, node: ast.UnaryOp):
        v = self.visit(node.operand)
        if isinstance(node.op, ast.UAdd):
            return v
        if isinstance(node.op, ast.USub):
            if self.is_tile(v):
                return self.tile_op(Op.NEG, [v], node)
            v = self.as_scalar(v, node)
            if isinstance(v, ir.Const):
                return self.pyvalue(-v.value if v.type != ir.BOOL else -int(v.value), node)
            return ir.UnOp("-", v, ir.INT if v.type == ir.BOOL else v.type, self.loc(node))
        if isinstance(node.op, ast.Not):
            v = self.as_scalar(v, node)
            if isinstance(v, ir.Const):
                return self.pyvalue(not v.value, node)
            return ir.UnOp("not", v, ir.BOOL, self.loc(node))
        raise self.error(TTLangSyntaxError, f"operator {type(node.op).__name__} is not supported", node)

    _CMPOPS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}

    def visit_Compare(self, node: ast.Compare):
        left = self.visit(node.left)
        result = None
        for op, right_node in zip(node.ops, node.comparators):
            sym = self._CMPOPS.get(type(op))
            if sym is None:
                raise self.error(TTLangSyntaxError, f"comparison {type(op).__name__} is not supported", node)
            right = self.visit(right_node)
            if self.is_tile(left) or self.is_tile(right):
                raise self.error(
                    TTLangTypeError,
                    "comparing tiles is not supported: a comparison must produce one scalar for `if`",
                    node,
                )
            c = self.scalar_binop(sym, left, right, node)
            result = c if result is None else self.scalar_binop("and", result, c, node)
            left = right
        return result

    def visit_BoolOp(self, node: ast.BoolOp):
        sym = "and" if isinstance(node.op, ast.And) else "or"
        vals = [self.visit(v) for v in node.values]
        for v, n in zip(vals, node.values):
            if self.is_tile(v):
                raise self.error(TTLangTypeError, f"`{sym}` on a tile value is not supported", n)
        out = vals[0]
        for v in vals[1:]:
            out = self.scalar_binop(sym, out, v, node)
        return out

    def visit_Call(self, node: ast.Call):
        fn = self.visit(node.func)
        args = [self.visit(a) for a in node.args]
        kwargs = {k.arg: self.visit(k.value) for k in node.keywords}
        if None in kwargs:
            raise self.error(TTLangSyntaxError, "**kwargs is not supported", node)
        if isinstance(fn, LangBuiltin):
            return self.lang_call(fn.name, args, kwargs, node)
        if isinstance(fn, PyBuiltin):
            return self.py_call(fn.name, args, kwargs, node)
        raise self.error(TTLangTypeError, "this value is not callable in a kernel", node.func)

    def lang_call(self, name: str, args, kwargs, node):
        loc = self.loc(node)
        if name in UNARY_BUILTINS:
            self.arity(name, args, kwargs, 1, node)
            if not self.is_tile(args[0]):
                raise self.error(TTLangTypeError, f"tt.{name} expects a tile, got a scalar", node)
            return self.tile_op(UNARY_BUILTINS[name], args, node)
        if name in BINARY_BUILTINS:
            self.arity(name, args, kwargs, 2, node)
            if not (self.is_tile(args[0]) or self.is_tile(args[1])):
                raise self.error(TTLangTypeError, f"tt.{name} expects at least one tile", node)
            return self.tile_op(BINARY_BUILTINS[name], args, node)
        if name in ("program_id", "num_programs"):
            self.arity(name, args, kwargs, 1, node, allowed_kw=("axis",))
            axis = args[0] if args else kwargs["axis"]
            if not isinstance(axis, ir.Const) or axis.value not in (0, 1):
                raise self.error(TTLangTypeError, f"tt.{name}(axis): axis must be the constant 0 or 1", node)
            return ir.ProgramId(axis.value, loc) if name == "program_id" else ir.NumPrograms(axis.value, loc)
        if name in ("zeros", "full"):
            return self.constructor(name, args, kwargs, node)
        if name in ("program_range", "static_range"):
            raise self.error(TTLangSyntaxError, f"tt.{name} can only be used as the iterable of a `for` loop", node)
        raise self.error(TTLangSyntaxError, f"tt.{name} is not supported yet", node)

    def arity(self, name, args, kwargs, n, node, allowed_kw=()):
        extra = set(kwargs) - set(allowed_kw)
        if extra:
            raise self.error(TTLangTypeError, f"tt.{name} got an unexpected keyword argument '{sorted(extra)[0]}'", node)
        if len(args) + len(kwargs) != n:
            raise self.error(TTLangTypeError, f"tt.{name} takes {n} argument(s), got {len(args) + len(kwargs)}", node)

    def constructor(self, name, args, kwargs, node):
        names = ["shape", "dtype"] if name == "zeros" else ["shape", "value", "dtype"]
        if len(args) > len(names):
            raise self.error(TTLangTypeError, f"tt.{name} takes at most {len(names)} arguments", node)
        bound = dict(zip(names, args))
        for k, v in kwargs.items():
            if k not in names or k in bound:
                raise self.error(TTLangTypeError, f"tt.{name} got an unexpected argument '{k}'", node)
            bound[k] = v
        if "shape" not in bound or (name == "full" and "value" not in bound):
            raise self.error(TTLangTypeError, f"tt.{name} is missing arguments ({', '.join(names[:-1])})", node)
        shape = bound["shape"]
        if not (
            isinstance(shape, tuple)
            and len(shape) == 2
            and all(isinstance(s, ir.Const) and s.type == ir.INT for s in shape)
        ):
            raise self.error(TTLangTypeError, f"tt.{name}: shape must be a tuple of two integer constants", node)
        rows, cols = shape[0].value, shape[1].value
        if rows <= 0 or cols <= 0 or rows % 32 or cols % 32:
            raise self.error(
                TTLangTypeError,
                f"tt.{name}: shape ({rows}, {cols}) must be whole 32x32 tiles",
                node,
            )
        dt = bound.get("dtype", tl.float32)
        if not isinstance(dt, tl.dtype):
            raise self.error(TTLangTypeError, f"tt.{name}: dtype must be tt.float32 or tt.bfloat16", node)
        value = _const(0.0) if name == "zeros" else self.as_float(bound["value"], node)
        return ir.Full(value, ir.TileType(dt, (rows, cols)), self.loc(node))

    def py_call(self, name: str, args, kwargs, node):
        if kwargs:
            raise self.error(TTLangTypeError, f"{name}() takes no keyword arguments in a kernel", node)
        if name == "range":
            raise self.error(TTLangSyntaxError, "range() can only be used as the iterable of a `for` loop", node)
        if name in ("min", "max"):
            if len(args) < 2:
                raise self.error(TTLangTypeError, f"{name}() needs at least two arguments", node)
            if any(self.is_tile(a) for a in args):
                raise self.error(TTLangTypeError, f"use tt.{name}imum for tiles; {name}() is for scalars", node)
            out = args[0]
            for a in args[1:]:
                out = self.scalar_binop(name, out, a, node)
            return out
        if len(args) != 1:
            raise self.error(TTLangTypeError, f"{name}() takes one argument", node)
        v = args[0]
        if name == "abs":
            if self.is_tile(v):
                return self.tile_op(Op.ABS, [v], node)
            v = self.as_scalar(v, node)
            if isinstance(v, ir.Const):
                return self.pyvalue(builtins.abs(v.value), node)
            return self.scalar_binop("max", v, ir.UnOp("-", v, v.type, self.loc(node)), node)
        v = self.as_scalar(v, node)
        if name == "int":
            if isinstance(v, ir.Const):
                return self.pyvalue(int(v.value), node)
            return v if v.type == ir.INT else ir.UnOp("int", v, ir.INT, self.loc(node))
        if name == "float":
            return self.as_float(v, node)
        raise self.error(TTLangSyntaxError, f"{name}() is not supported in kernels", node)

    # -- tiles ------------------------------------------------------------------------------

    @staticmethod
    def is_tile(v) -> bool:
        return hasattr(v, "type") and isinstance(v.type, ir.TileType)

    def tile_op(self, op: Op, args, node):
        tiles = [a for a in args if self.is_tile(a)]
        operands = []
        for a in args:
            if self.is_tile(a):
                operands.append(a)
            else:
                operands.append(self.as_float(a, node))
        shapes = {t.type.shape for t in tiles}
        if len(shapes) > 1:
            a, b = (t.type.shape for t in tiles[:2])
            raise self.error(
                TTLangTypeError,
                f"tile shapes do not match: ({a[0]}, {a[1]}) and ({b[0]}, {b[1]})",
                node,
            )
        dt = tl.float32 if any(t.type.dtype is tl.float32 for t in tiles) else tl.bfloat16
        return ir.TileOp(op, tuple(operands), ir.TileType(dt, tiles[0].type.shape), self.loc(node))

    # -- scalars ----------------------------------------------------------------------------

    def as_scalar(self, v, node) -> ir.Expr:
        if isinstance(v, TensorRef):
            raise self.error(TTLangTypeError, f"tensor '{v.name}' is used where a scalar is expected", node)
        if isinstance(v, tuple):
            raise self.error(TTLangTypeError, "a tuple is used where a scalar is expected", node)
        if not hasattr(v, "type") or not isinstance(v.type, ir.ScalarType):
            raise self.error(TTLangTypeError, "expected a scalar value here", node)
        return v

    def as_int(self, v, node) -> ir.Expr:
        v = self.as_scalar(v, node)
        if v.type == ir.FLOAT:
            raise self.error(TTLangTypeError, "expected an integer, got a float", node)
        if v.type == ir.BOOL:
            if isinstance(v, ir.Const):
                return _const(int(v.value), v.loc)
            return ir.UnOp("int", v, ir.INT, v.loc)
        return v

    def as_float(self, v, node) -> ir.Expr:
        v = self.as_scalar(v, node)
        if v.type == ir.FLOAT:
            return v
        if isinstance(v, ir.Const):
            return _const(float(v.value), v.loc)
        return ir.UnOp("float", v, ir.FLOAT, v.loc)


def build_ir(source: KernelSource, fn_globals: dict, specs: dict[str, ParamSpec]) -> ir.KernelIR:
    return CodeGenerator(source, fn_globals, specs).build()
