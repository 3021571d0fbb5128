"""C++ spelling of IR scalar expressions and names."""

from __future__ import annotations

import numpy as np

from ..ir import nodes as ir
from ..ir.visit import walk_expr

CPP_KEYWORDS = frozenset(
    """alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t char16_t
    char32_t class compl concept const consteval constexpr constinit const_cast continue co_await
    co_return co_yield decltype default delete do double dynamic_cast else enum explicit export
    extern false float for friend goto if inline int long mutable namespace new noexcept not not_eq
    nullptr operator or or_eq private protected public register reinterpret_cast requires return
    short signed sizeof static static_assert static_cast struct switch template this thread_local
    throw true try typedef typeid typename union unsigned using virtual void volatile wchar_t while
    xor xor_eq main kernel_main""".split()
)

CTYPE = {"int": "int32_t", "float": "float", "bool": "bool"}


def ident(name: str) -> str:
    """A user name as a C++ identifier that cannot collide with C++ or with generated names
    (which all start with ttl_ or cb_)."""
    if name in CPP_KEYWORDS or name.startswith(("ttl_", "cb_", "get_", "noc_")):
        return name + "_"
    return name


def float_literal(v: float) -> str:
    f = np.float32(v)
    if np.isnan(f):
        return '__builtin_nanf("")'
    if np.isinf(f):
        return "__builtin_inff()" if f > 0 else "(-__builtin_inff())"
    s = repr(float(f))
    if "e" not in s and "." not in s:
        s += ".0"
    return s + "f"


class ExprRenderer:
    """Renders scalar expressions; knows which variables are non-negative, so that // and %
    become C++'s / and % where Python and C++ agree."""

    def __init__(self, nonneg_vars: frozenset[str] = frozenset()):
        self.nonneg_vars = nonneg_vars

    def nonneg(self, e) -> bool:
        if isinstance(e, ir.Const):
            return e.value >= 0
        if isinstance(e, (ir.TensorDim, ir.ProgramId, ir.NumPrograms, ir.ShareBound)):
            return True
        if isinstance(e, ir.Var):
            return e.name in self.nonneg_vars
        if isinstance(e, ir.BinOp) and e.op in ("+", "*", "//", "%", "min", "max"):
            return self.nonneg(e.lhs) and self.nonneg(e.rhs)
        return False

    def __call__(self, e) -> str:
        if isinstance(e, ir.Const):
            if e.type == ir.BOOL:
                return "true" if e.value else "false"
            if e.type == ir.FLOAT:
                return float_literal(e.value)
            return str(int(e.value))
        if isinstance(e, (ir.Var, ir.Param)):
            return ident(e.name)
        if isinstance(e, ir.TensorDim):
            return f"{ident(e.tensor)}_{e.dim}"
        if isinstance(e, ir.ProgramId):
            return f"ttl_pid{e.axis}"
        if isinstance(e, ir.NumPrograms):
            return f"ttl_npid{e.axis}"
        if isinstance(e, ir.ShareBound):
            fn = "ttl_share_end" if e.end else "ttl_share_begin"
            return f"{fn}({self(e.n)}, ttl_pid, ttl_nprograms)"
        if isinstance(e, ir.UnOp):
            if e.op == "-":
                return f"(-{self(e.operand)})"
            if e.op == "not":
                return f"(!{self(e.operand)})"
            return f"static_cast<{CTYPE[e.type.kind]}>({self(e.operand)})"
        if isinstance(e, ir.BinOp):
            a, b = self(e.lhs), self(e.rhs)
            if e.op in ("min", "max"):
                return f"ttl_{e.op}({a}, {b})" if e.type == ir.INT else f"ttl_f{e.op}({a}, {b})"
            if e.op == "//":
                return (
                    f"({a} / {b})"
                    if self.nonneg(e.lhs) and self.nonneg(e.rhs)
                    else f"ttl_floordiv({a}, {b})"
                )
            if e.op == "%":
                return (
                    f"({a} % {b})"
                    if self.nonneg(e.lhs) and self.nonneg(e.rhs)
                    else f"ttl_mod({a}, {b})"
                )
            if e.op == "/":
                return f"(static_cast<float>({a}) / static_cast<float>({b}))"
            op = {"and": "&&", "or": "||"}.get(e.op, e.op)
            return f"({a} {op} {b})"
        raise TypeError(f"not a scalar expression: {type(e).__name__}")

    def bits(self, e) -> str:
        """The bits of a float scalar, as SFPU parameters take them."""
        if isinstance(e, ir.Const):
            bits = int(np.float32(e.value).view(np.uint32))
            return f"0x{bits:08x}u /* {float_literal(e.value)} */"
        return f"ttl_f32_bits({self(e)})"


def _counts_up(step) -> bool:
    return not (isinstance(step, ir.Const) and step.value < 0)


def nonneg_vars(body) -> frozenset[str]:
    """Scalar variables that only ever hold non-negative ints: loop variables of ascending loops
    from a non-negative start, and names assigned only such values (to a fixpoint)."""
    from ..ir.visit import walk_stmts

    assigns: dict[str, list] = {}
    loops: dict[str, list] = {}
    for s in walk_stmts(body):
        if isinstance(s, ir.Assign):
            assigns.setdefault(s.name, []).append(s.value)
        elif isinstance(s, ir.For):
            loops.setdefault(s.var, []).append(s)
    known: set[str] = set()
    while True:
        r = ExprRenderer(frozenset(known))
        new = set(known)
        for v, fors in loops.items():
            if all(_counts_up(f.step) and r.nonneg(f.start) for f in fors) and v not in assigns:
                new.add(v)
        for v, values in assigns.items():
            if v not in loops and all(x.type == ir.INT and r.nonneg(x) for x in values):
                new.add(v)
        if new == known:
            return frozenset(known)
        known = new


def names_read(e) -> set[str]:
    """Generated names (params, tensor dims, program ids) an expression reads."""
    out = set()
    for n in walk_expr(e):
        if isinstance(n, ir.Param):
            out.add(("param", n.name))
        elif isinstance(n, ir.TensorDim):
            out.add(("dim", n.tensor, n.dim))
        elif isinstance(n, (ir.ProgramId,)):
            out.add(("pid", n.axis))
        elif isinstance(n, ir.NumPrograms):
            out.add(("npid", n.axis))
        elif isinstance(n, ir.ShareBound):
            out.add(("share",))
    return out
