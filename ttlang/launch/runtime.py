"""The host side of a launch, through cffi: the runtime library (devices, DRAM buffers) and the
generated host programs (one shared object each, exporting ttl_launch)."""

from __future__ import annotations

import threading
from pathlib import Path

import cffi

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
int32_t ttl_rt_free(int64_t buffer);
const char* ttl_rt_error(void);

int ttl_launch(const ttl_launch_args* args, char* error, size_t error_len);
"""

ffi = cffi.FFI()
ffi.cdef(CDEF)


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

    def read(self, buf: int, out) -> None:
        self._check(self.lib.ttl_rt_read(buf, ffi.from_buffer(out)), "reading a DRAM buffer")

    def free(self, buf: int) -> None:
        self.lib.ttl_rt_free(buf)


_runtimes: dict[str, Runtime] = {}
_lock = threading.Lock()


def runtime_for(backend) -> Runtime:
    with _lock:
        if backend.name not in _runtimes:
            _runtimes[backend.name] = Runtime(backend.runtime_lib)
        return _runtimes[backend.name]


class HostProgram:
    """A generated host program, loaded."""

    def __init__(self, so: Path):
        self.lib = ffi.dlopen(str(so))

    def launch(
        self, device: int, kernel_dir: Path, cores, pids, grid, buffers, scalars
    ) -> str | None:
        """Runs the program; returns None or the error message. The GIL is released meanwhile."""
        flat_cores = ffi.new("uint32_t[]", [v for c in cores for v in c])
        flat_pids = ffi.new("uint32_t[]", [v for p in pids for v in p])
        bufs = ffi.new("int64_t[]", list(buffers) or [0])
        sc = ffi.new("uint32_t[]", list(scalars) or [0])
        kdir = ffi.new("char[]", str(kernel_dir).encode())
        args = ffi.new(
            "ttl_launch_args*",
            {
                "device": device,
                "kernel_dir": kdir,
                "num_cores": len(cores),
                "cores": flat_cores,
                "pids": flat_pids,
                "grid": list(grid),
                "buffers": bufs,
                "scalars": sc,
                "num_scalars": len(scalars),
            },
        )
        err = ffi.new("char[]", 1 << 16)
        rc = self.lib.ttl_launch(args, err, 1 << 16)
        return ffi.string(err).decode(errors="replace") if rc else None
