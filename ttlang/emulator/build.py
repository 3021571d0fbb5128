"""Builds libttemu.so, the emulator runtime, once per distinct source tree.

The library lands in ``<cache>/emulator/lib-<hash>/`` where the hash covers every emulator source
and header, the compiler and its flags; a second build of the same tree is a directory lookup.
Concurrent builders race harmlessly: each builds in a private temporary directory and renames it
into place.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import cachedir, feedback

HERE = Path(__file__).resolve().parent
INCLUDE_DIR = HERE / "include"
SRC_DIR = HERE / "src"
CXXFLAGS = [
    "-std=c++20",
    "-O2",
    "-g",
    "-fPIC",
    "-fnon-call-exceptions",
    "-Wall",
    "-Wextra",
    "-Wno-unused-parameter",
]
LIB_NAME = "libttemu.so"

_lock = threading.Lock()
_built: Path | None = None


class ToolchainError(RuntimeError):
    """The C++ toolchain the emulator needs is missing or failed."""


cache_root = cachedir.root  # where every cached build lives (cachedir.py: layout and bounds)


def compiler() -> str:
    return os.environ.get("TTEMU_CXX", "g++")


def check_compiler() -> None:
    """Raises ToolchainError unless a C++20 compiler is on PATH."""
    cxx = compiler()
    if shutil.which(cxx) is None:
        raise ToolchainError(
            f"ttlang needs a C++20 compiler: '{cxx}' was not found on PATH. Install g++ 10 or newer "
            "(Debian/Ubuntu: apt install g++) or point TTEMU_CXX at one."
        )


def source_files() -> list[Path]:
    return sorted(p for p in list(SRC_DIR.rglob("*")) + list(INCLUDE_DIR.rglob("*")) if p.is_file())


def build_id() -> str:
    h = hashlib.sha256()
    for p in source_files():
        h.update(str(p.relative_to(HERE)).encode())
        h.update(p.read_bytes())
    h.update(compiler().encode())
    h.update(" ".join(CXXFLAGS).encode())
    h.update(str(INCLUDE_DIR).encode())
    return h.hexdigest()[:16]


def lib_dir() -> Path:
    """The directory holding libttemu.so for this source tree (built on first use)."""
    global _built
    with _lock:
        if _built is None:
            _built = _build()
        return _built


def _build() -> Path:
    bid = build_id()
    out = cachedir.libraries_dir() / f"lib-{bid}"
    cachedir.hold(out.parent, out.name)  # in use by this process from now on
    if (out / LIB_NAME).exists():
        cachedir.touch(out)
        return out
    check_compiler()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f"lib-{bid}.", dir=out.parent))
    sources = sorted(SRC_DIR.rglob("*.cpp"))
    try:
        with feedback.building(
            f"the emulator library {LIB_NAME}", out, cache_root(), "emulator", len(sources)
        ) as progress:
            _compile_library(bid, tmp, sources, progress)
        try:
            os.rename(tmp, out)
        except OSError:
            if not (out / LIB_NAME).exists():
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    cachedir.evict_versions("library", "emulator")
    return out


def _compile_library(bid: str, tmp: Path, sources: list[Path], progress) -> None:
    """Compiles `sources` in parallel and links them into tmp/libttemu.so."""
    defines = [f'-DTTEMU_INCLUDE_DIR="{INCLUDE_DIR}"', f'-DTTEMU_BUILD_ID="{bid}"']
    includes = [f"-I{INCLUDE_DIR}", f"-I{SRC_DIR}"]

    def compile_one(src: Path) -> Path:
        obj = tmp / (str(src.relative_to(SRC_DIR).with_suffix("")).replace(os.sep, "_") + ".o")
        _run([compiler(), *CXXFLAGS, *defines, *includes, "-c", str(src), "-o", str(obj)])
        progress.step()
        return obj

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        objs = list(pool.map(compile_one, sources))
    _run(
        [
            compiler(),
            "-shared",
            "-Wl,-soname," + LIB_NAME,
            *map(str, objs),
            "-o",
            str(tmp / LIB_NAME),
            "-ldl",
            "-lpthread",
        ]
    )
    for o in objs:
        o.unlink(missing_ok=True)


def _run(cmd: list[str]) -> None:
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise ToolchainError(
            "building the ttlang emulator failed:\n"
            + " ".join(cmd)
            + "\n"
            + proc.stdout
            + proc.stderr
        )


def cflags() -> str:
    return f"-std=c++20 -I{INCLUDE_DIR}"


def libs() -> str:
    d = lib_dir()
    return f"-L{d} -lttemu -Wl,-rpath,{d}"


if __name__ == "__main__":  # pragma: no cover
    print(lib_dir())
    sys.exit(0)
