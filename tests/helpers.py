"""Helpers shared by the tests: kernel IR for a function, reference math."""

from __future__ import annotations

import ml_dtypes
import numpy as np

import ttlang as tt
from ttlang import arch
from ttlang.ast_frontend import ParamSpec, build_ir, get_source
from ttlang.ir import nodes as ir
from ttlang.ir import passes

BF16 = ml_dtypes.bfloat16


def tensor(dt=tt.float32) -> ParamSpec:
    return ParamSpec("tensor", dtype=dt)


def scalar(kind="float") -> ParamSpec:
    return ParamSpec("scalar", type=ir.FLOAT if kind == "float" else ir.INT)


def const(v) -> ParamSpec:
    return ParamSpec("constexpr", value=v)


def kernel_ir(fn, shapes=None, **specs) -> ir.KernelIR:
    """The IR of fn for these parameter specs; `shapes` (tensor -> element shape) for kernels
    whose compile-time positions read a tensor's shape."""
    fn = getattr(fn, "fn", fn)
    return build_ir(get_source(fn), fn.__globals__, specs, shapes)


def program(fn, options=passes.Options(), arch_name=None, **specs) -> ir.Program:
    return passes.run(kernel_ir(fn, **specs), arch.get(arch_name), options)


def f32(x) -> np.ndarray:
    return np.asarray(x).astype(np.float32)


def rand(shape, dt=np.float32, seed=0, scale=1.0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(shape) * scale).astype(np.float32).astype(dt)


def check(out, expected, dt) -> None:
    """float32 results to float32 round-off; bfloat16 to bfloat16 round-off (relative 1e-2)."""
    out = f32(out)
    if dt == np.float32:
        np.testing.assert_allclose(
            out, expected, rtol=2e-5, atol=1e-5 * (np.abs(expected).max() + 1)
        )
    else:
        np.testing.assert_allclose(
            out, expected, rtol=1e-2, atol=1e-2 * (np.abs(expected).max() + 1e-3)
        )


def sized(shape_consts) -> tuple:
    """The dims a specialisation compiled in as sizes, without the whole-tile flags
    (`rows_whole`, `cols_whole`) that kernels with reductions or products also carry."""
    return tuple(c for c in shape_consts if not c[1].endswith("_whole"))
