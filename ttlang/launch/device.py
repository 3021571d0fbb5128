"""Device tensors: tensors that stay in device DRAM between launches.

`tt.to_device(array)` copies a numpy array to the device once; kernels launched with the tensor
read and write its DRAM buffer in place, so a chain of kernels never goes through the host;
`tensor.numpy()` copies the data back. A tensor owns one interleaved DRAM buffer (a MeshBuffer)
that holds its tiles in tile layout, one tile per page, exactly as a launch with a numpy array
lays that array out; the elements outside the logical shape (the padding up to whole tiles) are
kept zero, which the compiled kernels rely on (after a kernel stores into a tensor whose shape
is not a multiple of 32, the runtime zeroes its padding again, on the device).

The buffer lives on the device of one architecture and backend (the defaults of the process
unless given) and is freed by `tensor.free()` or when the tensor is garbage collected.
"""

from __future__ import annotations

import sys

import numpy as np

from .. import arch as arch_mod
from ..errors import Loc, TTLangError, TTLangLaunchError
from ..language import dtype as tt_dtype
from . import backend as backend_mod
from . import tensors
from .runtime import RuntimeError_, runtime_for


def _user_loc() -> Loc | None:
    """The position of the first frame outside ttlang (the user's call)."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__", "").startswith("ttlang."):
        frame = frame.f_back
    if frame is None:
        return None
    return Loc(frame.f_code.co_filename, frame.f_lineno, 0)


def _dtype_of(array: np.ndarray, dtype) -> tt_dtype:
    if dtype is not None:
        if isinstance(dtype, tt_dtype):
            return dtype
        try:
            dt = tt_dtype.of_numpy(np.dtype(dtype))
        except TypeError:  # not a dtype at all ("bfp8", a class numpy does not know)
            dt = None
        if dt is None:
            raise TTLangLaunchError(
                f"device tensors are tt.float32, tt.bfloat16, tt.bfp8_b or tt.bfp4_b, not {dtype!r}",
                _user_loc(),
            )
        return dt
    dt = tt_dtype.of_numpy(array.dtype)
    if dt is None:
        raise TTLangLaunchError(
            f"tt.to_device takes np.float32 or ml_dtypes.bfloat16 arrays, got {array.dtype} "
            "(convert it, or pass dtype=tt.float32 / tt.bfloat16 / tt.bfp8_b / tt.bfp4_b)",
            _user_loc(),
        )
    return dt


def _check_shape(shape) -> tuple[int, ...]:
    try:
        shape = tuple(int(n) for n in shape)
    except TypeError:
        shape = ()
    if len(shape) < 2:
        raise TTLangLaunchError(
            f"device tensors have 2 or more dimensions, got shape {shape} (reshape 1-D data to "
            "(1, n) or (n, 1))",
            _user_loc(),
        )
    if min(shape) < 1:
        raise TTLangLaunchError(f"a device tensor cannot be empty (shape {shape})", _user_loc())
    return shape


class Tensor:
    """A float32, bfloat16, bfp8_b or bfp4_b tensor of 2 or more dimensions in device DRAM (see
    the module docstring; the last two dimensions are tiled, the leading ones are batches of
    them). Made by
    `tt.to_device(array)` or `tt.empty(shape, dtype)`; pass it to kernels like a numpy array."""

    __slots__ = ("_shape", "_dt", "_arch", "_backend", "_rt", "_device", "_handle", "__weakref__")

    def __init__(self, shape: tuple[int, ...], dt: tt_dtype, arch: str | None, backend: str | None):
        """Allocates the DRAM buffer (contents undefined: use tt.to_device or tt.empty)."""
        self._handle = None
        self._shape = shape
        self._dt = dt
        try:
            be = backend_mod.get(backend)
            self._arch = arch_mod.get(arch).name
        except ValueError as e:
            raise TTLangLaunchError(str(e), _user_loc()) from None
        self._backend = be.name
        self._rt = runtime_for(be)
        try:
            self._device = self._rt.device(self._arch)
            self._handle = self._rt.alloc(self._device, tensors.nbytes(shape, dt), dt.tile_bytes)
        except RuntimeError_ as e:
            raise TTLangLaunchError(f"cannot allocate a device tensor: {e}", _user_loc()) from None

    # -- what it is ---------------------------------------------------------------------------

    @property
    def shape(self) -> tuple[int, ...]:
        """The logical shape, in elements."""
        return self._shape

    @property
    def dtype(self):
        """The numpy dtype of its elements, np.float32 or ml_dtypes.bfloat16; for the block-float
        formats, which numpy lacks, tt.bfp8_b or tt.bfp4_b (their .numpy() copies are float32)."""
        return self._dt if self._dt.block_float else self._dt.numpy

    @property
    def tile_shape(self) -> tuple[int, ...]:
        """The shape in 32x32 tiles (the last two dimensions padded up, the leading ones as they
        are)."""
        return tensors.tile_shape(self._shape)

    @property
    def arch(self) -> str:
        """The architecture of the device it lives on ("wormhole_b0", "blackhole")."""
        return self._arch

    @property
    def backend(self) -> str:
        """The backend whose device holds it ("emulator", "metalium")."""
        return self._backend

    @property
    def nbytes(self) -> int:
        """Bytes of device memory it occupies (whole tiles)."""
        return tensors.nbytes(self._shape, self._dt)

    @property
    def freed(self) -> bool:
        return self._handle is None

    def __repr__(self) -> str:
        state = ", freed" if self._handle is None else ""
        return (
            f"tt.Tensor(shape={self._shape}, dtype={self._dt.value}, device={self._arch!r}, "
            f"backend={self._backend!r}{state})"
        )

    def __len__(self) -> int:
        return self._shape[0]

    # -- data ---------------------------------------------------------------------------------

    def numpy(self) -> np.ndarray:
        """A new numpy array holding the tensor's data (copied from the device)."""
        try:
            handle = self._live(None)
            raw = np.empty(self.nbytes, dtype=np.uint8)
            try:
                self._rt.read(handle, raw)
            except RuntimeError_ as e:
                raise TTLangLaunchError(f"reading a device tensor: {e}", _user_loc()) from None
            return np.ascontiguousarray(tensors.from_tiles(raw, self._shape, self._dt))
        except TTLangError as e:
            raise e.with_traceback(None) from None

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        out = self.numpy()
        return out if dtype is None else out.astype(dtype)

    def free(self) -> None:
        """Frees the device memory now (it is freed anyway when the tensor is collected). Using the
        tensor afterwards is an error."""
        handle, self._handle = self._handle, None
        if handle is not None:
            self._rt.free(handle)

    def __del__(self):
        try:
            self.free()
        except Exception:  # interpreter shutdown: the runtime may be gone already
            pass

    # -- for the launcher ---------------------------------------------------------------------

    def _live(self, what: str | None, loc: Loc | None = None) -> int:
        """The buffer handle; a TTLangLaunchError if the tensor was freed."""
        handle = self._handle
        if handle is None:
            which = f"argument '{what}' is a device tensor that" if what else "this device tensor"
            raise TTLangLaunchError(f"{which} was freed ({self!r})", loc or _user_loc())
        return handle


def to_device(array, dtype=None, *, arch: str | None = None, backend: str | None = None) -> Tensor:
    """Copies a numpy array of 2 or more dimensions to device DRAM and returns the device tensor.

    `dtype` (tt.float32 / tt.bfloat16 / tt.bfp8_b / tt.bfp4_b or a numpy dtype) converts the data
    first (to the block floats as tt-metal's host does, tt.round_to); without it the array must be
    np.float32 or ml_dtypes.bfloat16. `arch` and `backend` pick the device (default:
    $TTLANG_ARCH / the emulator, as for kernels). A device tensor given is returned as it is.
    """
    try:
        if isinstance(array, Tensor):
            return array
        array = np.asarray(array)
        dt = _dtype_of(array, dtype)
        if array.dtype.kind not in "biuf" and tt_dtype.of_numpy(array.dtype) is None:
            raise TTLangLaunchError(
                f"tt.to_device takes numeric arrays, got {array.dtype}", _user_loc()
            )
        shape = _check_shape(array.shape)
        t = Tensor(shape, dt, arch, backend)
        try:
            t._rt.write(t._handle, tensors.to_tiles(array.astype(dt.numpy, copy=False), dt))
        except RuntimeError_ as e:
            t.free()
            raise TTLangLaunchError(f"writing a device tensor: {e}", _user_loc()) from None
        return t
    except TTLangError as e:
        raise e.with_traceback(None) from None


def empty(shape, dtype=tt_dtype.float32, *, arch: str | None = None, backend: str | None = None):
    """A device tensor of `shape` and `dtype` (tt.float32 / tt.bfloat16 / tt.bfp8_b / tt.bfp4_b or a
    numpy dtype), filled
    with zeros on the device: an output for kernels, with no copy from the host."""
    try:
        dt = dtype if isinstance(dtype, tt_dtype) else _dtype_of(np.empty(0), dtype)
        t = Tensor(_check_shape(shape), dt, arch, backend)
        try:
            t._rt.zero(t._handle)
        except RuntimeError_ as e:
            t.free()
            raise TTLangLaunchError(f"zeroing a device tensor: {e}", _user_loc()) from None
        return t
    except TTLangError as e:
        raise e.with_traceback(None) from None
