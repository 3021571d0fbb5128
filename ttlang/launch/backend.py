"""Backends: where the generated host program and kernels run.

- ``"emulator"`` (the default): ttlang's CPU implementation of TT-Metalium (``ttlang.emulator``).
- ``"metalium"``: an installed TT-Metalium -- a tt-metal checkout built with ``./build_metal.sh``,
  found through ``TT_METAL_HOME`` -- and a Tenstorrent device.

A kernel picks its backend with ``@tt.kernel(backend=...)``; without one, ``$TTLANG_BACKEND``
decides, else the emulator. Both backends build the very same generated host program and the
runtime library (devices and buffers that outlive a launch) with the host C++ compiler into shared
objects loaded through cffi; only include paths, defines and libraries differ. The kernels are
handed to ``CreateKernel`` by absolute path, and TT-Metalium (or the emulator) JIT-compiles them.
"""

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..emulator import build as emu_build
from ..emulator import cachedir, feedback
from ..errors import Loc, TTLangToolchainError

RUNTIME_DIR = Path(__file__).parent / "runtime"
HOST_CXXFLAGS = ["-std=c++20", "-O1", "-fPIC", "-shared", "-w"]
RUNTIME_CXXFLAGS = ["-std=c++20", "-O2", "-fPIC", "-shared"]
NAMES = ("emulator", "metalium")


def _run(cmd: list[str], what: str) -> None:
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise TTLangToolchainError(f"{what} failed:\n{' '.join(cmd)}\n{proc.stdout}{proc.stderr}")


class _Backend:
    """What both backends share: building the runtime library and the host programs. A backend
    supplies its compile flags (`cxxflags`), its link flags (`ldflags`) and a `build_id` that
    changes whenever what it builds against changes."""

    name: str

    def __init__(self):
        self._lock = threading.Lock()

    @property
    def cxxflags(self) -> list[str]:
        raise NotImplementedError

    @property
    def ldflags(self) -> list[str]:
        raise NotImplementedError

    @property
    def build_id(self) -> str:
        raise NotImplementedError

    def check_runnable(self, loc: Loc | None = None) -> None:
        """Raises TTLangToolchainError, at `loc`, if a launch on this backend cannot run here."""

    def runtime_command(self, out: Path) -> list[str]:
        """The command line that builds libttlang_rt.so into `out`."""
        return [
            emu_build.compiler(),
            *RUNTIME_CXXFLAGS,
            *self.cxxflags,
            str(RUNTIME_DIR / "ttlang_runtime.cpp"),
            "-Wl,-soname,libttlang_rt.so",
            "-o",
            str(out),
            *self.ldflags,
        ]

    @cached_property
    def runtime_dir(self) -> Path:
        """Where this backend's libttlang_rt.so lives (see runtime_lib); fixed at first use, as
        the library loaded into the process is."""
        return cachedir.runtimes_dir() / f"{self.name}-{self.build_id}"

    @cached_property
    def runtime_lib(self) -> Path:
        """libttlang_rt.so for this backend, built on first use."""
        out = self.runtime_dir
        lib = out / "libttlang_rt.so"
        self.ldflags  # noqa: B018 (what the runtime links against: built first if missing)
        with self._lock:
            cachedir.hold(out.parent, out.name)  # in use by this process from now on
            if lib.exists():
                cachedir.touch(out)
                return lib
            out.parent.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix="rt.", dir=out.parent))
            try:
                cmd = self.runtime_command(tmp / "libttlang_rt.so")
                what = f"the {self.name} runtime library and precompiled header"
                with feedback.building(what, out, emu_build.cache_root(), "runtime"):
                    _run(cmd, "building the ttlang runtime")
                    self._build_host_pch(tmp)
                try:
                    os.rename(tmp, out)
                except OSError:
                    if not lib.exists():
                        raise
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
            cachedir.evict_versions("runtime", self.name)
        return lib

    def _build_host_pch(self, out: Path) -> None:
        """Precompiles the headers of the host programs (runtime/ttlang_host.hpp) into
        out/ttlang_host.hpp.gch, with the host programs' flags. Best effort: without it host
        programs parse the headers themselves."""
        pch = out / "ttlang_host.hpp.gch"
        flags = [f for f in HOST_CXXFLAGS if f != "-shared"]
        header = str(RUNTIME_DIR / "ttlang_host.hpp")
        cmd = [emu_build.compiler(), *flags, *self.cxxflags, "-x", "c++-header", header]
        if subprocess.run([*cmd, "-o", str(pch)], capture_output=True).returncode != 0:
            pch.unlink(missing_ok=True)

    def host_command(self, source: Path, out: Path) -> list[str]:
        """The command line that builds a generated host program into a shared object (linked
        against the runtime library, which compile_host builds first)."""
        rt = self.runtime_dir
        # The precompiled headers, found in rt ahead of runtime/ttlang_host.hpp itself.
        pch = ["-I", str(rt), "-include", "ttlang_host.hpp"]
        return [
            emu_build.compiler(),
            *HOST_CXXFLAGS,
            *(pch if (rt / "ttlang_host.hpp.gch").exists() else []),
            *self.cxxflags,
            str(source),
            "-o",
            str(out),
            f"-L{rt}",
            "-lttlang_rt",
            f"-Wl,-rpath,{rt}",
            *self.ldflags,
        ]

    def compile_host(self, source: Path, out: Path) -> None:
        self.runtime_lib  # noqa: B018 (built on first use)
        _run(self.host_command(source, out), "building the generated host program")


class EmulatorBackend(_Backend):
    name = "emulator"

    @cached_property
    def emu_lib_dir(self) -> Path:
        try:
            return emu_build.lib_dir()
        except emu_build.ToolchainError as e:
            raise TTLangToolchainError(str(e)) from None

    @property
    def include_dirs(self) -> list[Path]:
        return [emu_build.INCLUDE_DIR, RUNTIME_DIR]

    @property
    def cxxflags(self) -> list[str]:
        return ["-DTTLANG_EMULATOR", *[f"-I{d}" for d in self.include_dirs]]

    @property
    def ldflags(self) -> list[str]:
        emu = self.emu_lib_dir
        return [f"-L{emu}", "-lttemu", f"-Wl,-rpath,{emu}"]

    @cached_property
    def build_id(self) -> str:
        h = hashlib.sha256(emu_build.build_id().encode())
        for p in sorted(RUNTIME_DIR.iterdir()):
            h.update(p.read_bytes())
        return h.hexdigest()[:16]


# -- TT-Metalium ------------------------------------------------------------------------------

INSTALL_HINT = """\
To install TT-Metalium v0.81.1 (on a machine with a Tenstorrent card and its driver, tt-kmd):
    git clone --recurse-submodules --branch v0.81.1 https://github.com/tenstorrent/tt-metal.git
    cd tt-metal && ./install_dependencies.sh && ./build_metal.sh
    export TT_METAL_HOME=$PWD
Without Tenstorrent hardware, run on the emulator: @tt.kernel(backend="emulator") or
TTLANG_BACKEND=emulator (the default)."""

DEVICE_DIR = Path("/dev/tenstorrent")  # tt-kmd creates one node per card: /dev/tenstorrent/0, ...

# What a built tt-metal checkout must hold, relative to TT_METAL_HOME, and what each piece is.
# The host API headers live under tt_metal/api (<tt-metalium/host_api.hpp>), the headers shared
# with the device under tt_metal/hostdevcommon/api, tt-stl under tt_stl (<tt_stl/span.hpp>), UMD's
# (the driver library's) under tt_metal/third_party/umd/device/api; ./build_metal.sh installs the
# libraries into build/ (a link to build_Release/), libtt_metal.so in build/lib.
REQUIRED_HEADERS = (
    ("tt_metal/api/tt-metalium/host_api.hpp", "the TT-Metalium host API headers"),
    ("tt_metal/api/tt-metalium/distributed.hpp", "the TT-Metalium mesh API headers"),
    ("tt_metal/hostdevcommon/api/hostdevcommon", "the host/device common headers"),
    ("tt_stl/tt_stl", "the tt-stl headers"),
    ("tt_metal/third_party/umd/device/api/umd", "the UMD device headers (git submodule)"),
)
LIB_DIRS = ("build/lib", "build_Release/lib")
LIBRARY = "libtt_metal.so"
# Header-only dependencies the host headers include (fmt, nlohmann_json, enchantum, reflect,
# tt-logger, spdlog), fetched by CPM into $TT_METAL_HOME/.cpmcache/<name>/<hash>/ during the build;
# reflect keeps its single header at the top of its directory, the others under include/.
CPM_PACKAGES = ("fmt", "nlohmann_json", "enchantum", "reflect", "tt-logger", "spdlog", "magic_enum")
OPTIONAL_INCLUDES = (
    "tt_metal/third_party/tracy/public",
    "build/include",
    "build/include/metalium-thirdparty",
)


@dataclass(frozen=True)
class MetaliumInstall:
    """A built tt-metal checkout: its root, include directories and library directory."""

    home: Path
    include_dirs: tuple[Path, ...]
    lib_dir: Path

    @property
    def library(self) -> Path:
        return self.lib_dir / LIBRARY

    @classmethod
    def find(cls, environ=None) -> MetaliumInstall:
        """The installation $TT_METAL_HOME points at, or TTLangToolchainError naming every piece
        that is missing."""
        environ = os.environ if environ is None else environ
        problems = _install_problems(environ)
        if problems:
            raise TTLangToolchainError(_missing_message(problems))
        home = Path(environ["TT_METAL_HOME"]).absolute()
        lib_dir = next(home / d for d in LIB_DIRS if (home / d / LIBRARY).exists())
        includes = [
            home / "tt_metal/api",
            home / "tt_metal/hostdevcommon/api",
            home / "tt_stl",
            home / "tt_metal/third_party/umd/device/api",
            home,  # some headers include "tt_metal/..." from the root
        ]
        includes += [home / d for d in OPTIONAL_INCLUDES if (home / d).is_dir()]
        # The build's CPM cache: .cpmcache in the checkout unless ./build_metal.sh was given
        # --cpm-source-cache (then, usually, $CPM_SOURCE_CACHE).
        caches = [home / ".cpmcache"]
        if environ.get("CPM_SOURCE_CACHE"):
            caches.append(Path(environ["CPM_SOURCE_CACHE"]).absolute())
        for cpm in dict.fromkeys(caches):
            for pkg in CPM_PACKAGES:
                for d in sorted((cpm / pkg).glob("*")):
                    inc = d / "include"
                    if inc.is_dir():
                        includes.append(inc)
                    elif pkg == "reflect" and (d / "reflect").is_file():
                        includes.append(d)
        return cls(home, tuple(includes), lib_dir)


def _install_problems(environ) -> list[str]:
    home_text = environ.get("TT_METAL_HOME")
    if not home_text:
        return ["TT_METAL_HOME is not set: it names the root of a built tt-metal checkout"]
    home = Path(home_text)
    if not home.is_dir():
        return [f"TT_METAL_HOME={home_text} is not a directory"]
    problems = [
        f"{home / rel} ({what})" for rel, what in REQUIRED_HEADERS if not (home / rel).exists()
    ]
    if not any((home / d / LIBRARY).exists() for d in LIB_DIRS):
        where = " or ".join(str(home / d / LIBRARY) for d in LIB_DIRS)
        problems.append(f"{where} (the TT-Metalium library: run ./build_metal.sh in {home})")
    return problems


def _missing_message(problems: list[str]) -> str:
    items = "\n".join(f"  - {p}" for p in problems)
    return (
        "the 'metalium' backend builds against an installed TT-Metalium and runs on a "
        f"Tenstorrent device; missing:\n{items}\n{INSTALL_HINT}"
    )


def device_problem() -> str | None:
    """Why no Tenstorrent device can be opened here, or None."""
    try:
        if DEVICE_DIR.is_dir() and any(DEVICE_DIR.iterdir()):
            return None
    except PermissionError:
        return f"{DEVICE_DIR}/ exists but is not readable by this user (check its permissions)"
    return (
        f"a Tenstorrent device: {DEVICE_DIR}/ has no devices (install the card's kernel driver "
        "tt-kmd, https://github.com/tenstorrent/tt-kmd; `tt-smi` lists the cards it sees)"
    )


class MetaliumBackend(_Backend):
    """Builds against the TT-Metalium installation at $TT_METAL_HOME. The installation is checked
    when first needed (compiling needs it; launching also needs a device): a missing piece is a
    TTLangToolchainError that names it and says how to install TT-Metalium."""

    name = "metalium"

    def __init__(self, environ=None):
        super().__init__()
        self._environ = dict(os.environ if environ is None else environ)

    @cached_property
    def install(self) -> MetaliumInstall:
        return MetaliumInstall.find(self._environ)

    @property
    def include_dirs(self) -> list[Path]:
        return [*self.install.include_dirs, RUNTIME_DIR]

    @property
    def cxxflags(self) -> list[str]:
        # tt-metal links fmt header-only (fmt::fmt-header-only in TT::Metalium's interface).
        extra = shlex.split(self._environ.get("TTLANG_METALIUM_CXXFLAGS", ""))
        return ["-DFMT_HEADER_ONLY", *[f"-I{d}" for d in self.include_dirs], *extra]

    @property
    def ldflags(self) -> list[str]:
        lib = self.install.lib_dir
        return [f"-L{lib}", "-ltt_metal", f"-Wl,-rpath,{lib}"]

    @cached_property
    def build_id(self) -> str:
        h = hashlib.sha256(str(self.install.home).encode())
        st = self.install.library.stat()
        h.update(f"{self.install.library.resolve()}:{st.st_size}:{st.st_mtime_ns}".encode())
        h.update(" ".join(self.cxxflags).encode())
        for p in sorted(RUNTIME_DIR.iterdir()):
            h.update(p.read_bytes())
        return h.hexdigest()[:16]

    def check_runnable(self, loc: Loc | None = None) -> None:
        problems = _install_problems(self._environ)
        device = device_problem()
        if device:
            problems.append(device)
        if problems:
            raise TTLangToolchainError(_missing_message(problems), loc)


_BACKENDS: dict[tuple, _Backend] = {}
_lock = threading.Lock()


def get(name: str | None = None) -> _Backend:
    """The backend `name` ("emulator" | "metalium"), else $TTLANG_BACKEND's, else the emulator."""
    name = name or os.environ.get("TTLANG_BACKEND") or "emulator"
    if name not in NAMES:
        raise TTLangToolchainError(
            f"unknown backend {name!r}: ttlang runs on 'emulator' (its CPU emulator of "
            "TT-Metalium, the default) or 'metalium' (an installed TT-Metalium and a "
            "Tenstorrent device)"
        )
    # One metalium backend per installation, so that changing TT_METAL_HOME takes effect.
    key = (name, os.environ.get("TT_METAL_HOME", "")) if name == "metalium" else (name,)
    with _lock:
        if key not in _BACKENDS:
            _BACKENDS[key] = EmulatorBackend() if name == "emulator" else MetaliumBackend()
        return _BACKENDS[key]
