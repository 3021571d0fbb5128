"""Expressions of the frontend: names, constants, attributes, tile indexing, operators, calls of
builtins. A mixin of CodeGenerator (visitor.py), which supplies error(), loc() and lookup()."""

from __future__ import annotations

import ast
import builtins
import types

from .. import language as tl
from ..errors import TTLangNameError, TTLangSyntaxError, TTLangTypeError
from ..ir import nodes as ir
from ..ir.ops import BINARY_BUILTINS, REDUCE_BUILTINS, UNARY_BUILTINS, Op
from .static import NotStatic
from .values import LangBuiltin, PyBuiltin, TensorRef
from .values import const as _const


class ExpressionVisitor:
    def visit_Constant(self, node: ast.Constant):
        if isinstance(node.value, (bool, int, float)):
            return self.pyvalue(node.value, node)
        if node.value is None:
            return None  # as in axis=None
        raise self.error(
            TTLangTypeError,
            f"{type(node.value).__name__} constants are not supported in kernels",
            node,
        )

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
            dims = {
                k: ir.TensorDim(base.name, k, loc)
                for k in ("rows", "cols", "tile_rows", "tile_cols")
            }
            lead = tuple(ir.TensorDim(base.name, f"dim{k}", loc) for k in range(base.ndim - 2))
            if attr == "shape":
                return (*lead, dims["rows"], dims["cols"])
            if attr == "tile_shape":  # the leading dims are not tiled
                return (*lead, dims["tile_rows"], dims["tile_cols"])
            if attr == "ndim":
                return _const(base.ndim, loc)
            if attr == "num_tiles":
                n = ir.BinOp("*", dims["tile_rows"], dims["tile_cols"], ir.INT, loc)
                for d in reversed(lead):
                    n = ir.BinOp("*", d, n, ir.INT, loc)
                return n
            if attr == "dtype":
                return base.dtype
            raise self.error(
                TTLangNameError,
                f"tensor '{base.name}' has no attribute '{attr}' (kernels read .shape, .tile_shape, "
                ".num_tiles, .ndim and .dtype)",
                node,
            )
        raise self.error(TTLangTypeError, f"'.{attr}' is not supported on this value", node)

    def visit_Subscript(self, node: ast.Subscript):
        base = self.visit(node.value)
        if isinstance(base, tuple):
            idx = self.visit(node.slice)
            if not isinstance(idx, ir.Const) or idx.type != ir.INT:
                raise self.error(
                    TTLangTypeError, "tuples are indexed with integer constants", node.slice
                )
            try:
                return base[idx.value]
            except IndexError:
                raise self.error(
                    TTLangTypeError,
                    f"index {idx.value} is out of range for a {len(base)}-tuple",
                    node,
                ) from None
        if not isinstance(base, TensorRef):
            raise self.error(TTLangTypeError, "only tensors and tuples can be indexed", node.value)
        index, extent = self.tile_index(node, base)
        shape = base.block_shape(extent)
        return ir.Load(base.name, index, ir.TileType(base.dtype, shape), self.loc(node), extent)

    def tile_index(self, node: ast.Subscript, tensor: TensorRef) -> tuple[tuple, tuple[int, int]]:
        """(index, extent) of x[t], x[i, j] or a block x[i0:i1, j0:j1] (extents constant); for an
        N-D tensor x[b, ..., i, j] or x[b, ..., i0:i1, j0:j1], one integer per leading dim."""
        sl = node.slice
        parts = sl.elts if isinstance(sl, ast.Tuple) else [sl]
        n = tensor.ndim
        if len(parts) not in (1, n):
            lead = "".join(f"{c}, " for c in "bhgfedc"[: n - 2][::-1])
            raise self.error(
                TTLangTypeError,
                f"a tensor is indexed by x[t] or x[i, j] in tiles, not {len(parts)} indices"
                if n == 2
                else f"'{tensor.name}' has {n} dimensions: it is indexed by {tensor.name}[t] or "
                f"{tensor.name}[{lead}i, j] (one index per leading dimension, then the tile "
                f"coordinates), not {len(parts)} indices",
                sl,
            )
        if len(parts) == 1 and isinstance(parts[0], ast.Slice):
            raise self.error(
                TTLangTypeError,
                "a block of tiles is indexed in two dimensions: x[i0:i1, j0:j1]",
                sl,
            )
        index, extent = [], []
        for k, p in enumerate(parts):
            if isinstance(p, ast.Slice) and k < len(parts) - 2:
                raise self.error(
                    TTLangTypeError,
                    f"blocks are on the last two dimensions: index leading dimension {k} of "
                    f"'{tensor.name}' with one integer",
                    p,
                )
            if isinstance(p, ast.Slice):
                start, n = self.block_bounds(p)
                index.append(start)
                extent.append(n)
                continue
            v = self.as_int(self.visit(p), p)
            if isinstance(v, ir.Const) and v.value < 0:
                raise self.error(TTLangTypeError, f"tile index {v.value} is negative", p)
            index.append(v)
            extent.append(1)
        return tuple(index), (tuple(extent[-2:]) if len(extent) >= 2 else (1, 1))

    def block_bounds(self, sl: ast.Slice) -> tuple:
        if sl.step is not None:
            raise self.error(TTLangSyntaxError, "a block of tiles cannot have a step", sl.step)
        if sl.lower is None or sl.upper is None:
            raise self.error(
                TTLangTypeError,
                "a block of tiles needs both bounds (x[i0:i1, j0:j1]), so that its size is known",
                sl,
            )
        lo = self.as_int(self.visit(sl.lower), sl.lower)
        hi = self.as_int(self.visit(sl.upper), sl.upper)
        n = self.compile_time_int(
            ir.BinOp("-", hi, lo, ir.INT, self.loc(sl)),
            sl,
            "the size of a block",
            "write x[i:i + B, ...] with B made of constants, tt.constexpr parameters and tensor "
            "shapes (x.tile_shape, x.shape)",
        )
        if n <= 0:
            raise self.error(TTLangTypeError, f"a block of {n} tiles is empty", sl)
        if isinstance(lo, ir.Const) and lo.value < 0:
            raise self.error(TTLangTypeError, f"tile index {lo.value} is negative", sl.lower)
        return lo, n

    def compile_time_int(self, e, node, what: str, hint: str = "") -> int:
        """The value of an int expression needed while compiling (`what`: "the size of a
        block", ...): made of constants, tt.constexpr parameters and tensor shapes, the latter
        compiled in (ast_frontend/static.py). Anything else is an error that says what it
        depends on."""
        try:
            v = self.static.value(e)
        except NotStatic as ns:
            raise self.error(
                TTLangTypeError,
                f"{what} must be known at compile time, but it depends on {ns.why}"
                + (f": {hint}" if hint else ""),
                node,
            ) from None
        except ZeroDivisionError:
            raise self.error(
                TTLangTypeError, f"{what} divides by zero for this launch's shapes", node
            ) from None
        if isinstance(v, bool) or not isinstance(v, int):
            raise self.error(TTLangTypeError, f"{what} must be an integer, got {v!r}", node)
        return v

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
            return self.matmul(lhs, rhs, node)
        sym = self._BINOPS.get(type(op))
        if sym is None:
            raise self.error(
                TTLangSyntaxError, f"operator {type(op).__name__} is not supported", node
            )
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
        elif t == ir.FLOAT or (
            t == ir.BOOL and ir.FLOAT in (a.type, b.type) and sym not in ("and", "or")
        ):
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
        raise self.error(
            TTLangSyntaxError, f"operator {type(node.op).__name__} is not supported", node
        )

    _CMPOPS = {
        ast.Lt: "<",
        ast.LtE: "<=",
        ast.Gt: ">",
        ast.GtE: ">=",
        ast.Eq: "==",
        ast.NotEq: "!=",
    }

    def visit_Compare(self, node: ast.Compare):
        left = self.visit(node.left)
        result = None
        for op, right_node in zip(node.ops, node.comparators):
            sym = self._CMPOPS.get(type(op))
            if sym is None:
                raise self.error(
                    TTLangSyntaxError, f"comparison {type(op).__name__} is not supported", node
                )
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
        if isinstance(fn, tl.func):
            return self.inline_call(fn, args, kwargs, node)
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
                raise self.error(
                    TTLangTypeError, f"tt.{name}(axis): axis must be the constant 0 or 1", node
                )
            return (
                ir.ProgramId(axis.value, loc)
                if name == "program_id"
                else ir.NumPrograms(axis.value, loc)
            )
        if name in ("zeros", "full"):
            return self.constructor(name, args, kwargs, node)
        if name in REDUCE_BUILTINS:
            return self.reduction(name, args, kwargs, node)
        if name == "transpose":
            self.arity(name, args, kwargs, 1, node)
            x = args[0]
            if not self.is_tile(x):
                raise self.error(TTLangTypeError, "tt.transpose expects a tile", node)
            r, c = x.type.shape
            return ir.TileOp(Op.TRANSPOSE, (x,), ir.TileType(x.type.dtype, (c, r)), self.loc(node))
        if name in ("program_range", "static_range"):
            raise self.error(
                TTLangSyntaxError,
                f"tt.{name} can only be used as the iterable of a `for` loop",
                node,
            )
        raise self.error(TTLangSyntaxError, f"tt.{name} is not supported yet", node)

    def arity(self, name, args, kwargs, n, node, allowed_kw=()):
        extra = set(kwargs) - set(allowed_kw)
        if extra:
            raise self.error(
                TTLangTypeError,
                f"tt.{name} got an unexpected keyword argument '{sorted(extra)[0]}'",
                node,
            )
        if len(args) + len(kwargs) != n:
            raise self.error(
                TTLangTypeError,
                f"tt.{name} takes {n} argument(s), got {len(args) + len(kwargs)}",
                node,
            )

    def constructor(self, name, args, kwargs, node):
        names = ["shape", "dtype"] if name == "zeros" else ["shape", "value", "dtype"]
        if len(args) > len(names):
            raise self.error(
                TTLangTypeError, f"tt.{name} takes at most {len(names)} arguments", node
            )
        bound = dict(zip(names, args))
        for k, v in kwargs.items():
            if k not in names or k in bound:
                raise self.error(
                    TTLangTypeError, f"tt.{name} got an unexpected argument '{k}'", node
                )
            bound[k] = v
        if "shape" not in bound or (name == "full" and "value" not in bound):
            raise self.error(
                TTLangTypeError, f"tt.{name} is missing arguments ({', '.join(names[:-1])})", node
            )
        shape = bound["shape"]
        if not (
            isinstance(shape, tuple)
            and len(shape) == 2
            and all(hasattr(s, "type") and s.type == ir.INT for s in shape)
        ):
            raise self.error(
                TTLangTypeError, f"tt.{name}: shape must be a tuple of two integers", node
            )
        rows, cols = (self.compile_time_int(s, node, f"the shape of tt.{name}") for s in shape)
        if any(d != 1 and (d <= 0 or d % 32) for d in (rows, cols)):
            raise self.error(
                TTLangTypeError,
                f"tt.{name}: each dimension of the shape ({rows}, {cols}) must be 1 or whole tiles "
                "(a multiple of 32)",
                node,
            )
        dt = bound.get("dtype", tl.float32)
        if not isinstance(dt, tl.dtype) or dt.block_float:
            also = (
                f" ({dt!r} is a storage format of device tensors: tiles read from them compute in "
                "bfloat16 or float32)"
                if isinstance(dt, tl.dtype)
                else ""
            )
            raise self.error(
                TTLangTypeError, f"tt.{name}: dtype must be tt.float32 or tt.bfloat16{also}", node
            )
        value = _const(0.0) if name == "zeros" else self.as_float(bound["value"], node)
        return ir.Full(value, ir.TileType(dt, (rows, cols)), self.loc(node))

    def py_call(self, name: str, args, kwargs, node):
        if kwargs:
            raise self.error(
                TTLangTypeError, f"{name}() takes no keyword arguments in a kernel", node
            )
        if name == "range":
            raise self.error(
                TTLangSyntaxError, "range() can only be used as the iterable of a `for` loop", node
            )
        if name in ("min", "max"):
            if len(args) < 2:
                raise self.error(TTLangTypeError, f"{name}() needs at least two arguments", node)
            if any(self.is_tile(a) for a in args):
                raise self.error(
                    TTLangTypeError, f"use tt.{name}imum for tiles; {name}() is for scalars", node
                )
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
        """An elementwise op: tiles broadcast with numpy's rules ((R, C) with (R, 1), (1, C),
        (1, 1)); scalars broadcast everywhere."""
        tiles = [a for a in args if self.is_tile(a)]
        operands = [a if self.is_tile(a) else self.as_float(a, node) for a in args]
        shape = tiles[0].type.shape
        for t in tiles[1:]:
            shape = self.broadcast(shape, t.type.shape, node)
        dt = tl.float32 if any(t.type.dtype is tl.float32 for t in tiles) else tl.bfloat16
        return ir.TileOp(op, tuple(operands), ir.TileType(dt, shape), self.loc(node))

    def broadcast(self, a: tuple, b: tuple, node) -> tuple:
        out = []
        for x, y in zip(a, b):
            if x != y and 1 not in (x, y):
                raise self.error(
                    TTLangTypeError,
                    f"tile shapes do not match: ({a[0]}, {a[1]}) and ({b[0]}, {b[1]}) do not broadcast",
                    node,
                )
            out.append(max(x, y))
        return tuple(out)

    def matmul(self, lhs, rhs, node):
        if not (self.is_tile(lhs) and self.is_tile(rhs)):
            raise self.error(TTLangTypeError, "@ multiplies two tiles (or blocks of tiles)", node)
        (m, k1), (k2, n) = lhs.type.shape, rhs.type.shape
        if k1 != k2:
            raise self.error(
                TTLangTypeError,
                f"matmul shapes do not match: ({m}, {k1}) @ ({k2}, {n})",
                node,
            )
        # A dim of 1 is a one-row / one-column tensor's tile: real in row / column 0, zero in
        # its padding, so the product of the padded tiles is the product of the vectors.
        if any(d % 32 and d != 1 for d in (m, k1, n)):
            raise self.error(
                TTLangTypeError,
                f"matmul needs whole tiles, got ({m}, {k1}) @ ({k2}, {n})",
                node,
            )
        dt = tl.float32 if tl.float32 in (lhs.type.dtype, rhs.type.dtype) else tl.bfloat16
        return ir.TileOp(Op.MATMUL, (lhs, rhs), ir.TileType(dt, (m, n)), self.loc(node))

    def reduction(self, name: str, args, kwargs, node):
        names = ["x", "axis", "keepdims"]
        if len(args) > 3:
            raise self.error(TTLangTypeError, f"tt.{name} takes at most 3 arguments", node)
        bound = dict(zip(names, args))
        for k, v in kwargs.items():
            if k not in names or k in bound:
                raise self.error(
                    TTLangTypeError, f"tt.{name} got an unexpected argument '{k}'", node
                )
            bound[k] = v
        x = bound.get("x")
        if x is None or not self.is_tile(x):
            raise self.error(
                TTLangTypeError, f"tt.{name} reduces a tile (or a block of tiles)", node
            )
        axis = bound.get("axis")
        if isinstance(axis, ir.Const) and axis.type == ir.INT:
            axis = axis.value
        elif axis is not None:
            raise self.error(TTLangTypeError, f"tt.{name}: axis must be 0, 1 or None", node)
        if axis is not None and axis not in (0, 1, -1, -2):
            raise self.error(
                TTLangTypeError, f"tt.{name}: axis {axis} is out of range for 2-D tiles", node
            )
        keep = bound.get("keepdims")
        keepdims = bool(keep.value) if isinstance(keep, ir.Const) else keep
        if keepdims is not None and not isinstance(keepdims, bool):
            raise self.error(TTLangTypeError, f"tt.{name}: keepdims must be a constant", node)
        if axis is not None and not keepdims:
            raise self.error(
                TTLangTypeError,
                f"tt.{name}(x, axis={axis}) needs keepdims=True: tile values stay 2-D",
                node,
            )
        r, c = x.type.shape
        if axis is None:
            shape, axis = (1, 1), None
        elif axis % 2 == 1:
            shape, axis = (r, 1), 1
        else:
            shape, axis = (1, c), 0
        op = Op.REDUCE_SUM if name == "sum" else Op.REDUCE_MAX
        return ir.TileOp(
            op, (x,), ir.TileType(x.type.dtype, shape), self.loc(node), (("axis", axis),)
        )

    # -- scalars ----------------------------------------------------------------------------

    def as_scalar(self, v, node) -> ir.Expr:
        if isinstance(v, TensorRef):
            raise self.error(
                TTLangTypeError, f"tensor '{v.name}' is used where a scalar is expected", node
            )
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
