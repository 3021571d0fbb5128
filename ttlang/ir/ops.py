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
    # Matrix and shape ops.
    MATMUL = "matmul"  # (M, K) @ (K, N); on one tile: DST += A @ B
    REDUCE_SUM = "sum"  # attrs axis: 0 (down the rows), 1 (along each row) or None (all)
    REDUCE_MAX = "max"
    TRANSPOSE = "transpose"
    # Padding: MASK(x, rows_valid, cols_valid) keeps x where row < rows_valid and col <
    # cols_valid and puts the identity of a reduction (attrs fill: "zero" | "neg_inf") elsewhere.
    MASK = "mask"

    @property
    def is_binary(self) -> bool:
        return self in BINARY_OPS

    @property
    def is_unary(self) -> bool:
        return not self.is_binary


BINARY_OPS = frozenset({Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.MAXIMUM, Op.MINIMUM, Op.MATMUL})
ELEMENTWISE_BINARY = frozenset({Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.MAXIMUM, Op.MINIMUM})
REDUCTIONS = frozenset({Op.REDUCE_SUM, Op.REDUCE_MAX})

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
REDUCE_BUILTINS = {"sum": Op.REDUCE_SUM, "max": Op.REDUCE_MAX}


# Scalar (index and float) operators, by their Python spelling.
SCALAR_BINOPS = frozenset({"+", "-", "*", "/", "//", "%", "min", "max"})
SCALAR_CMPOPS = frozenset({"<", "<=", ">", ">=", "==", "!="})
SCALAR_BOOLOPS = frozenset({"and", "or"})
