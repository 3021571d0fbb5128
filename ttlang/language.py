"""The builtins of the kernel language. They exist to be named inside @tt.kernel functions, where
the compiler gives them meaning; called from ordinary Python they refuse to run (as Triton's
@builtin functions do)."""

from __future__ import annotations

import enum
import functools

import ml_dtypes
import numpy as np


class dtype(enum.Enum):
    """Element types of tensors and tiles, with their TT-Metalium device formats.

    bfp8_b and bfp4_b are block-float storage formats of device tensors (tt.to_device, tt.empty):
    16 values (one row of a 16x16 face) share an 8-bit exponent and keep a sign and a 7-bit
    (bfp8_b) or 3-bit (bfp4_b) magnitude each. Numpy has no such dtype: their host copies are
    float32, and tiles read from them compute in bfloat16 or float32."""

    float32 = "float32"
    bfloat16 = "bfloat16"
    bfp8_b = "bfp8_b"
    bfp4_b = "bfp4_b"

    @property
    def device_format(self) -> str:
        return _FORMATS[self.value][0]

    @property
    def tile_bytes(self) -> int:
        """Bytes of one 32x32 tile (a DRAM page, a CB page); block floats: datums + 64 exponents."""
        return _FORMATS[self.value][1]

    @property
    def element_bits(self) -> int:
        """Bits of one element's datum (the block floats' shared exponents not counted)."""
        return _FORMATS[self.value][2]

    @property
    def block_float(self) -> bool:
        """A block-float format (bfp8_b, bfp4_b): no numpy dtype, values share exponents."""
        return self.value.startswith("bfp")

    @property
    def bf16_exact(self) -> bool:
        """Every value is a bfloat16 (bfloat16 and the block floats): the FPU's source registers
        hold it exactly, so the FPU may compute with it (Float32 would be truncated to TF32)."""
        return self is not dtype.float32

    @property
    def numpy(self) -> np.dtype:
        """The numpy dtype of host copies: the dtype itself, float32 for the block floats."""
        return np.dtype(ml_dtypes.bfloat16) if self is dtype.bfloat16 else np.dtype(np.float32)

    def __repr__(self) -> str:
        return f"tt.{self.value}"

    @staticmethod
    def of_numpy(np_dtype: np.dtype) -> "dtype | None":
        if np_dtype == np.float32:
            return dtype.float32
        if np_dtype == np.dtype(ml_dtypes.bfloat16):
            return dtype.bfloat16
        return None


# value -> (tt::DataFormat, tile bytes, bits per element)
_FORMATS = {
    "float32": ("Float32", 4096, 32),
    "bfloat16": ("Float16_b", 2048, 16),
    "bfp8_b": ("Bfp8_b", 1024 + 64, 8),
    "bfp4_b": ("Bfp4_b", 512 + 64, 4),
}

float32 = dtype.float32
bfloat16 = dtype.bfloat16
bfp8_b = dtype.bfp8_b
bfp4_b = dtype.bfp4_b


class constexpr:
    """Annotation of a kernel parameter whose value is fixed at compile time: `n: tt.constexpr`.
    Each distinct value compiles its own program (it is part of the cache key)."""

    def __init__(self, value=None):
        self.value = value

    def __repr__(self) -> str:
        return f"constexpr({self.value!r})"


def _outside_kernel(message: str):
    """A builtin or helper called from plain Python: an error at the caller's line."""
    from .errors import TTLangSyntaxError
    from .kernel import _caller_loc  # (kernel imports this module)

    raise TTLangSyntaxError(message, _caller_loc(2)).with_traceback(None) from None


class func:
    """@tt.func: a helper function inlined into the kernels (and helpers) that call it. It takes
    tiles, scalars and tensors, may use every construct a kernel may, and ends with `return`."""

    def __init__(self, fn):
        functools.update_wrapper(self, fn)
        self.fn = fn
        self._source = None

    def source(self):
        if self._source is None:
            from .ast_frontend.source import get_source

            self._source = get_source(self.fn)
        return self._source

    def __call__(self, *args, **kwargs):
        _outside_kernel(
            f"{self.fn.__name__}() is a @tt.func helper: it can only be called inside a kernel "
            "(did you forget @tt.kernel?)"
        )

    def __repr__(self) -> str:
        return f"<ttlang helper {self.fn.__qualname__}>"


BUILTINS: dict[str, object] = {}


def builtin(fn):
    """Marks a language builtin: usable inside a kernel, an error anywhere else."""

    @functools.wraps(fn)
    def refuse(*args, **kwargs):
        _outside_kernel(
            f"tt.{fn.__name__}() can only be used inside a kernel; did you forget @tt.kernel?"
        )

    refuse.__ttlang_builtin__ = fn.__name__
    BUILTINS[fn.__name__] = refuse
    return refuse


# Programs and loops ------------------------------------------------------------------------


@builtin
def program_id(axis):
    """Index of this program along grid axis 0 (rows) or 1 (columns)."""


@builtin
def num_programs(axis):
    """Number of programs along grid axis 0 or 1."""


@builtin
def program_range(n):
    """This program's contiguous share of range(n), split as evenly as possible over all programs."""


@builtin
def static_range(*args):
    """range() unrolled at compile time; its bounds are compile-time values (constants,
    tt.constexpr parameters, tensor shapes: docs/language.md, 'Compile-time values')."""


# Tile constructors ---------------------------------------------------------------------------


@builtin
def zeros(shape, dtype=float32):
    """A tile of zeros of the given (rows, cols) shape."""


@builtin
def full(shape, value, dtype=float32):
    """A tile filled with `value`."""


# Elementwise math ----------------------------------------------------------------------------


@builtin
def exp(x):
    """e**x, elementwise."""


@builtin
def log(x):
    """Natural logarithm, elementwise."""


@builtin
def sqrt(x):
    """Square root, elementwise."""


@builtin
def rsqrt(x):
    """1 / sqrt(x), elementwise."""


@builtin
def recip(x):
    """1 / x, elementwise."""


@builtin
def abs(x):
    """|x|, elementwise."""


@builtin
def relu(x):
    """max(x, 0), elementwise."""


@builtin
def sigmoid(x):
    """1 / (1 + e**-x), elementwise."""


@builtin
def tanh(x):
    """Hyperbolic tangent, elementwise."""


@builtin
def gelu(x):
    """GELU with the exact erf form: x * (1 + erf(x / sqrt(2))) / 2."""


@builtin
def silu(x):
    """x * sigmoid(x), elementwise."""


@builtin
def square(x):
    """x * x, elementwise."""


@builtin
def sum(x, axis=None, keepdims=False):
    """Sum over an axis of a tile (0: down the columns, 1: along the rows, None: all), as numpy;
    with an axis, keepdims=True is required (tile values stay 2-D)."""


@builtin
def max(x, axis=None, keepdims=False):
    """Maximum over an axis, as tt.sum."""


@builtin
def transpose(x):
    """The transpose of a tile or block of tiles."""


@builtin
def maximum(x, y):
    """Elementwise maximum of two tiles (or a tile and a scalar)."""


@builtin
def minimum(x, y):
    """Elementwise minimum of two tiles (or a tile and a scalar)."""
