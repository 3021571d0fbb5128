"""Backends: where the generated host program and kernels run.

"emulator" (the default; TTLANG_BACKEND overrides it) builds against ttlang's own CPU
implementation of TT-Metalium. The runtime library (devices and buffers that outlive a launch)
is compiled once per backend and loaded through cffi.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
import threading
from functools import cached_property
from pathlib import Path

from ..emulator import build as emu_build
from ..errors import TTLangToolchainError

RUNTIME_DIR = Path(__file__).parent / "runtime"
HOST_CXXFLAGS = ["-std=c++20", "-O1", "-fPIC", "-shared", "-w"]


def _run(cmd: list[str], what: str) -> None:
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise TTLangToolchainError(f"{what} failed:\n{' '.join(cmd)}\n{proc.stdout}{proc.stderr}")


class EmulatorBackend:
    name = "emulator"

    def __init__(self):
        self._lock = threading.Lock()

    @cached_property
    def emu_lib_dir(self) -> Path:
        try:
            return emu_build.lib_dir()
        except emu_build.ToolchainError as e:
            raise TTLangToolchainError(str(e)) from None

    @property
    def include_dirs(self) -> list[Path]:
        return [emu_build.INCLUDE_DIR, RUNTIME_DIR]

    @cached_property
    def build_id(self) -> str:
        h = hashlib.sha256(emu_build.build_id().encode())
        for p in sorted(RUNTIME_DIR.iterdir()):
            h.update(p.read_bytes())
        return h.hexdigest()[:16]

    @cached_property
    def runtime_lib(self) -> Path:
        """libttlang_rt.so for this backend, built on first use."""
        out = emu_build.cache_root() / "runtime" / f"emulator-{self.build_id}"
        lib = out / "libttlang_rt.so"
        with self._lock:
            if lib.exists():
                return lib
            emu = self.emu_lib_dir
            out.parent.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix="rt.", dir=out.parent))
            try:
                _run(
                    [
                        emu_build.compiler(),
                        "-std=c++20",
                        "-O2",
                        "-fPIC",
                        "-shared",
                        "-DTTLANG_EMULATOR",
                        *[f"-I{d}" for d in self.include_dirs],
                        str(RUNTIME_DIR / "ttlang_runtime.cpp"),
                        "-Wl,-soname,libttlang_rt.so",
                        "-o",
                        str(tmp / "libttlang_rt.so"),
                        f"-L{emu}",
                        "-lttemu",
                        f"-Wl,-rpath,{emu}",
                    ],
                    "building the ttlang runtime",
                )
                try:
                    os.rename(tmp, out)
                except OSError:
                    if not lib.exists():
                        raise
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
        return lib

    def compile_host(self, source: Path, out: Path) -> None:
        rt = self.runtime_lib.parent
        emu = self.emu_lib_dir
        _run(
            [
                emu_build.compiler(),
                *HOST_CXXFLAGS,
                "-DTTLANG_EMULATOR",
                *[f"-I{d}" for d in self.include_dirs],
                str(source),
                "-o",
                str(out),
                f"-L{rt}",
                "-lttlang_rt",
                f"-L{emu}",
                "-lttemu",
                f"-Wl,-rpath,{rt}",
                f"-Wl,-rpath,{emu}",
            ],
            "building the generated host program",
        )


_BACKENDS: dict[str, object] = {}
_lock = threading.Lock()


def get(name: str | None = None):
    name = name or os.environ.get("TTLANG_BACKEND") or "emulator"
    with _lock:
        if name not in _BACKENDS:
            if name == "emulator":
                _BACKENDS[name] = EmulatorBackend()
            else:
                raise TTLangToolchainError(
                    f"unknown backend {name!r}: ttlang runs on the 'emulator' backend (the 'metalium' "
                    "backend for Tenstorrent hardware comes with the launcher work)"
                )
        return _BACKENDS[name]
