"""Lowering of compute units to TT-Metalium compute API calls.

The expression of a unit is evaluated into DST tiles (registers) in Sethi-Ullman order; each op
has a lowering rule in a registry keyed by op (@lowers(Op.X)), and an op without one is an
explicit error. Rules emit Call records that the compute template renders; the init call of an
op always precedes it (re-initialising is cheap and keeps every op's hardware state right).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..errors import TTLangInternalError
from ..ir import nodes as ir
from ..ir.ops import Op
from ..ir.passes.dst_alloc import accumulates, is_fpu, is_fpu_reduce, need, tile_args
from .cexpr import ExprRenderer


@dataclass(frozen=True)
class Call:
    fn: str
    args: tuple[str, ...] = ()
    comment: str = ""


RULES: dict[Op, Callable] = {}


def lowers(*ops: Op):
    def register(fn):
        for op in ops:
            RULES[op] = fn
        return fn

    return register


class UnitLowering:
    """Emits the calls that evaluate one compute unit's value into a DST tile."""

    def __init__(
        self,
        render: ExprRenderer,
        cb_name: Callable[[ir.CB], str],
        mixed_formats: bool,
        capacity: int,
        out_cb: str,
        dst_format: str,
        bound: dict[str, int] | None = None,
    ):
        self.render = render
        self.cb = cb_name
        self.mixed = mixed_formats
        self.capacity = capacity
        self.out_cb = out_cb  # the unit's output CB (reduce_init configures the packer for it)
        self.dst_format = dst_format  # DataFormat of DST values: Float32 or Float16_b
        self.calls: list[Call] = []
        # CB operands already held in DST registers (accumulators kept in DST across a loop).
        self.bound = dict(bound or {})
        self.free = [r for r in range(capacity) if r not in self.bound.values()]

    def emit(self, fn: str, *args: str, comment: str = "") -> None:
        self.calls.append(Call(fn, tuple(args), comment))

    def alloc(self) -> int:
        if not self.free:
            raise TTLangInternalError(
                "DST allocation ran out of tiles (dst_alloc should have spilled)"
            )
        self.free.sort()
        return self.free.pop(0)

    def index(self, e: ir.CbTile) -> str:
        """The C++ of a CB operand's tile index (a constant, or the index of a tile in a loop)."""
        return str(e.index) if isinstance(e.index, int) else self.render(e.index)

    def release(self, r: int) -> None:
        self.free.append(r)

    def fill(self, r: int, value: str) -> None:
        self.emit("fill_tile_init")
        self.emit("fill_tile", str(r), value)

    def broadcast(self, e, shape) -> int:
        """Operand e of an op of the given shape: a row/column/scalar tile is expanded across the
        tile from its CB (unary_bcast unpacks 32-bit formats straight to DST, exactly)."""
        if e.type.shape == shape:
            return self.value(e)
        kind = {(1, 32): "ROW", (32, 1): "COL", (1, 1): "SCALAR"}[e.type.shape]
        r = self.alloc()
        self.emit(f"unary_bcast_init<BroadcastType::{kind}>", self.cb(e.cb))
        self.emit(f"unary_bcast<BroadcastType::{kind}>", self.cb(e.cb), self.index(e), str(r))
        return r

    def value(self, e) -> int:
        """Evaluates e into a DST tile and returns its index."""
        if isinstance(e, ir.CbTile) and e.cb.name in self.bound:
            return self.bound[e.cb.name]
        if isinstance(e, ir.CbTile):
            r = self.alloc()
            if self.mixed:
                self.emit("reconfig_data_format_srca", self.cb(e.cb))
            self.emit("copy_init", self.cb(e.cb))
            self.emit("copy_tile", self.cb(e.cb), self.index(e), str(r))
            return r
        if isinstance(e, ir.Full):
            r = self.alloc()
            self.fill(r, self.render(e.value))
            return r
        if isinstance(e, ir.TileOp):
            rule = RULES.get(e.op)
            if rule is None:
                raise TTLangInternalError(f"no lowering for tile op {e.op.value}", e.loc)
            return rule(self, e)
        raise TTLangInternalError(f"cannot lower {type(e).__name__} in a compute unit", e.loc)


# Unary SFPU ops: (init, op) -------------------------------------------------------------------

UNARY_CALLS = {
    Op.NEG: ("negative_tile_init", "negative_tile"),
    Op.EXP: ("exp_tile_init", "exp_tile"),
    Op.LOG: ("log_tile_init", "log_tile"),
    Op.SQRT: ("sqrt_tile_init", "sqrt_tile"),
    Op.RSQRT: ("rsqrt_tile_init", "rsqrt_tile"),
    Op.RECIP: ("recip_tile_init", "recip_tile"),
    Op.ABS: ("abs_tile_init", "abs_tile"),
    Op.RELU: ("relu_tile_init", "relu_tile"),
    Op.SIGMOID: ("sigmoid_tile_init", "sigmoid_tile"),
    Op.TANH: ("tanh_tile_init", "tanh_tile"),
    Op.GELU: ("gelu_tile_init<false>", "gelu_tile<false>"),
    Op.SILU: ("silu_tile_init", "silu_tile"),
    Op.SQUARE: ("square_tile_init", "square_tile"),
}


# The ops whose call takes a VectorMode (v0.81.1): on a column vector (valid in column 0) they
# process faces 0 and 2 only (VectorMode::C), on a row vector or a scalar (row 0) faces 0 and 1
# (VectorMode::R): half the SFPU passes of a whole tile.
VECTOR_MODE_OPS = {Op.EXP, Op.RECIP}


def vector_mode(shape: tuple[int, int]) -> str | None:
    if shape == (32, 1):
        return "VectorMode::C"
    if shape[0] == 1:
        return "VectorMode::R"
    return None


@lowers(*UNARY_CALLS)
def _unary(u: UnitLowering, e: ir.TileOp) -> int:
    r = u.value(e.args[0])
    init, op = UNARY_CALLS[e.op]
    u.emit(init)
    mode = vector_mode(e.type.shape) if e.op in VECTOR_MODE_OPS else None
    u.emit(op, str(r), *((mode,) if mode else ()))
    return r


# Binary ops ---------------------------------------------------------------------------------

FPU_CALLS = {
    Op.ADD: ("add_init", "add_tiles"),
    Op.SUB: ("sub_init", "sub_tiles"),
    Op.MUL: ("mul_init", "mul_tiles"),
}
SFPU_BINARY_CALLS = {
    Op.ADD: ("add_binary_tile_init", "add_binary_tile"),
    Op.SUB: ("sub_binary_tile_init", "sub_binary_tile"),
    Op.MUL: ("mul_binary_tile_init", "mul_binary_tile"),
    Op.DIV: ("div_binary_tile_init", "div_binary_tile"),
    Op.MAXIMUM: ("binary_max_tile_init", "binary_max_tile"),
    Op.MINIMUM: ("binary_min_tile_init", "binary_min_tile"),
}
# tile (op) scalar, and scalar (op) tile, as SFPU scalar ops on the tile's DST register.
SCALAR_RIGHT = {
    Op.ADD: "add_unary_tile",
    Op.SUB: "sub_unary_tile",
    Op.MUL: "mul_unary_tile",
    Op.DIV: "div_unary_tile",
}
SCALAR_LEFT = {Op.ADD: "add_unary_tile", Op.SUB: "rsub_unary_tile", Op.MUL: "mul_unary_tile"}


@lowers(Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.MAXIMUM, Op.MINIMUM)
def _binary(u: UnitLowering, e: ir.TileOp) -> int:
    a, b = e.args
    tiles = tile_args(e)
    if len(tiles) == 1:
        return _with_scalar(u, e, a, b)
    if accumulates(e):  # x + A @ B: the product accumulates into x's DST tile
        mm, x = (a, b) if isinstance(a, ir.TileOp) and a.op == Op.MATMUL else (b, a)
        r = u.value(x)
        _matmul_into(u, mm, r)
        return r
    if is_fpu(e):  # both operands unpacked from bfloat16 CBs: the FPU computes straight into DST
        r = u.alloc()
        init, op = FPU_CALLS[e.op]
        if u.mixed:
            u.emit("reconfig_data_format", u.cb(a.cb), u.cb(b.cb))
        u.emit(init, u.cb(a.cb), u.cb(b.cb))
        u.emit(op, u.cb(a.cb), u.cb(b.cb), u.index(a), u.index(b), str(r))
        return r
    # Both operands in DST: evaluate the one needing more tiles first (Sethi-Ullman).
    if need(b) > need(a):
        rb = u.broadcast(b, e.type.shape)
        ra = u.broadcast(a, e.type.shape)
    else:
        ra = u.broadcast(a, e.type.shape)
        rb = u.broadcast(b, e.type.shape)
    init, op = SFPU_BINARY_CALLS[e.op]
    u.emit(init)
    u.emit(op, str(ra), str(rb), str(ra))
    u.release(rb)
    return ra


def _matmul_into(u: UnitLowering, e: ir.TileOp, r: int) -> None:
    a, b = e.args
    if u.mixed:  # matmul unpacks in1 (b) to SrcA and in0 (a) to SrcB
        u.emit("reconfig_data_format", u.cb(b.cb), u.cb(a.cb))
    u.emit("matmul_init", u.cb(a.cb), u.cb(b.cb))
    u.emit("matmul_tiles", u.cb(a.cb), u.cb(b.cb), u.index(a), u.index(b), str(r))


@lowers(Op.MATMUL)
def _matmul(u: UnitLowering, e: ir.TileOp) -> int:
    r = u.alloc()
    u.fill(r, "0.0f")  # matmul_tiles accumulates: start from zero
    _matmul_into(u, e, r)
    return r


POOL = {Op.REDUCE_SUM: "SUM", Op.REDUCE_MAX: "MAX"}
REDUCE_DIM = {1: "REDUCE_ROW", 0: "REDUCE_COL"}
IDENTITY = {Op.REDUCE_SUM: "0.0f", Op.REDUCE_MAX: "-__builtin_inff()"}


@lowers(Op.REDUCE_SUM, Op.REDUCE_MAX)
def _reduce(u: UnitLowering, e: ir.TileOp) -> int:
    pool, dim = POOL[e.op], REDUCE_DIM[e.attr("axis")]
    if is_fpu_reduce(e):  # bfloat16 tiles from a CB, with the scaler tile: reduce_tile on the FPU
        x, scaler = e.args
        r = u.alloc()
        u.fill(r, IDENTITY[e.op])
        tmpl = f"<PoolType::{pool}, ReduceDim::{dim}>"
        if u.mixed:
            u.emit("reconfig_data_format", u.cb(x.cb), u.cb(scaler.cb))
        u.emit(f"reduce_init{tmpl}", u.cb(x.cb), u.cb(scaler.cb), u.out_cb)
        u.emit(f"reduce_tile{tmpl}", u.cb(x.cb), u.cb(scaler.cb), u.index(x), u.index(scaler), str(r))
        u.emit("reduce_uninit", u.cb(x.cb))
        return r
    # A value in DST: the SFPU reduces it in place, in 32-bit arithmetic.
    r = u.value(e.args[0])
    u.emit(f"sfpu_reduce_init<PoolType::{pool}, DataFormat::{u.dst_format}>")
    u.emit(f"sfpu_reduce<PoolType::{pool}, DataFormat::{u.dst_format}, ReduceDim::{dim}>", str(r))
    return r


@lowers(Op.TRANSPOSE)
def _transpose(u: UnitLowering, e: ir.TileOp) -> int:
    (x,) = e.args
    r = u.alloc()
    u.emit("transpose_init", u.cb(x.cb))
    u.emit("transpose_tile", u.cb(x.cb), u.index(x), str(r))
    return r


@lowers(Op.MASK)
def _mask(u: UnitLowering, e: ir.TileOp) -> int:
    """Clamp to the mask: min(x, m) keeps x where m is +inf and gives -inf where it is -inf;
    for a zero fill, max(min(x, m), -m) gives 0 in the padding."""
    x, m = e.args
    r = u.value(x)
    rm = u.value(m)
    u.emit("binary_min_tile_init")
    u.emit("binary_min_tile", str(r), str(rm), str(r))
    if e.attr("fill") == "zero":
        u.emit("negative_tile_init")
        u.emit("negative_tile", str(rm))
        u.emit("binary_max_tile_init")
        u.emit("binary_max_tile", str(r), str(rm), str(r))
    u.release(rm)
    return r


def _with_scalar(u: UnitLowering, e: ir.TileOp, a, b) -> int:
    tile_left = isinstance(a.type, ir.TileType)
    tile, scalar = (a, b) if tile_left else (b, a)
    r = u.value(tile)
    bits = u.render.bits(scalar)
    if tile_left:
        u.emit("binop_with_scalar_tile_init")
        u.emit(SCALAR_RIGHT[e.op], str(r), bits)
    elif e.op == Op.DIV:  # s / x = s * recip(x)
        u.emit("recip_tile_init")
        u.emit("recip_tile", str(r))
        u.emit("binop_with_scalar_tile_init")
        u.emit("mul_unary_tile", str(r), bits)
    else:
        u.emit("binop_with_scalar_tile_init")
        u.emit(SCALAR_LEFT[e.op], str(r), bits)
    return r


# The v0.81.1 header that declares each compute call (api/compute/common.h brings the CB,
# tile_regs, pack and hw_startup calls).
HEADERS = {
    "copy_init": "api/compute/tile_move_copy.h",
    "copy_tile": "api/compute/tile_move_copy.h",
    **{f: "api/compute/eltwise_binary.h" for pair in FPU_CALLS.values() for f in pair},
    **{
        f: "api/compute/eltwise_binary_sfpu.h"
        for op, pair in SFPU_BINARY_CALLS.items()
        for f in pair
        if op not in (Op.MAXIMUM, Op.MINIMUM)
    },
    **{
        f: "api/compute/binary_max_min.h"
        for op in (Op.MAXIMUM, Op.MINIMUM)
        for f in SFPU_BINARY_CALLS[op]
    },
    **{
        f: "api/compute/eltwise_unary/binop_with_scalar.h"
        for f in (
            "binop_with_scalar_tile_init",
            "add_unary_tile",
            "sub_unary_tile",
            "mul_unary_tile",
            "div_unary_tile",
            "rsub_unary_tile",
        )
    },
    "fill_tile_init": "api/compute/eltwise_unary/fill.h",
    "fill_tile": "api/compute/eltwise_unary/fill.h",
    "matmul_init": "api/compute/matmul.h",
    "matmul_tiles": "api/compute/matmul.h",
    "reduce_init": "api/compute/reduce.h",
    "reduce_tile": "api/compute/reduce.h",
    "reduce_uninit": "api/compute/reduce.h",
    "sfpu_reduce_init": "api/compute/compute_kernel_api.h",
    "sfpu_reduce": "api/compute/compute_kernel_api.h",
    "transpose_init": "api/compute/transpose.h",
    "transpose_tile": "api/compute/transpose.h",
    "unary_bcast_init": "api/compute/bcast.h",
    "unary_bcast": "api/compute/bcast.h",
    "negative_tile_init": "api/compute/eltwise_unary/negative.h",
    "negative_tile": "api/compute/eltwise_unary/negative.h",
}
_UNARY_HEADERS = {
    Op.NEG: "api/compute/eltwise_unary/negative.h",
    Op.EXP: "api/compute/eltwise_unary/exp.h",
    Op.SQRT: "api/compute/eltwise_unary/sqrt.h",
    Op.RSQRT: "api/compute/eltwise_unary/rsqrt.h",
    Op.RECIP: "api/compute/eltwise_unary/recip.h",
    Op.RELU: "api/compute/eltwise_unary/relu.h",
    Op.GELU: "api/compute/eltwise_unary/gelu.h",
}
for _op, (_init, _call) in UNARY_CALLS.items():
    _h = _UNARY_HEADERS.get(_op, "api/compute/compute_kernel_api.h")
    HEADERS[_init.split("<")[0]] = HEADERS[_call.split("<")[0]] = _h


def headers_for(calls) -> list[str]:
    return sorted({HEADERS[c.fn.split("<")[0]] for c in calls if c.fn.split("<")[0] in HEADERS})
