"""The host side of a launch, through cffi: the runtime library (devices, DRAM buffers) and the
generated host programs (one shared object each, exporting ttl_launch).

cffi's ABI mode releases the GIL for the duration of every C call, so other Python threads (and
the progress monitor) run while a program runs on the emulator.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from pathlib import Path

import cffi
import numpy as np

from . import tensors

CDEF = """
typedef struct {
    int32_t device;
    const char* kernel_dir;
    uint32_t num_cores;
    const uint32_t* cores;
    const uint32_t* pids;
    uint32_t grid[2];
    const int64_t* buffers;
    const uint32_t* scalars;
    uint32_t num_scalars;
} ttl_launch_args;

int32_t ttl_rt_open(const char* arch);
int64_t ttl_rt_alloc(int32_t device, uint64_t size, uint32_t page_size);
int32_t ttl_rt_write(int64_t buffer, const void* src);
int32_t ttl_rt_read(int64_t buffer, void* dst);
int32_t ttl_rt_write_tiles(int64_t buffer, const void* src, uint32_t matrices,
                           int64_t matrix_stride, uint32_t rows, uint32_t cols,
                           int64_t row_stride, uint32_t elem_bytes);
int32_t ttl_rt_read_tiles(int64_t buffer, void* dst, uint32_t matrices,
                          int64_t matrix_stride, uint32_t rows, uint32_t cols,
                          int64_t row_stride, uint32_t elem_bytes);
int32_t ttl_rt_free(int64_t buffer);
int32_t ttl_rt_zero(int64_t buffer);
int32_t ttl_rt_fill_padding(int64_t buffer, uint32_t matrices, uint32_t rows, uint32_t cols,
                            uint32_t elem_bits,
                            const char* kernel_path);
const char* ttl_rt_error(void);

typedef struct {
    uint64_t run;
    uint64_t host_thread;
    uint64_t noc_writes;
    uint32_t cores;
    uint32_t cores_done;
    uint32_t running;
} ttl_progress;
int32_t ttl_rt_progress(int32_t device, ttl_progress* out);

int64_t ttl_rt_last_run(int32_t device);
const char* ttl_rt_profile_json(int32_t device, uint64_t run);
const char* ttl_rt_site_lines(const uint64_t* pcs, uint32_t n);
int32_t ttl_rt_write_trace(int32_t device, uint64_t run, const char* path, const uint64_t* pcs,
                           const char* const* names, uint32_t n);
int32_t ttl_rt_write_profile_csv(int32_t device, uint64_t run, const char* path);

int ttl_launch(const ttl_launch_args* args, char* error, size_t error_len);
"""

ffi = cffi.FFI()
ffi.cdef(CDEF)

FILL_PADDING = Path(__file__).parent / "runtime" / "fill_padding.cpp"

# Copies of tensor data between the host and device DRAM, by direction ("to_device",
# "to_host") and their bytes ("to_device_bytes", "to_host_bytes"): tests read them to show that a
# chain of kernels on device tensors never goes through the host.
transfers: Counter = Counter()


class RuntimeError_(Exception):
    """An error reported by the runtime library or a host program (translated by the caller)."""


class Runtime:
    """The loaded runtime library of a backend."""

    def __init__(self, lib_path: Path):
        # RTLD_GLOBAL: host programs link against this very library and must share its state.
        self.lib = ffi.dlopen(str(lib_path), ffi.RTLD_NOW | ffi.RTLD_GLOBAL)
        self._devices: dict[str, int] = {}
        self._lock = threading.Lock()

    def _check(self, rc, what: str):
        if rc < 0:
            raise RuntimeError_(f"{what}: {ffi.string(self.lib.ttl_rt_error()).decode()}")
        return rc

    def device(self, arch: str) -> int:
        with self._lock:
            if arch not in self._devices:
                self._devices[arch] = self._check(
                    self.lib.ttl_rt_open(arch.encode()), "opening the device"
                )
            return self._devices[arch]

    def alloc(self, device: int, nbytes: int, page_size: int) -> int:
        return self._check(
            self.lib.ttl_rt_alloc(device, nbytes, page_size), "allocating a DRAM buffer"
        )

    def write(self, buf: int, data) -> None:
        self._check(self.lib.ttl_rt_write(buf, ffi.from_buffer(data)), "writing a DRAM buffer")
        transfers["to_device"] += 1
        transfers["to_device_bytes"] += data.nbytes

    def read(self, buf: int, out) -> None:
        self._check(self.lib.ttl_rt_read(buf, ffi.from_buffer(out)), "reading a DRAM buffer")
        transfers["to_host"] += 1
        transfers["to_host_bytes"] += out.nbytes

    def write_tiles(self, buf: int, array: np.ndarray, dt) -> None:
        """An array into the buffer as its padded tiles (tensors.to_tiles' layout: the matrices
        of its last two dimensions one after the other), tilized by the runtime in one pass
        (numpy's transpose plus a copy made two)."""
        a = _rows_of(array, dt)
        m, ms, rows, cols = _matrices(a)
        rc = self.lib.ttl_rt_write_tiles(
            buf, ffi.cast("void*", a.ctypes.data), m, ms, rows, cols, a.strides[-2], a.itemsize
        )
        self._check(rc, "writing a DRAM buffer")
        transfers["to_device"] += 1
        transfers["to_device_bytes"] += tensors.nbytes(a.shape, dt)

    def read_tiles(self, buf: int, out: np.ndarray, dt) -> None:
        """The real region of the buffer's tiles into the array `out`, in one pass."""
        a = out if _rows_of(out, dt) is out else np.empty(out.shape, dt.numpy)
        m, ms, rows, cols = _matrices(a)
        rc = self.lib.ttl_rt_read_tiles(
            buf, ffi.cast("void*", a.ctypes.data), m, ms, rows, cols, a.strides[-2], a.itemsize
        )
        self._check(rc, "reading a DRAM buffer")
        if a is not out:
            np.copyto(out, a)
        transfers["to_host"] += 1
        transfers["to_host_bytes"] += tensors.nbytes(a.shape, dt)

    def zero(self, buf: int) -> None:
        self._check(self.lib.ttl_rt_zero(buf), "zeroing a DRAM buffer")

    def fill_padding(self, buf: int, shape: tuple, dt) -> None:
        """Zeroes the padding of a tiled tensor of this shape and dtype `dt`, on the device."""
        *lead, rows, cols = shape
        self._check(
            self.lib.ttl_rt_fill_padding(
                buf, math.prod(lead), rows, cols, dt.element_bits, _FILL_PADDING_PATH
            ),
            "zeroing the padding of a device tensor",
        )

    def free(self, buf: int) -> None:
        self.lib.ttl_rt_free(buf)

    def progress(self, device: int):
        """The progress record of the run on `device` (a cffi ttl_progress), or None when the
        backend cannot tell."""
        out = ffi.new("ttl_progress*")
        return out if self.lib.ttl_rt_progress(device, out) == 0 else None

    # The timing model's profiles (emulator only).
    def last_run(self, device: int) -> int:
        """The number of the device's last profiled run (0: none, or a backend without a model)."""
        return max(0, int(self.lib.ttl_rt_last_run(device)))

    def profile_json(self, device: int, run: int) -> str:
        """Run `run`'s profile as JSON, "" if it is no longer kept."""
        return ffi.string(self.lib.ttl_rt_profile_json(device, run)).decode()

    def site_lines(self, pcs: list[int]) -> list[str]:
        """The kernel source line ("file:line") of each call-site address."""
        if not pcs:
            return []
        text = ffi.string(self.lib.ttl_rt_site_lines(ffi.new("uint64_t[]", pcs), len(pcs))).decode()
        return text.split("\n")[: len(pcs)]

    def write_trace(self, device: int, run: int, path: str, names: dict[int, str]) -> bool:
        """Writes run `run`'s Chrome trace, call sites labelled by `names`; False if the run is
        no longer kept."""
        keep = [ffi.new("char[]", v.encode()) for v in names.values()]
        rc = self.lib.ttl_rt_write_trace(
            device, run, str(path).encode(), ffi.new("uint64_t[]", list(names) or [0]),
            ffi.new("char*[]", keep or [ffi.NULL]), len(names),
        )
        self._check(rc if rc <= 0 else 0, "writing a trace")
        return rc == 0

    def write_profile_csv(self, device: int, run: int, path: str) -> bool:
        rc = self.lib.ttl_rt_write_profile_csv(device, run, str(path).encode())
        self._check(rc if rc <= 0 else 0, "writing a device profile")
        return rc == 0


def _rows_of(array: np.ndarray, dt) -> np.ndarray:
    """`array` itself if the runtime can copy its rows as they are (the device dtype, each row's
    elements contiguous, its matrices evenly spaced), else a copy that it can."""
    if array.dtype == dt.numpy and (array.shape[-1] == 1 or array.strides[-1] == array.itemsize):
        if array.ndim == 2 or _matrices(array) is not None:
            return array
    return np.ascontiguousarray(array, dtype=dt.numpy)


def _matrices(a: np.ndarray) -> tuple[int, int, int, int] | None:
    """(count, byte stride, rows, cols) of the matrices of a's last two dimensions, if they are
    evenly spaced in memory (its leading dimensions merge into one); else None."""
    *lead, rows, cols = a.shape
    count, stride = 1, 0
    for n, s in reversed(list(zip(lead, a.strides[:-2]))):
        if n == 1:
            continue
        if count > 1 and s != stride * count:
            return None
        if count == 1:
            stride = s
        count *= n
    return count, stride, rows, cols


_FILL_PADDING_PATH = ffi.new("char[]", str(FILL_PADDING).encode())
_runtimes: dict[str, Runtime] = {}
_lock = threading.Lock()


def runtime_for(backend) -> Runtime:
    with _lock:
        if backend.name not in _runtimes:
            _runtimes[backend.name] = Runtime(backend.runtime_lib)
        return _runtimes[backend.name]


class HostProgram:
    """A generated host program, loaded."""

    def __init__(self, so: Path, kernel_dir: Path):
        self.lib = ffi.dlopen(str(so))
        self._kernel_dir = ffi.new("char[]", str(kernel_dir).encode())
        self._grids: dict = {}  # core map -> its cffi arrays, built once per grid
        self._local = threading.local()  # per thread: the error buffer

    def _grid(self, core_map):
        g = self._grids.get(core_map)
        if g is None:
            cores = ffi.new("uint32_t[]", [v for c in core_map.cores for v in c])
            pids = ffi.new("uint32_t[]", [v for p in core_map.pids for v in p])
            g = self._grids[core_map] = (cores, pids, len(core_map.cores), list(core_map.dims))
        return g

    def launch(self, device: int, core_map, buffers: list[int], scalars: list[int]) -> str | None:
        """Runs the program; returns None or the error message. The GIL is released meanwhile."""
        cores, pids, num_cores, dims = self._grid(core_map)
        bufs = ffi.new("int64_t[]", buffers or [0])
        sc = ffi.new("uint32_t[]", scalars or [0])
        args = ffi.new(
            "ttl_launch_args*",
            {
                "device": device,
                "kernel_dir": self._kernel_dir,
                "num_cores": num_cores,
                "cores": cores,
                "pids": pids,
                "grid": dims,
                "buffers": bufs,
                "scalars": sc,
                "num_scalars": len(scalars),
            },
        )
        err = getattr(self._local, "error", None)
        if err is None:
            err = self._local.error = ffi.new("char[]", ERROR_LEN)
        if self.lib.ttl_launch(args, err, ERROR_LEN) == 0:
            return None
        return ffi.string(err).decode(errors="replace")


ERROR_LEN = 1 << 16
