"""ttlang's generated code checked against the real TT-Metalium v0.81.1.

The ground truth is the PyPI ``ttnn==0.81.1`` wheel: it carries the real device headers
(``tt_metal/hw/inc/api/...``, the LLK headers, the firmware sources) and ``libtt_metal.so``. It is
downloaded once with pip (never installed) into ``<ttlang cache>/metalium-0.81.1/`` and the few
members the checks need are extracted next to it; both steps are atomic and serialised between
processes by a lock file. ``TTLANG_METALIUM_WHEEL=<path.whl>`` uses a local copy instead of the
registry.

The checks (each returns :class:`Problem` records rather than raising, so a test can report all of
them at once):

- :meth:`Metalium.check_dataflow` -- a reader or writer kernel is syntax-checked by the host g++
  exactly as the firmware build includes it: the prefix of the real ``ncrisck.cc`` (reader) or
  ``brisck.cc`` (writer) up to ``#include <kernel_includes.hpp>``, which includes the kernel;
  Wormhole defines (``COMPILE_FOR_NCRISC``/``COMPILE_FOR_BRISC``, ``PROCESSOR_INDEX`` 1/0,
  ``NOC_INDEX`` from the host's DataMovementConfig), the kernel's real compile-time args and
  ``-Werror=deprecated-declarations``.
- :meth:`Metalium.check_compute` -- a compute kernel is compiled as the PACK thread of the TRISCs
  (the real ``trisck.cc`` prefix up to ``chlkc_list.h``, a generated ``chlkc_pack.cpp`` /
  ``chlkc_descriptors.h`` as tt-metal's genfiles.cpp writes them, ``UCK_CHLKC_PACK``,
  ``COMPILE_FOR_TRISC=2``, ``PROCESSOR_INDEX=4``) when every ``api/compute`` header it includes
  parses as PACK without the SFPI toolchain (probed once per header); and, always, every call
  is checked by name and arity against the declarations of the wheel's compute API (every
  ``api/**.h`` a compute kernel can include, preprocessed for Wormhole as each of the three
  TRISC threads) -- the only check possible for the SFPU headers.
- :meth:`Metalium.host_symbols` / :meth:`Metalium.check_host_symbols` -- the generated host
  program is compiled against the emulator's headers (``python -m ttlang.emulator --cflags``) at
  -O0 with one section per function; the symbols that the host program's own functions
  reference and that live in namespaces ``tt``, ``tensor_accessor`` or ``ttsl`` are what it
  needs from TT-Metalium. Each must be exported by the wheel's ``libtt_metal.so`` (exact
  mangled name), or be listed in :data:`HEADER_INLINE`: members the real v0.81.1 headers define
  inline (the wheel ships no host headers, so that list is explicit and documented entry by
  entry). Anything else is a problem naming the emulator's symbol and what the library exports
  under the same name.
- :meth:`Metalium.drift` -- every free function the emulator declares under
  ``ttlang/emulator/include/api/`` (outside namespace ``ttemu``; in a ``detail`` namespace only
  if v0.81.1 declares that name there too, the others being the emulator's own helpers) is
  compared with the real declarations of the same name and namespace: template parameters
  (kind, type, default), parameter types and defaults.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ttlang.emulator import build as emu_build

from . import cxx

VERSION = "0.81.1"
WHEEL_REQUIREMENT = f"ttnn=={VERSION}"
PIP_DOWNLOAD = [
    "--no-deps",
    "--only-binary=:all:",
    "--python-version",
    "3.12",
    "--platform",
    "manylinux_2_34_x86_64",
]
# What the checks read from the wheel (~35 MB of the ~100 MB wheel).
MEMBER_PREFIXES = (
    "ttnn/tt_metal/hw/",
    "ttnn/tt_metal/tt-llk/",
    "ttnn/tt_metal/hostdevcommon/",
    "ttnn/tt_metal/api/",
)
MEMBER_FILES = ("ttnn/build/lib/libtt_metal.so",)

REPO = Path(__file__).resolve().parents[2]
EMU_INCLUDE = Path(emu_build.INCLUDE_DIR)
RUNTIME_INCLUDE = REPO / "ttlang" / "launch" / "runtime"


class WheelUnavailable(Exception):
    """The wheel cannot be had because the package registry cannot be reached."""


# ---------------------------------------------------------------------------------------------
# The wheel, downloaded once


def metalium_cache() -> Path:
    return emu_build.cache_root() / f"metalium-{VERSION}"


@contextlib.contextmanager
def _locked(path: Path):
    with open(path, "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _index_url() -> str:
    url = os.environ.get("PIP_INDEX_URL")
    if not url:
        try:
            out = subprocess.run(
                [sys.executable, "-m", "pip", "config", "get", "global.index-url"],
                capture_output=True,
                text=True,
                timeout=30,
            )
            url = out.stdout.strip() if out.returncode == 0 else ""
        except (OSError, subprocess.SubprocessError):
            url = ""
    return url or "https://pypi.org/simple/"


def _registry_error() -> str | None:
    """Why the package registry cannot be reached, or None if it can."""
    url = _index_url().rstrip("/") + "/ttnn/"
    try:
        with urllib.request.urlopen(url, timeout=20) as r:
            r.read(1)
        return None
    except urllib.error.HTTPError as e:
        if e.code in (401, 403, 404):
            return None  # reachable; pip's own error stands
        return f"{url}: HTTP {e.code}"
    except (urllib.error.URLError, OSError) as e:
        return f"{url}: {getattr(e, 'reason', e)}"


def _download_wheel(base: Path) -> Path:
    local = os.environ.get("TTLANG_METALIUM_WHEEL")
    if local:
        p = Path(local)
        if not p.is_file():
            raise RuntimeError(f"TTLANG_METALIUM_WHEEL={local} is not a file")
        return p
    found = sorted(base.glob(f"ttnn-{VERSION}-*.whl"))
    if found:
        return found[0]
    tmp = Path(tempfile.mkdtemp(prefix="download.", dir=base))
    try:
        cmd = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--disable-pip-version-check",
            "--retries",
            "2",
            "--timeout",
            "30",
            *PIP_DOWNLOAD,
            "-d",
            str(tmp),
            WHEEL_REQUIREMENT,
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=3600)
        wheels = sorted(tmp.glob(f"ttnn-{VERSION}-*.whl"))
        if proc.returncode != 0 or not wheels:
            said = (proc.stderr.strip() or proc.stdout.strip()).splitlines()
            said = said[-1] if said else f"exit status {proc.returncode}"
            unreachable = _registry_error()
            if unreachable:
                raise WheelUnavailable(
                    f"the package registry cannot be reached ({unreachable}); "
                    f"`pip download {WHEEL_REQUIREMENT}` said: {said}"
                )
            raise RuntimeError(f"`{' '.join(cmd)}` failed although the registry answers: {said}")
        dest = base / wheels[0].name
        os.replace(wheels[0], dest)
        return dest
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def wheel_root() -> Path:
    """The extracted ``ttnn`` folder of the wheel (downloading and extracting it on first use)."""
    return wheel_tree(MEMBER_PREFIXES, MEMBER_FILES)


def wheel_tree(prefixes: tuple[str, ...], files: tuple[str, ...] = ()) -> Path:
    """The wheel's members under ``prefixes`` (and ``files``), extracted once into a tree of
    their own; returns its ``ttnn`` folder."""
    base = metalium_cache()
    tag = hashlib.sha256(repr((prefixes, files)).encode()).hexdigest()[:12]
    tree = base / f"tree-{tag}"
    if (tree / ".complete").is_file():
        return tree / "ttnn"
    base.mkdir(parents=True, exist_ok=True)
    with _locked(base / ".lock"):
        if (tree / ".complete").is_file():
            return tree / "ttnn"
        wheel = _download_wheel(base)
        tmp = Path(tempfile.mkdtemp(prefix="tree.", dir=base))
        try:
            with zipfile.ZipFile(wheel) as z:
                for info in z.infolist():
                    name = info.filename
                    if not (name.startswith(prefixes) or name in files):
                        continue
                    if name.startswith("/") or ".." in name.split("/"):
                        continue
                    z.extract(info, tmp)
            (tmp / ".complete").write_text(f"{wheel.name} {_file_hash(wheel)}\n")
            os.chmod(tmp, 0o755)
            if tree.exists():
                shutil.rmtree(tree)
            os.rename(tmp, tree)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
    return tree / "ttnn"


def _file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# ---------------------------------------------------------------------------------------------
# Results


@dataclasses.dataclass(frozen=True)
class Problem:
    check: str  # "dataflow", "compute-pack", "compute-calls", "host", "drift"
    subject: str  # the kernel file, the symbol, the declaration
    message: str

    def __str__(self) -> str:
        return f"[{self.check}] {self.subject}: {self.message}"


@dataclasses.dataclass
class Stats:
    """Counts for the summary line."""

    kernels: set = dataclasses.field(default_factory=set)  # (role, content hash)
    pack_compiled: set = dataclasses.field(default_factory=set)
    calls_checked: int = 0
    symbols: set = dataclasses.field(default_factory=set)  # mangled names checked
    inline_symbols: set = dataclasses.field(default_factory=set)
    declarations: set = dataclasses.field(default_factory=set)  # emulator declarations compared
    problems: set = dataclasses.field(default_factory=set)  # failures found (str)
    known: set = dataclasses.field(default_factory=set)  # known (xfail) mismatches seen
    seconds: float = 0.0
    skipped: str | None = None
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)

    def line(self) -> str:
        roles = {}
        for role, _ in self.kernels:
            roles[role] = roles.get(role, 0) + 1
        by_role = ", ".join(f"{roles.get(r, 0)} {r}" for r in ("reader", "writer", "compute"))
        return (
            f"TT-Metalium v{VERSION} checks: {len(self.kernels)} kernels checked ({by_role}; "
            f"{len(self.pack_compiled)} compute as PACK, {self.calls_checked} compute calls checked), "
            f"{len(self.symbols)} host symbols checked ({len(self.inline_symbols)} header-inline), "
            f"{len(self.declarations)} declarations compared; {len(self.problems)} problems, "
            f"{len(self.known)} known mismatches; {self.seconds:.1f} s"
        )

    def record(self, problems, known=()) -> None:
        with self.lock:
            for p in problems:
                (self.known if str(p.subject) in known or str(p) in known else self.problems).add(
                    str(p)
                )


STATS = Stats()


def strip_comments(src: str) -> str:
    src = re.sub(r"/\*.*?\*/", " ", src, flags=re.S)
    return re.sub(r"//[^\n]*", "", src)


def content_key(*parts: str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(strip_comments(p).encode())
        h.update(b"\0")
    return h.hexdigest()[:20]


# ---------------------------------------------------------------------------------------------
# What a generated host program says about its kernels

DATA_FORMAT = {  # tt::DataFormat values (section 5 of the brief)
    "Float32": 0, "Float16": 1, "Bfp8": 2, "Float16_b": 5, "Bfp8_b": 6, "Bfp4_b": 7, "Int32": 8,
    "UInt16": 9, "UInt32": 24, "UInt8": 30, "Tf32": 4, "Invalid": 255,
}  # fmt: skip
TILE_BYTES = {"float32": 4096, "bfloat16": 2048}


@dataclasses.dataclass
class ComputeSetup:
    cb_formats: dict[int, int]  # CB index -> DataFormat value
    cb_page: dict[int, int]
    fp32_dest_acc: bool = False
    dst_full_sync: bool = False
    ct_args: list[int] = dataclasses.field(default_factory=list)  # the compute kernel's


@dataclasses.dataclass
class DMConfig:
    processor: int  # 0 BRISC, 1 NCRISC
    noc: int
    ct_args: list[int]
    cbs: ComputeSetup | None = None  # the program's CBs (for the generated chlkc_descriptors.h)


@dataclasses.dataclass
class HostInfo:
    dm: dict[str, DMConfig]  # kernel file name ("reader.cpp") -> its configuration
    compute: ComputeSetup
    notes: list[str]


def parse_host(host: str, tensor_dtypes: dict[str, str] | None = None) -> HostInfo:
    """The kernels' configuration in a generated host program: compile-time args (the tensor
    accessors' words [IsDram=2, page size] in append order), processor and NoC of each dataflow
    kernel, CB formats and page sizes, and the compute config."""
    src = strip_comments(host)
    notes = []
    cb_index = {
        m.group(1): int(m.group(2)) for m in re.finditer(r"(\w+)\s*=\s*tt::CBIndex::c_(\d+)", src)
    }
    formats, pages = {}, {}
    for m in re.finditer(
        r"CircularBufferConfig\(\s*[^,]+,\s*\{\{\s*(\w+)\s*,\s*tt::DataFormat::(\w+)\s*\}\}\s*\)\s*"
        r"\.set_page_size\(\s*(\w+)\s*,\s*(\d+)\s*\)",
        src,
    ):
        cb = cb_index.get(m.group(1))
        if cb is None and m.group(1).isdigit():
            cb = int(m.group(1))
        if cb is None:
            notes.append(f"CB {m.group(1)} has no tt::CBIndex")
            continue
        formats[cb] = DATA_FORMAT.get(m.group(2), 255)
        pages[cb] = int(m.group(4))
    ct: dict[str, list[int]] = {}
    for m in re.finditer(
        r"TensorAccessorArgs\(\s*\*?\s*(\w+)\s*\)\s*\.append_to\(\s*(\w+)\s*\)", src
    ):
        tensor, vec = m.group(1), m.group(2)
        dt = (tensor_dtypes or {}).get(tensor)
        page = TILE_BYTES.get(dt, 2048)
        if dt is None:
            notes.append(f"dtype of tensor '{tensor}' unknown: page size 2048 assumed")
        ct.setdefault(vec, []).extend([2, page])  # ArgConfig::IsDram, aligned page size
    setup = ComputeSetup(formats, pages)
    dm = {}
    for m in re.finditer(
        r'CreateKernel\([^;]*?"/?(\w+\.cpp)"[^;]*?DataMovementConfig\s*\{([^}]*)\}', src, re.S
    ):
        body = m.group(2)
        proc = re.search(r"DataMovementProcessor::RISCV_(\d)", body)
        noc = re.search(r"NOC::(?:RISCV_(\d)_default|NOC_(\d))", body)
        args = re.search(r"\.compile_args\s*=\s*(\w+)", body)
        dm[m.group(1)] = DMConfig(
            processor=int(proc.group(1)) if proc else 0,
            noc=int(next(g for g in noc.groups() if g is not None)) if noc else 0,
            ct_args=ct.get(args.group(1), []) if args else [],
            cbs=setup,
        )
    cc = re.search(r"ComputeConfig\s*\{(.*?)\}\s*\)", src, re.S)
    body = cc.group(1) if cc else ""
    flag = lambda name: bool(re.search(rf"\.{name}\s*=\s*true", body))
    setup.fp32_dest_acc = flag("fp32_dest_acc_en")
    setup.dst_full_sync = flag("dst_full_sync_en")
    args = re.search(r"\.compile_args\s*=\s*(\w+)", body)
    setup.ct_args = ct.get(args.group(1), []) if args else []
    return HostInfo(dm, setup, notes)


# ---------------------------------------------------------------------------------------------
# Kernels to check


@dataclasses.dataclass
class KernelSet:
    """The generated C++ of one compiled kernel specialisation."""

    name: str
    dir: Path
    host: str
    reader: str
    compute: str
    writer: str
    tensor_dtypes: dict[str, str]

    @classmethod
    def from_compiled(cls, ck) -> KernelSet | None:
        d = Path(ck.dir)
        try:
            src = {r: (d / f"{r}.cpp").read_text() for r in ("host", "reader", "compute", "writer")}
        except OSError:
            return None  # the compile cache was wiped under us
        try:
            tensors = dict(ck.meta.get("tensors", []))
        except Exception:
            tensors = {}
        return cls(ck.name, d, src["host"], src["reader"], src["compute"], src["writer"], tensors)

    def key(self) -> str:
        return content_key(self.host, self.reader, self.compute, self.writer)


# ---------------------------------------------------------------------------------------------
# The real TT-Metalium

COMMON_DEFINES = [  # the JIT build's defines for a Wormhole n150 (8x8 workers, 12 DRAM banks)
    "ARCH_WORMHOLE",
    "TENSIX_FIRMWARE",
    "LOCAL_MEM_EN=0",
    "KERNEL_BUILD",
    "NUM_DRAM_BANKS=12",
    "NUM_L1_BANKS=64",
    "LOG_BASE_2_OF_NUM_DRAM_BANKS=3",
    "LOG_BASE_2_OF_NUM_L1_BANKS=6",
    "IS_NOT_POW2_NUM_DRAM_BANKS=1",
    "PCIE_NOC_X=0",
    "PCIE_NOC_Y=3",
    "DISPATCH_MESSAGE_ADDR=0",
    "NOC_MODE=0",  # DM_DEDICATED_NOC
    "PROGRAMMABLE_CORE_TYPE=0",  # TENSIX
]
# The host g++ is not the RISC-V toolchain: its attributes (rvtt_l1_ptr) are unknown to it, and
# the headers' pointer <-> uint32_t casts are 64-bit here.
HOST_GXX_ALLOWANCES = ["-Wno-attributes", "-Wno-int-to-pointer-cast"]
# Toolchain headers some LLK headers include that the SFPI compiler provides (no registry ships it);
# empty stand-ins let the PACK thread, which does not use them, be parsed.
SFPI_STUBS = ("sfpi.h", "lltt.h")
TRISC_THREADS = {"UNPACK": 0, "MATH": 1, "PACK": 2}
HOST_BATCH = 16  # host programs compiled per translation unit
KERNEL_BATCH = 12  # kernels of one role and configuration syntax-checked per translation unit

# Members that the v0.81.1 host headers define inline, so libtt_metal.so does not export them;
# keyed by demangled name, each with where the real header defines it. (The wheel ships no host
# headers; these are from tt_metal/api/tt-metalium/ at the v0.81.1 tag.)
HEADER_INLINE = {
    "tt::tt_metal::distributed::MeshBuffer::address() const": "mesh_buffer.hpp: `DeviceAddr address() const { return address_; }`",
    "tt::tt_metal::distributed::MeshBuffer::page_size() const": "mesh_buffer.hpp: `uint32_t page_size() const { return device_local_config_.page_size; }`",
    "tt::tt_metal::distributed::MeshBuffer::device_local_size() const": "mesh_buffer.hpp: `DeviceAddr device_local_size() const { return device_local_size_; }`",
    "tt::tt_metal::CircularBufferConfig::~CircularBufferConfig()": "circular_buffer_config.hpp: implicitly-declared destructor",
    "tt::tt_metal::CoreRangeSet::~CoreRangeSet()": "core_coord.hpp: implicitly-declared destructor",
    "tt::tt_metal::CoreRange::~CoreRange()": "core_coord.hpp: implicitly-declared destructor",
    "tt::tt_metal::ComputeConfig::~ComputeConfig()": "kernel_types.hpp: aggregate, implicitly-declared destructor",
    "tt::tt_metal::DataMovementConfig::~DataMovementConfig()": "kernel_types.hpp: aggregate, implicitly-declared destructor",
    "tt::tt_metal::ComputeConfig::ComputeConfig(tt::tt_metal::ComputeConfig&&)": "kernel_types.hpp: aggregate, implicitly-declared move constructor",
    "tt::tt_metal::DataMovementConfig::DataMovementConfig(tt::tt_metal::DataMovementConfig&&)": "kernel_types.hpp: aggregate, implicitly-declared move constructor",
    "tt::tt_metal::ComputeConfig::ComputeConfig(tt::tt_metal::ComputeConfig const&)": "kernel_types.hpp: aggregate, implicitly-declared copy constructor",
    "tt::tt_metal::DataMovementConfig::DataMovementConfig(tt::tt_metal::DataMovementConfig const&)": "kernel_types.hpp: aggregate, implicitly-declared copy constructor",
    "tt::xy_pair::xy_pair(unsigned long, unsigned long)": "core_coord.hpp (umd xy_pair): `constexpr xy_pair(std::size_t x, std::size_t y)`",
}  # fmt: skip


def _run(cmd, cwd=None, timeout=300) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, timeout=timeout)


def _cxx() -> str:
    return emu_build.compiler()


class Metalium:
    """The wheel's headers and library, with what is derived from them (cached per instance)."""

    def __init__(self, root: Path | None = None):
        self.root = Path(root) if root else wheel_root()
        self.metal = self.root / "tt_metal"
        self.lib = self.root / "build" / "lib" / "libtt_metal.so"
        self.firmware = self.metal / "hw" / "firmware" / "src" / "tt-1xx"
        self.scratch = Path(tempfile.mkdtemp(prefix="ttl-metalium-"))
        self._lock = threading.Lock()
        self._pack_ok: dict[str, bool] = {}
        self._once_locks: dict[str, threading.Lock] = {}
        self._once_values: dict[str, object] = {}
        self._counter = 0

    def close(self):
        shutil.rmtree(self.scratch, ignore_errors=True)

    # -- flags --------------------------------------------------------------------------------

    def includes(self, compute: bool) -> list[str]:
        m = "tt_metal"
        dirs = [
            "",
            m,
            f"{m}/hw/inc",
            f"{m}/tt-llk/common",
            f"{m}/hostdevcommon/api",
            f"{m}/api",
            # Wormhole HAL (wh_hal.cpp includes())
            f"{m}/hw/ckernels/wormhole_b0/metal/common",
            f"{m}/hw/ckernels/wormhole_b0/metal/llk_io",
            f"{m}/hw/inc/internal/tt-1xx",
            f"{m}/hw/inc/internal/tt-1xx/wormhole",
            f"{m}/hw/inc/internal/tt-1xx/wormhole/wormhole_b0_defines",
            f"{m}/hw/inc/internal/tt-1xx/wormhole/noc",
            f"{m}/tt-llk/tt_llk_wormhole_b0/common/inc",
            f"{m}/tt-llk/tt_llk_wormhole_b0/llk_lib",
        ]
        if compute:
            dirs += [
                f"{m}/hw/ckernels/wormhole_b0/metal/llk_api",
                f"{m}/hw/ckernels/wormhole_b0/metal/llk_api/llk_sfpu",
                f"{m}/tt-llk/tools/include",  # sanitizer/api.h, included by the LLK API
            ]
        dirs.append(f"{m}/hw/firmware/src/tt-1xx")
        return [f"-I{self.root / d}" if d else f"-I{self.root}" for d in dirs]

    def _workdir(self, tag: str) -> Path:
        with self._lock:
            self._counter += 1
            n = self._counter
        d = self.scratch / f"{tag}-{n}"
        d.mkdir(parents=True)
        return d

    def _firmware_prefix(self, name: str, last_include: str) -> str:
        """The firmware source `name` up to (and including) the line that includes `last_include`:
        what precedes the kernel in the real build."""
        lines = (self.firmware / name).read_text().splitlines()
        for i, line in enumerate(lines):
            if last_include in line and line.lstrip().startswith("#include"):
                return "\n".join(lines[: i + 1]) + "\n"
        raise RuntimeError(f"{name} of the wheel does not include {last_include}")

    def dataflow_command(
        self, kernel_include: str, work: Path, processor: int, noc: int, ct_args, cbs=None
    ) -> list[str]:
        """The command compiling `kernel_include` (the text of the generated kernel_includes.hpp)
        as a BRISC (processor 0) or NCRISC (1) kernel. The JIT build writes chlkc_descriptors.h
        for dataflow kernels too (GenerateBinaries)."""
        fw = "brisck.cc" if processor == 0 else "ncrisck.cc"
        (work / "kernel_includes.hpp").write_text(kernel_include)
        (work / "defines_generated.h").write_text("")
        (work / "chlkc_descriptors.h").write_text(self._descriptors(cbs or ComputeSetup({}, {})))
        wrap = work / fw
        wrap.write_text(self._firmware_prefix(fw, "kernel_includes.hpp"))
        return [
            _cxx(),
            "-std=c++17",
            "-fsyntax-only",
            "-Werror=deprecated-declarations",
            *HOST_GXX_ALLOWANCES,
            f"-I{work}",
            *self.includes(compute=False),
            *[f"-D{d}" for d in COMMON_DEFINES],
            "-DCOMPILE_FOR_BRISC" if processor == 0 else "-DCOMPILE_FOR_NCRISC",
            f"-DPROCESSOR_INDEX={processor}",
            f"-DNOC_INDEX={noc}",
            f"-DKERNEL_COMPILE_TIME_ARGS={','.join(str(a) for a in ct_args)}",
            str(wrap),
        ]

    def _descriptors(self, setup: ComputeSetup) -> str:
        """chlkc_descriptors.h as tt-metal's genfiles.cpp writes it (32 CBs on Wormhole)."""
        n = 32
        arr = lambda t, name, vals: (
            f"{t} {name}[{n}] = {{\n    {','.join(str(v) for v in vals)}\n}};\n"
        )
        l1 = [setup.cb_formats.get(i, 255) for i in range(n)]
        dst_fmt = 0 if setup.fp32_dest_acc else 5
        src = [(0 if setup.fp32_dest_acc else f) if f != 255 else 255 for f in l1]
        page = [
            setup.cb_page.get(i, 2048 if l1[i] == 255 else (4096 if l1[i] == 0 else 2048))
            for i in range(n)
        ]
        out = '#pragma once\n\n#if defined(UCK_CHLKC_MATH)\n#include "llk_defs.h"\n'
        out += "constexpr ckernel::MathFidelity MATH_FIDELITY = static_cast<ckernel::MathFidelity>(4);\n"
        out += "constexpr bool APPROX = false;\n#endif\n\n#if !defined(UCK_CHLKC_PACK)\n"
        out += arr("constexpr std::int32_t", "unpack_src_format", l1)
        out += arr(
            "constexpr std::int32_t",
            "unpack_dst_format",
            [dst_fmt if f != 255 else 255 for f in l1],
        )
        for prefix in ("unpack",):
            out += self._tile_dims(prefix, page, arr, n)
        out += "#endif\n\n#if !defined(UCK_CHLKC_MATH) && !defined(UCK_CHLKC_UNPACK)\n"
        out += arr("constexpr unsigned char", "pack_src_format", src)
        out += arr("constexpr unsigned char", "pack_dst_format", l1)
        out += self._tile_dims("pack", page, arr, n)
        out += "#endif\n\n#if defined(UCK_CHLKC_MATH) || defined(UCK_CHLKC_PACK) || defined(UCK_CHLKC_UNPACK) || defined(UCK_CHLKC_ISOLATE_SFPU)\n"
        out += f"constexpr bool DST_ACCUM_MODE = {'true' if setup.fp32_dest_acc else 'false'};\n"
        out += f"#define DST_SYNC_MODE DstSync::Sync{'Full' if setup.dst_full_sync else 'Half'}\n#endif\n"
        return out

    @staticmethod
    def _tile_dims(prefix, page, arr, n) -> str:
        out = arr("constexpr uint8_t", f"{prefix}_tile_num_faces", [4] * n)
        out += arr("constexpr uint8_t", f"{prefix}_partial_face", [0] * n)
        out += arr("constexpr uint8_t", f"{prefix}_tile_face_r_dim", [16] * n)
        out += arr("constexpr uint8_t", f"{prefix}_narrow_tile", [0] * n)
        out += arr("constexpr uint8_t", f"{prefix}_tile_r_dim", [32] * n)
        out += arr("constexpr uint8_t", f"{prefix}_tile_c_dim", [32] * n)
        out += arr("constexpr uint16_t", f"{prefix}_tile_size", page)
        out += arr("constexpr uint8_t", f"{prefix}_num_faces_r_dim", [2] * n)
        out += arr("constexpr uint8_t", f"{prefix}_num_faces_c_dim", [2] * n)
        return out

    def trisc_command(
        self, kernel_include: str, work: Path, setup: ComputeSetup, thread="PACK", extra=()
    ) -> list[str]:
        """The command compiling `kernel_include` (the text after the prolog of chlkc_<thread>.cpp)
        as TRISC `thread`."""
        lower = thread.lower()
        (work / "defines_generated.h").write_text("")
        (work / "chlkc_descriptors.h").write_text(self._descriptors(setup))
        (work / f"chlkc_{lower}.cpp").write_text(
            f'#define TRISC_{thread}\n#include "defines_generated.h"\n{kernel_include}'
        )
        for stub in SFPI_STUBS:
            (work / stub).write_text("#pragma once\n")
        wrap = work / "trisck.cc"
        wrap.write_text(self._firmware_prefix("trisck.cc", "chlkc_list.h"))
        return [
            _cxx(),
            "-std=c++17",
            "-fsyntax-only",
            "-fpermissive",  # the headers' pointer/uint32_t casts; such diagnostics in the kernel stay errors
            "-Werror=deprecated-declarations",
            *HOST_GXX_ALLOWANCES,
            f"-I{work}",
            *self.includes(compute=True),
            *[f"-D{d}" for d in COMMON_DEFINES],
            f"-DUCK_CHLKC_{thread}",
            f"-DNAMESPACE=chlkc_{lower}",
            f"-DCOMPILE_FOR_TRISC={TRISC_THREADS[thread]}",
            f"-DPROCESSOR_INDEX={2 + TRISC_THREADS[thread]}",
            "-DNOC_INDEX=0",
            f"-DKERNEL_COMPILE_TIME_ARGS={','.join(str(a) for a in setup.ct_args)}",
            *extra,
            str(wrap),
        ]

    # -- diagnostics ---------------------------------------------------------------------------

    @staticmethod
    def _diagnostics(output: str, kernel: Path) -> list[str]:
        """The errors in g++'s output, and the -fpermissive warnings located in the kernel itself."""
        out = []
        k = str(kernel)
        for line in output.splitlines():
            m = re.match(r"(.*?):(\d+):(\d+): (error|warning|fatal error): (.*)", line)
            if not m:
                continue
            where = m.group(1)
            if m.group(4) in ("error", "fatal error"):
                out.append(
                    line
                    if where != k
                    else f"{Path(where).name}:{m.group(2)}:{m.group(3)}: {m.group(4)}: {m.group(5)}"
                )
            elif "[-fpermissive]" in line and where == k:
                out.append(
                    f"{Path(where).name}:{m.group(2)}:{m.group(3)}: error (-fpermissive in the kernel): {m.group(5)}"
                )
        return out

    # -- dataflow -----------------------------------------------------------------------------

    def _syntax_check(self, items, role: str, make_cmd) -> list[list[str]]:
        """Compiles each (source, label) of `items` with make_cmd(include_text, workdir); returns
        the diagnostics of each. Several kernels go into one translation unit first (their
        includes hoisted, each kernel in a namespace of its own); only if that batch reports
        anything is each kernel compiled alone, so that every diagnostic is its own."""
        work = self._workdir(role)
        paths = []
        for i, (src, _) in enumerate(items):
            d = work / f"k{i}"
            d.mkdir()
            (d / f"{role}.cpp").write_text(src)
            paths.append(d / f"{role}.cpp")
        if len(items) > 1:
            includes = []
            for src, _ in items:
                for line in strip_comments(src).splitlines():
                    if line.lstrip().startswith("#include") and line.strip() not in includes:
                        includes.append(line.strip())
            text = "\n".join(includes) + "\n"
            text += "".join(
                f'namespace ttl_batch_{i} {{\n#include "{p}"\n}}\n' for i, p in enumerate(paths)
            )
            text += "void kernel_main() {}\n"
            batch = work / "batch"
            batch.mkdir()
            proc = _run(make_cmd(text, batch))
            output = proc.stdout + proc.stderr
            if proc.returncode == 0 and not any(self._diagnostics(output, p) for p in paths):
                return [[] for _ in items]
        out = []
        for p in paths:
            proc = _run(make_cmd(f'#include "{p}"\n', p.parent))
            diags = self._diagnostics(proc.stdout + proc.stderr, p)
            if proc.returncode != 0 and not diags:
                diags = [(proc.stderr or proc.stdout).strip()[-2000:]]
            out.append(diags)
        return out

    def check_dataflow(
        self, source: str, role: str, config: DMConfig | None = None, label: str = ""
    ) -> list[Problem]:
        """Syntax-checks a reader (NCRISC) or writer (BRISC) kernel against the real headers."""
        return self.check_dataflow_batch([(source, label or role)], role, config)[0]

    def check_dataflow_batch(
        self, items, role: str, config: DMConfig | None = None
    ) -> list[list[Problem]]:
        """check_dataflow of several (source, label) kernels of one role and configuration."""
        problems = []
        for source, label in items:
            accessors = len(re.findall(r"\bTensorAccessorArgs\s*<", strip_comments(source)))
            cfg = config or DMConfig(
                1 if role == "reader" else 0, 1 if role == "reader" else 0, [2, 2048] * accessors
            )
            mine = []
            if accessors * 2 != len(cfg.ct_args):
                mine.append(
                    Problem(
                        "dataflow",
                        label,
                        f"the kernel reads {accessors} tensor accessor(s) "
                        f"but the host appends {len(cfg.ct_args)} compile-time args",
                    )
                )
            problems.append(mine)
        if config is None:  # the compile-time args follow each kernel's accessor count
            diags = [
                self._syntax_check([item], role, self._dm_maker(role, None, item[0]))[0]
                for item in items
            ]
        else:
            diags = self._syntax_check(items, role, self._dm_maker(role, config, None))
        cpu = lambda c: "BRISC" if c.processor == 0 else "NCRISC"
        for mine, ds, (_, label) in zip(problems, diags, items):
            cfg = config or DMConfig(1 if role == "reader" else 0, 0, [])
            mine += [Problem("dataflow", label, f"{cpu(cfg)} build: {d}") for d in ds]
        return problems

    def _dm_maker(self, role, config, source):
        if config is None:
            n = len(re.findall(r"\bTensorAccessorArgs\s*<", strip_comments(source)))
            config = DMConfig(
                1 if role == "reader" else 0, 1 if role == "reader" else 0, [2, 2048] * n
            )
        return lambda text, work: self.dataflow_command(
            text, work, config.processor, config.noc, config.ct_args, config.cbs
        )

    # -- compute ------------------------------------------------------------------------------

    def pack_parses(self, header: str) -> bool:
        """Whether api header `header` ("api/compute/exp.h") parses as the PACK thread."""
        with self._lock:
            if header in self._pack_ok:
                return self._pack_ok[header]
        if not (self.metal / "hw" / "inc" / header).is_file():
            ok = False
        else:
            work = self._workdir("probe")
            cmd = self.trisc_command(
                f'#include "{header}"\nvoid kernel_main() {{}}\n', work, ComputeSetup({}, {})
            )
            ok = _run(cmd).returncode == 0
        with self._lock:
            self._pack_ok[header] = ok
        return ok

    def sfpu_only_headers(self, source: str) -> list[str]:
        """The api/compute headers `source` includes that do not parse as PACK without SFPI."""
        headers = re.findall(r'#\s*include\s*[<"](api/[^>"]+)[>"]', strip_comments(source))
        return [h for h in headers if h.startswith("api/compute/") and not self.pack_parses(h)]

    def check_compute(
        self, source: str, setup: ComputeSetup | None = None, label: str = "compute"
    ) -> tuple[list[Problem], bool]:
        """(problems, compiled as PACK?) of a compute kernel."""
        return self.check_compute_batch([(source, label)], setup)[0]

    def check_compute_batch(
        self, items, setup: ComputeSetup | None = None, stats: Stats | None = None
    ) -> list[tuple[list[Problem], bool]]:
        """check_compute of several (source, label) kernels of one compute configuration."""
        setup = setup or ComputeSetup({}, {})
        results = []
        pack = []
        for source, label in items:
            problems = self.check_compute_calls(source, label, stats)
            packed = not self.sfpu_only_headers(source)
            results.append((problems, packed))
            if packed:
                pack.append((source, label, problems))
        if pack:
            diags = self._syntax_check(
                [(s, lb) for s, lb, _ in pack],
                "compute",
                lambda text, work: self.trisc_command(text, work, setup),
            )
            for (_, label, problems), ds in zip(pack, diags):
                problems += [Problem("compute-pack", label, f"PACK build: {d}") for d in ds]
        return results

    def api_headers(self, sub: str) -> list[str]:
        base = self.metal / "hw" / "inc"
        return sorted(str(p.relative_to(base)) for p in (base / sub).rglob("*.h"))

    def _once(self, name: str, build):
        """build(), computed once per instance even when asked for by several threads at once."""
        with self._lock:
            lock = self._once_locks.setdefault(name, threading.Lock())
        with lock:
            if name not in self._once_values:
                self._once_values[name] = build()
            return self._once_values[name]

    def compute_api(self):
        """(declarations by name, macros by name, type names) of what a compute kernel can call:
        every api/compute/**.h (and api/debug, api/compile_time_args.h), preprocessed for
        Wormhole as each TRISC thread, declarations from files under hw/inc/api/."""
        return self._once("compute_api", self._build_compute_api)

    def _build_compute_api(self):
        headers = (
            [h for h in self.api_headers("api/compute")]
            + [h for h in self.api_headers("api/debug") if "dprint_tensix" not in h]
            + ["api/compile_time_args.h"]
        )
        decls: dict[str, list[cxx.Decl]] = {}
        macros: dict[str, list[cxx.Macro]] = {}
        types: set[str] = set()
        seen = set()

        # Each thread from the full list, in parallel; indexed in a fixed order.
        def preprocess(thread):
            work = self._workdir(f"api-{thread.lower()}")

            def make(hs):
                body = "".join(f'#include "{h}"\n' for h in hs) + "void kernel_main() {}\n"
                return self.trisc_command(body, work, ComputeSetup({}, {}), thread)

            return self._preprocess_headers(make, headers)[0]

        with ThreadPoolExecutor(max_workers=len(TRISC_THREADS)) as pool:
            texts = list(pool.map(preprocess, TRISC_THREADS))
        for text in texts:
            self._index(text, decls, macros, types, seen)
        return decls, macros, types

    def _preprocess_headers(self, make, headers):
        """g++ -E -fdirectives-only of a TU that includes `headers` (the command from
        make(headers)); a header that stops the preprocessor (an #error for another architecture,
        directly or in what it includes) is left out and the rest retried."""
        headers = list(headers)
        while True:
            cmd = make(headers)
            out = Path(cmd[-1]).with_suffix(".ii")
            proc = _run([*cmd[:-1], "-E", "-fdirectives-only", "-o", str(out), cmd[-1]])
            if proc.returncode == 0:
                return out.read_text(errors="replace"), headers
            # The failing header is the one the generated source includes directly: the entry
            # just before "from <work>/..." in the include chain of the first error.
            bad = None
            chain = re.findall(
                r"(?:In file included from|^\s+from) (\S+?):\d+[:,]", proc.stderr, re.M
            )
            err = re.search(r"^(\S+?):\d+:\d+: (?:fatal )?error", proc.stderr, re.M)
            files = ([err.group(1)] if err else []) + chain
            for f in files:
                hit = [h for h in headers if f.endswith("/" + h)]
                if hit:
                    bad = hit[0]  # keep the outermost: continue scanning
            if bad is None:
                raise RuntimeError("preprocessing the real API failed:\n" + proc.stderr[-3000:])
            headers.remove(bad)

    def _index(self, text, decls, macros, types, seen, under="hw/inc/api/"):
        tokens, ms = cxx.tokenize(text, keep=lambda f: under in f)
        for d in cxx.declarations(tokens, types):
            if under not in d.file or d.deleted:
                continue
            key = (d.file, d.line, d.signature())
            if key in seen:
                continue
            seen.add(key)
            decls.setdefault(d.name, []).append(d)
        for m in ms:
            if "hw/inc/" in m.file and m.params is not None:
                key = (m.file, m.line, m.name)
                if key not in seen:
                    seen.add(key)
                    macros.setdefault(m.name, []).append(m)

    def check_compute_calls(
        self, source: str, label: str = "compute", stats: Stats | None = None
    ) -> list[Problem]:
        """Every call in a compute kernel by name and arity against the real compute API."""
        decls, macros, types = self.compute_api()
        tokens, own_macros = cxx.tokenize(source, label)
        own_types = {a or b for a, b in _OWN_TYPE.findall(strip_comments(source))}
        own = {d.name for d in cxx.declarations(tokens, own_types)} | {m.name for m in own_macros}
        problems = []
        checked = 0
        for call in cxx.calls(tokens):
            name = call.name
            if name in own or name.startswith("__builtin_") or name in ("kernel_main",):
                continue
            if name in own_types or _STD_TYPE.match(name):
                continue  # a functional cast or a constructor of the kernel's own type
            if name in macros:
                checked += 1
                lo_hi = [m.arity() for m in macros[name]]
                if not any(lo <= call.nargs <= hi for lo, hi in lo_hi):
                    problems.append(
                        Problem(
                            "compute-calls",
                            label,
                            f"line {call.line}: {call.text} passes {call.nargs} argument(s); "
                            f"v0.81.1 macro {name} takes {_arities(lo_hi)} ({macros[name][0].file.split('tt_metal/')[-1]}:{macros[name][0].line})",
                        )
                    )
                continue
            if name in decls:
                checked += 1
                cands = [
                    d
                    for d in decls[name]
                    if not call.qualifier
                    or d.scope.endswith(call.qualifier)
                    or d.qualifier == call.qualifier
                ]
                cands = cands or decls[name]
                fits = [
                    d
                    for d in cands
                    if d.arity()[0] <= call.nargs <= d.arity()[1]
                    and (call.ntemplate_args is None or call.ntemplate_args <= d.template_arity())
                ]
                if not fits:
                    decl_list = "; ".join(
                        f"{d.text} ({_short(d.file)}:{d.line})" for d in _unique_text(cands)
                    )
                    what = f"{call.nargs} argument(s)" + (
                        f" and {call.ntemplate_args} template argument(s)"
                        if call.ntemplate_args
                        else ""
                    )
                    problems.append(
                        Problem(
                            "compute-calls",
                            label,
                            f"line {call.line}: {call.text} passes {what}; v0.81.1 declares {decl_list}",
                        )
                    )
                elif all(d.deprecated for d in fits):
                    problems.append(
                        Problem(
                            "compute-calls",
                            label,
                            f"line {call.line}: {name} is deprecated in v0.81.1 ({_short(fits[0].file)}:{fits[0].line})",
                        )
                    )
                continue
            if name in types:
                continue  # a constructor call or functional cast
            checked += 1
            problems.append(
                Problem(
                    "compute-calls",
                    label,
                    f"line {call.line}: {name}() is not declared by the v0.81.1 compute API (api/compute/**.h)",
                )
            )
        if stats is not None:
            with stats.lock:
                stats.calls_checked += checked
        return problems

    # -- dataflow API (for the drift check) ---------------------------------------------------

    def dataflow_api(self):
        """(declarations, macros, types) of the dataflow API (as compute_api), as BRISC and NCRISC."""
        return self._once("dataflow_api", self._build_dataflow_api)

    def _build_dataflow_api(self):
        headers = (
            [h for h in self.api_headers("api/dataflow")]
            + self.api_headers("api/tensor")
            + self.api_headers("api/numeric")
            + ["api/debug/dprint.h", "api/debug/assert.h", "api/compile_time_args.h"]
        )
        decls: dict[str, list[cxx.Decl]] = {}
        macros: dict[str, list[cxx.Macro]] = {}
        types: set[str] = set()
        seen = set()
        for processor in (0, 1):
            work = self._workdir(f"dfapi-{processor}")

            def make(hs, work=work, processor=processor):
                body = "".join(f'#include "{h}"\n' for h in hs) + "void kernel_main() {}\n"
                return self.dataflow_command(body, work, processor, processor, [2, 2048] * 4)

            text, headers = self._preprocess_headers(make, headers)
            self._index(text, decls, macros, types, seen, under="hw/inc/")
        return decls, macros, types

    # -- host ---------------------------------------------------------------------------------

    def exports(self) -> dict[str, str]:
        """Mangled -> demangled names of the functions and objects libtt_metal.so defines."""

        def build():
            raw = _run(["nm", "-D", "--defined-only", str(self.lib)]).stdout.split("\n")
            names = [line.split()[-1].split("@")[0] for line in raw if len(line.split()) >= 3]
            return dict(zip(names, demangle(names)))

        return self._once("exports", build)

    def check_host_symbols(
        self, used: dict[str, str], label: str = "host", stats: Stats | None = None
    ) -> list[Problem]:
        """`used` (mangled -> demangled, from host_symbols) against libtt_metal.so."""
        exports = self.exports()
        by_name: dict[str, list[str]] = {}
        for dem in exports.values():
            by_name.setdefault(function_name(dem), []).append(dem)
        problems = []
        for mangled, dem in sorted(used.items(), key=lambda kv: kv[1]):
            if stats is not None:
                with stats.lock:
                    stats.symbols.add(mangled)
            if mangled in exports:
                continue
            if dem in HEADER_INLINE:
                if stats is not None:
                    with stats.lock:
                        stats.inline_symbols.add(mangled)
                continue
            same = sorted(set(by_name.get(function_name(dem), [])))
            if same:
                msg = (
                    "not exported by libtt_metal.so with this signature; v0.81.1 exports "
                    + "; ".join(same[:6])
                )
                msg += f" (+{len(same) - 6} more)" if len(same) > 6 else ""
            else:
                msg = f"no symbol named {function_name(dem)} is exported by libtt_metal.so"
            problems.append(Problem("host", dem, msg + (f" [{label}]" if label else "")))
        return problems


_OWN_TYPE = re.compile(
    r"\b(?:class|struct|union|enum)\s+(?:class\s+|struct\s+)?(\w+)|\busing\s+(\w+)\s*="
)
_STD_TYPE = re.compile(r"^(u?int(8|16|32|64)_t|u?intptr_t|size_t|ptrdiff_t)$")


def _short(path: str) -> str:
    return path.split("tt_metal/", 1)[-1] if "tt_metal/" in path else path


def _unique_text(decls):
    seen, out = set(), []
    for d in decls:
        if d.text not in seen:
            seen.add(d.text)
            out.append(d)
    return out


def _arities(lo_hi) -> str:
    return " or ".join(
        f"{lo}" if lo == hi else (f"{lo}+" if hi == float("inf") else f"{lo}..{int(hi)}")
        for lo, hi in sorted(set(lo_hi))
    )


def demangle(names: list[str]) -> list[str]:
    if not names:
        return []
    proc = subprocess.run(
        ["c++filt"], input="\n".join(names) + "\n", capture_output=True, text=True
    )
    out = proc.stdout.split("\n")
    return out[: len(names)]


def function_name(demangled: str) -> str:
    """The qualified name of a demangled function symbol, without return type, template arguments
    of the function or parameters: "tt::tt_metal::CreateKernel"."""
    s = demangled
    # cut at the parameter list: the last top-level '(' that is followed by a matching ')' at the end
    depth = 0
    cut = len(s)
    for i in range(len(s) - 1, -1, -1):
        c = s[i]
        if c == ")":
            depth += 1
        elif c == "(":
            depth -= 1
            if depth == 0:
                cut = i
                break
    head = s[:cut]
    # drop a return type: the last top-level space outside <>
    depth = 0
    start = 0
    for i, c in enumerate(head):
        if c == "<":
            depth += 1
        elif c == ">":
            depth -= 1
        elif c == " " and depth == 0 and not head[:i].endswith("operator"):
            start = i + 1
    head = head[start:]
    # drop the function's own template arguments
    if head.endswith(">") and "operator" not in head.rsplit("::", 1)[-1]:
        depth = 0
        for i in range(len(head) - 1, -1, -1):
            if head[i] == ">":
                depth += 1
            elif head[i] == "<":
                depth -= 1
                if depth == 0:
                    head = head[:i]
                    break
    return head


_NAMESPACES = ("tt", "tensor_accessor", "ttsl")


def _mangled_namespace(sym: str) -> str | None:
    m = re.match(r"_ZN[rVK]*[RO]?(?:St)?(\d+)", sym)
    if not m:
        return None
    n = int(m.group(1))
    start = m.end()
    return sym[start : start + n]


_CFLAGS_CACHE: list[str] = []


def _host_cflags() -> list[str]:
    if not _CFLAGS_CACHE:
        out = subprocess.run(
            [sys.executable, "-m", "ttlang.emulator", "--cflags"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        _CFLAGS_CACHE.extend(out)
    return list(_CFLAGS_CACHE)


def host_symbols(host_source: str, work: Path) -> tuple[dict[str, str], str | None]:
    """(mangled -> demangled symbols of namespaces tt / tensor_accessor / ttsl that the host
    program's own functions reference, compile error or None)."""
    return host_symbols_batch([host_source], work)[0]


def host_symbols_batch(sources: list[str], work: Path) -> list[tuple[dict[str, str], str | None]]:
    """host_symbols of several host programs, compiled as one translation unit: each program's
    code in a namespace of its own and its ttl_launch renamed, its includes hoisted (they are
    include-guarded). If the batch does not compile, each program is compiled alone."""
    if len(sources) > 1:
        includes, bodies = [], []
        for i, src in enumerate(sources):
            lines = src.splitlines()
            incs = [ln for ln in lines if ln.lstrip().startswith("#include")]
            includes += [ln for ln in incs if ln not in includes]
            body = "\n".join(ln for ln in lines if not ln.lstrip().startswith("#include"))
            bodies.append(
                f"#define ttl_launch ttl_launch_{i}\nnamespace ttl_host_{i} {{\n{body}\n}}\n#undef ttl_launch\n"
            )
        combined = "\n".join(includes) + "\n" + "".join(bodies)
        result = _host_symbols_tu(combined, work, len(sources))
        if result is not None:
            return [(r, None) for r in result]
    out = []
    for i, src in enumerate(sources):
        sub = work / f"single-{i}"
        sub.mkdir(exist_ok=True)
        res = _host_symbols_tu(src, sub, 1, errors=True)
        out.append(res if isinstance(res, tuple) else (res[0], None))
    return out


def _batch_index(sym: str) -> int | None:
    """i of a batched host program's own function: ttl_launch_i, or one in namespace ttl_host_i.
    The namespace's length prefix says where i ends (ttl_host_1 then an anonymous namespace
    mangles as `10ttl_host_112_GLOBAL__N_1`)."""
    m = re.fullmatch(r"ttl_launch_(\d+)", sym)
    if m:
        return int(m.group(1))
    m = re.search(r"(\d+)ttl_host_", sym)
    if m:
        digits = sym[m.end() : m.end() + int(m.group(1)) - len("ttl_host_")]
        if digits.isdigit():
            return int(digits)
    return None


def _host_symbols_tu(source: str, work: Path, n: int, errors: bool = False):
    host_cpp = work / "host.cpp"
    host_cpp.write_text(source)
    obj = work / "host.o"
    cmd = [
        _cxx(),
        *_host_cflags(),
        f"-I{RUNTIME_INCLUDE}",
        "-O0",
        "-g0",
        "-ffunction-sections",
        "-c",
        str(host_cpp),
        "-o",
        str(obj),
    ]
    proc = _run(cmd)
    if proc.returncode != 0:
        return ({}, (proc.stderr or proc.stdout)[-3000:]) if errors else None
    # Sections of the functions the host programs define themselves (not the COMDAT copies of
    # inline functions from headers, which are WEAK), then the symbols their relocations name.
    owner: dict[str, int] = {}
    for line in _run(["readelf", "-sW", str(obj)]).stdout.splitlines():
        p = line.split()
        if len(p) >= 8 and p[3] == "FUNC" and p[4] in ("GLOBAL", "LOCAL"):
            sym = p[7]
            if n == 1:
                owner[sym] = 0
            else:
                i = _batch_index(sym)
                if i is not None:
                    owner[sym] = i
    used: list[set[str]] = [set() for _ in range(n)]
    section = None
    for line in _run(["readelf", "-rW", str(obj)]).stdout.splitlines():
        m = re.match(r"Relocation section '\.rela\.text\.(\S+)'", line)
        if m:
            section = m.group(1)
            continue
        if line.startswith("Relocation section"):
            section = None
            continue
        if section is None or section not in owner:
            continue
        p = line.split()
        if len(p) >= 5 and "R_X86_64" in p[2]:
            sym = re.split(r"\s*[+-]\s*", p[4])[0]
            if _mangled_namespace(sym) in _NAMESPACES:
                used[owner[section]].add(sym)
    names = sorted(set().union(*used))
    dem = dict(zip(names, demangle(names)))
    result = [{s: dem[s] for s in sorted(u)} for u in used]
    return (result[0], None) if errors else result


# ---------------------------------------------------------------------------------------------
# Emulator drift


def emulator_declarations() -> tuple[list[cxx.Decl], list[cxx.Decl]]:
    """(dataflow, compute) free functions the emulator declares under include/api/, outside
    namespace ttemu, from its headers preprocessed as the emulator compiles kernels. Those in a
    `detail` namespace are included: see :func:`emulator_helper`."""
    api = EMU_INCLUDE / "api"
    compute_h = sorted(str(p.relative_to(EMU_INCLUDE)) for p in (api / "compute").rglob("*.h"))
    other_h = sorted(
        str(p.relative_to(EMU_INCLUDE))
        for p in api.rglob("*.h")
        if "compute" not in p.relative_to(api).parts
    )
    out = []
    for headers in (other_h, compute_h + ["api/debug/dprint.h", "api/debug/assert.h"]):
        src = "".join(f'#include "{h}"\n' for h in headers)
        proc = subprocess.run(
            [
                _cxx(),
                "-std=c++20",
                f"-I{EMU_INCLUDE}",
                "-DKERNEL_COMPILE_TIME_ARGS=",
                "-E",
                "-fdirectives-only",
                "-x",
                "c++",
                "-",
                "-o",
                "-",
            ],
            input=src,
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            raise RuntimeError("preprocessing the emulator headers failed:\n" + proc.stderr[-3000:])
        tokens, _ = cxx.tokenize(proc.stdout)
        decls = []
        seen = set()
        for d in cxx.declarations(tokens):
            if str(api) not in d.file or d.specialization or d.deleted:
                continue
            parts = d.scope.split("::") + d.qualifier.split("::")
            if "ttemu" in parts or d.name.startswith("ttemu"):
                continue
            key = (d.file, d.line)
            if key in seen:
                continue
            seen.add(key)
            decls.append(d)
        out.append(decls)
    return out[0], out[1]


def emulator_helper(emu: cxx.Decl, real_index: dict[str, list[cxx.Decl]]) -> bool:
    """True for a declaration of the emulator's own, not of the API: one in a `detail` namespace
    that v0.81.1 does not declare in that namespace. tt-metal keeps internals in `detail`
    namespaces too (ckernel::detail::binary_reuse_dest_tiles), and those the emulator mirrors
    are compared like any other declaration."""
    if "detail" not in (emu.scope.split("::") + emu.qualifier.split("::")):
        return False
    return not any(
        (r.scope, r.qualifier) == (emu.scope, emu.qualifier) for r in real_index.get(emu.name, [])
    )


def decl_id(d: cxx.Decl) -> str:
    rel = Path(d.file).resolve().relative_to(EMU_INCLUDE) if Path(d.file).is_absolute() else d.file
    params = ",".join(p.type + ("..." if p.pack and p.type != "..." else "") for p in d.params)
    return f"{rel}::{d.qualified_name}({params})"


def _sig_parts(d: cxx.Decl):
    tps = None if d.template is None else [(t.kind, t.type, t.default, t.pack) for t in d.template]
    ps = [(p.type, p.default, p.pack) for p in d.params]
    return tps, ps


def compare(emu: cxx.Decl, real: cxx.Decl) -> list[str]:
    """The differences between two declarations of one function ([] if none)."""
    diffs = []
    et, ep = _sig_parts(emu)
    rt, rp = _sig_parts(real)
    if (et is None) != (rt is None):
        diffs.append("a template in " + ("the emulator only" if et is not None else "v0.81.1 only"))
    elif et is not None:
        if len(et) != len(rt):
            diffs.append(f"{len(et)} template parameter(s) in the emulator, {len(rt)} in v0.81.1")
        for i, (a, b) in enumerate(zip(et, rt)):
            label = f"template parameter {i + 1}"
            if a[0] != b[0]:
                diffs.append(
                    f"{label}: a {a[0]} parameter in the emulator, a {b[0]} parameter in v0.81.1"
                )
            elif a[1] != b[1]:
                diffs.append(f"{label}: type `{a[1]}` in the emulator, `{b[1]}` in v0.81.1")
            if a[2] != b[2]:
                diffs.append(f"{label}: default `{a[2]}` in the emulator, `{b[2]}` in v0.81.1")
            if a[3] != b[3]:
                diffs.append(
                    f"{label}: a pack in " + ("the emulator only" if a[3] else "v0.81.1 only")
                )
    if len(ep) != len(rp):
        diffs.append(f"{len(ep)} parameter(s) in the emulator, {len(rp)} in v0.81.1")
    for i, (a, b) in enumerate(zip(ep, rp)):
        label = f"parameter {i + 1}"
        if a[0] != b[0]:
            diffs.append(f"{label}: type `{a[0]}` in the emulator, `{b[0]}` in v0.81.1")
        if a[1] != b[1]:
            diffs.append(f"{label}: default `{a[1]}` in the emulator, `{b[1]}` in v0.81.1")
    return diffs


def drift(emu: cxx.Decl, real_index: dict[str, list[cxx.Decl]]) -> str | None:
    """None if a real declaration of the same name and namespace matches `emu` exactly, else a
    report naming both declarations."""
    cands = [r for r in real_index.get(emu.name, []) if not r.specialization]
    here = f"emulator: {emu.text}  [{_emu_where(emu)}]"
    if not cands:
        return f"{here}\n  v0.81.1 declares no function named {emu.name}"
    same_ns = [r for r in cands if (r.scope, r.qualifier) == (emu.scope, emu.qualifier)]
    if not same_ns:
        where = "; ".join(
            f"{r.qualified_name} [{_short(r.file)}:{r.line}]" for r in _unique_text(cands)
        )
        return f"{here}\n  v0.81.1 declares {emu.name} only as {where} (namespace differs: emulator `{emu.scope or '::'}`)"
    scored = []
    for r in same_ns:
        d = compare(emu, r)
        if not d:
            return None
        # the closest overload: fewest differences once template arguments are ignored (the
        # same class templates), then fewest differences
        base = len(compare(_untemplated(emu), _untemplated(r)))
        scored.append((base, len(d), r, d))
    scored.sort(key=lambda x: (x[0], x[1]))
    _, _, best, diffs = scored[0]
    others = [r for _, _, r, _ in scored[1:]]
    msg = f"{here}\n  v0.81.1:  {best.text}  [{_short(best.file)}:{best.line}]\n  " + "\n  ".join(
        diffs
    )
    if others:
        msg += "\n  other v0.81.1 overloads: " + "; ".join(
            f"{r.text} [{_short(r.file)}:{r.line}]" for r in _unique_text(others)
        )
    return msg


def _untemplated(d: cxx.Decl) -> cxx.Decl:
    strip = lambda t: re.sub(r"<.*>", "", t)
    params = [dataclasses.replace(p, type=strip(p.type)) for p in d.params]
    return dataclasses.replace(d, template=None, params=params)


def _emu_where(d: cxx.Decl) -> str:
    try:
        return f"{Path(d.file).resolve().relative_to(REPO)}:{d.line}"
    except ValueError:
        return f"{d.file}:{d.line}"


# ---------------------------------------------------------------------------------------------
# Whole kernel sets


def check_kernel_sets(
    m: Metalium, sets: list[KernelSet], workers: int | None = None, stats: Stats = STATS
) -> dict[str, list[Problem]]:
    """Runs the dataflow, compute and host checks over `sets` (deduplicated by content per role);
    returns the problems by check ("dataflow", "compute", "host"), counting in `stats`."""
    t0 = time.monotonic()
    seen = set()
    groups: dict[tuple, list] = {}  # (role, configuration, includes) -> [(key, source, label)]
    host_jobs = {}
    for ks in sets:
        info = parse_host(ks.host, ks.tensor_dtypes)
        for role in ("reader", "writer", "compute"):
            src = getattr(ks, role)
            cfg = info.compute if role == "compute" else info.dm.get(f"{role}.cpp")
            key = (role, content_key(src, repr(cfg)))
            if key in seen:
                continue
            seen.add(key)
            includes = tuple(sorted(re.findall(r"#\s*include\s*\S+", strip_comments(src))))
            groups.setdefault((role, repr(cfg), includes), []).append(
                (key, src, f"{ks.name}/{role}.cpp ({ks.dir})", cfg)
            )
        host_jobs.setdefault(content_key(ks.host), (ks.host, f"{ks.name}/host.cpp ({ks.dir})"))
    chunks = []
    for (role, _, _), members in groups.items():
        for i in range(0, len(members), KERNEL_BATCH):
            chunks.append((role, members[i : i + KERNEL_BATCH]))

    def run(chunk):
        role, members = chunk
        items = [(src, label) for _, src, label, _ in members]
        cfg = members[0][3]
        if role == "compute":
            res = m.check_compute_batch(items, cfg, stats)
        else:
            res = [(p, False) for p in m.check_dataflow_batch(items, role, cfg)]
        with stats.lock:
            for (key, *_), (_, packed) in zip(members, res):
                stats.kernels.add(key)
                if packed:
                    stats.pack_compiled.add(key)
        return [p for probs, _ in res for p in probs]

    host_items = list(host_jobs.values())
    batches = [host_items[i : i + HOST_BATCH] for i in range(0, len(host_items), HOST_BATCH)]

    def run_host(batch):
        work = m._workdir("host")
        results = host_symbols_batch([src for src, _ in batch], work)
        probs, used_by = [], {}
        for (_, label), (used, err) in zip(batch, results):
            if err:
                probs.append(
                    Problem("host", label, "does not compile against the emulator headers:\n" + err)
                )
            for sym, dem in used.items():
                used_by.setdefault(sym, (dem, label))
        return probs, used_by

    workers = workers or max(2, os.cpu_count() or 2)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        kernel_results = list(pool.map(run, chunks))
        host_results = list(pool.map(run_host, batches))
    out = {"dataflow": [], "compute": [], "host": []}
    for probs in kernel_results:
        for p in probs:
            out["dataflow" if p.check == "dataflow" else "compute"].append(p)
    used_all: dict[str, tuple[str, str]] = {}
    for probs, used in host_results:
        out["host"] += probs
        for s, v in used.items():
            used_all.setdefault(s, v)
    out["host"] += m.check_host_symbols(
        {s: d for s, (d, _) in used_all.items()}, label="", stats=stats
    )
    # name the first host program that uses each missing symbol
    for i, p in enumerate(out["host"]):
        for d, label in used_all.values():
            if p.subject == d:
                out["host"][i] = Problem(p.check, p.subject, f"{p.message} (used by {label})")
                break
    with stats.lock:
        stats.seconds += time.monotonic() - t0
    return out
