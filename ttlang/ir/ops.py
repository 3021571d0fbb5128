"""The operations of the tile-level IR: one enum, each member commented (tinygrad's Ops)."""

from __future__ import annotations

import enum


class Op(enum.Enum):
    # Elementwise binary on tiles; either operand may also be a scalar (broadcast).
    ADD = "add"
    SUB = "sub"
    MUL = "mul"
    DIV = "div"
    MAXIMUM = "maximum"
    MINIMUM = "minimum"
    # Elementwise unary on tiles (SFPU).
    NEG = "neg"
    EXP = "exp"
    LOG = "log"
    SQRT = "sqrt"
    RSQRT = "rsqrt"
    RECIP = "recip"
    ABS = "abs"
    RELU = "relu"
    SIGMOID = "sigmoid"
    TANH = "tanh"
    GELU = "gelu"
    SILU = "silu"
    SQUARE = "square"

    @property
    def is_binary(self) -> bool:
        return self in BINARY_OPS

    @property
    def is_unary(self) -> bool:
        return not self.is_binary


BINARY_OPS = frozenset({Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.MAXIMUM, Op.MINIMUM})

# Builtins of the language (tt.<name>) that map to one op.
UNARY_BUILTINS = {
    "exp": Op.EXP,
    "log": Op.LOG,
    "sqrt": Op.SQRT,
    "rsqrt": Op.RSQRT,
    "recip": Op.RECIP,
    "abs": Op.ABS,
    "relu": Op.RELU,
    "sigmoid": Op.SIGMOID,
    "tanh": Op.TANH,
    "gelu": Op.GELU,
    "silu": Op.SILU,
    "square": Op.SQUARE,
}
BINARY_BUILTINS = {"maximum": Op.MAXIMUM, "minimum": Op.MINIMUM}


# Scalar (index and float) operators, by their Python spelling.
SCALAR_BINOPS = frozenset({"+", "-", "*", "/", "//", "%", "min", "max"})
SCALAR_CMPOPS = frozenset({"<", "<=", ">", ">=", "==", "!="})
SCALAR_BOOLOPS = frozenset({"and", "or"})
