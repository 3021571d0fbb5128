"""ttlang: a Triton-like kernel language for Tenstorrent Tensix processors.

    import ttlang as tt

    @tt.kernel
    def add(a, b, c):
        for t in tt.program_range(c.num_tiles):
            c[t] = a[t] + b[t]

    add[(8, 8)](a, b, c)   # numpy in, c written in place

Kernels compile to TT-Metalium C++ (a host program, a reader, a compute and a writer kernel) and
run on ttlang's CPU emulator of TT-Metalium, or on Tenstorrent hardware.
"""

__version__ = "0.1.0"

from .errors import (  # noqa: E402
    TTLangError,
    TTLangInternalError,
    TTLangLaunchError,
    TTLangNameError,
    TTLangResourceError,
    TTLangRuntimeError,
    TTLangSyntaxError,
    TTLangToolchainError,
    TTLangTypeError,
    TTLangWarning,
)
from .tuning import Autotuner, Config, autotune  # noqa: E402
from .export import export  # noqa: E402
from .kernel import CompiledKernel, Kernel, kernel  # noqa: E402
from .profiling import Profile, profile  # noqa: E402
from .language import (  # noqa: E402
    abs,
    bfloat16,
    bfp4_b,
    bfp8_b,
    constexpr,
    dtype,
    exp,
    float32,
    full,
    func,
    gelu,
    log,
    max,
    maximum,
    minimum,
    num_programs,
    program_id,
    program_range,
    recip,
    relu,
    rsqrt,
    sigmoid,
    silu,
    sqrt,
    square,
    static_range,
    sum,
    tanh,
    transpose,
    zeros,
)
from .launch.device import Tensor, empty, to_device  # noqa: E402
from .launch.blockfloat import round_to  # noqa: E402

__all__ = [
    "Autotuner",
    "CompiledKernel",
    "Config",
    "Kernel",
    "Profile",
    "Tensor",
    "TTLangError",
    "TTLangInternalError",
    "TTLangLaunchError",
    "TTLangNameError",
    "TTLangResourceError",
    "TTLangRuntimeError",
    "TTLangSyntaxError",
    "TTLangToolchainError",
    "TTLangTypeError",
    "TTLangWarning",
    "abs",
    "autotune",
    "bfloat16",
    "bfp4_b",
    "bfp8_b",
    "constexpr",
    "dtype",
    "empty",
    "exp",
    "export",
    "float32",
    "full",
    "func",
    "gelu",
    "kernel",
    "log",
    "max",
    "maximum",
    "minimum",
    "num_programs",
    "profile",
    "program_id",
    "program_range",
    "recip",
    "relu",
    "round_to",
    "rsqrt",
    "sigmoid",
    "silu",
    "sqrt",
    "square",
    "static_range",
    "sum",
    "tanh",
    "to_device",
    "transpose",
    "zeros",
]
