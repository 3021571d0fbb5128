"""TT-NN's production kernels (the ttnn 0.81.1 wheel) compiled with the emulator's kernel compiler.

The survey: every kernel source under ``ttnn/cpp/ttnn/operations/**/kernels*/`` of the wheel,
outside ``operations/experimental/``, is compiled as the emulator's JIT compiles a kernel
(``ttlang/emulator/src/jit.cpp``: the same wrapper translation unit, include path, C++ standard
and defines), stopping after the front end (``-fsyntax-only``: code generation adds nothing an
API survey needs). The kernels are read from the downloaded wheel, never copied.

The one rule for what a factory would pass (``survey_flags``):

- every compile-time argument is 2 (128 of them): a ``TensorAccessorArgs`` then reads the
  interleaved-DRAM configuration word, block sizes and counts are small and non-zero, a flag
  ``get_compile_time_arg_val(i) == 1`` is false and ``static_cast<bool>(...)`` true;
- every named compile-time argument the kernel (or a header next to it) asks for by a string
  literal is 2 as well;
- the defines are the few macros that a kernel cannot be parsed without and that the ttnn
  factories always set (``FACTORY_DEFINES``), each with the value of the commonest factory;
- every CB holds Float16_b tiles of 2048 bytes (the commonest factory configuration), as the
  per-CB tables tt-metal's JIT generates from the program's CBs say (``ttemu_descriptors.h``):
  a kernel that sizes a constant by ``get_tile_size(cb)`` sees a bfloat16 tile, not 0;
- Wormhole (``ARCH_WORMHOLE``), NoC 0; compute kernels with HiFi4, no fp32 accumulation;
- a Metal 2.0 kernel (one that names ``args::``, ``dfb::``, ``tensor::``, ``sem::``, ``scratch::``
  bindings or ``get_vararg``) gets the two headers tt-metal's JIT writes for it from the host's
  ProgramSpec (``kernel_bindings_generated.h``, ``kernel_args_generated.h``, as v0.81.1's
  ``genfiles.cpp`` writes them), with every name it uses bound (``metal2_headers``): each
  ``args::`` name a compile-time value of 2, each ``dfb::`` name a DFB id (0, 1, ... in sorted
  order), each ``tensor::`` name a tensor binding whose accessor words start at compile-time arg
  0 and whose address is common runtime arg 2 * i, each ``sem::`` name a semaphore id, each
  ``scratch::`` name a 4 KiB scratchpad.

A kernel's role is compute when its path has a ``compute`` folder or it includes a header under a
``compute/`` folder (``api/compute/...``, TT-NN's ``ttnn/kernel/compute/moreh_common.hpp``), else
dataflow. Every failure is reduced to the API names it is missing
(``Failure.names``), and the ranking counts kernels per name with the header that declares it
in the wheel.

Results are cached in ``<ttlang cache>/metalium-0.81.1/survey-<key>.json``, keyed by the wheel's
hash, the emulator's headers and this file, so a test session runs the survey at most once.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ttlang.emulator import build as emu_build

from . import real_headers as rh

EXCLUDED = ("experimental/",)
NUM_CT_ARGS = 128
CT_VALUE = 2
CB_PAGE_SIZE = 2048  # a bfloat16 32x32 tile
CB_FORMAT = 5  # DataFormat::Float16_b
# The per-CB page sizes and formats the emulator's JIT writes for a program (ttemu_descriptors.h,
# as descriptors_for in src/host_api.cpp), every CB alike.
CB_DESCRIPTORS = (
    "#pragma once\n#include <cstdint>\n"
    f"constexpr std::uint32_t ttemu_cb_page_size[64] = {{{','.join([str(CB_PAGE_SIZE)] * 64)}}};\n"
    f"constexpr std::uint8_t ttemu_cb_format[64] = {{{','.join([str(CB_FORMAT)] * 64)}}};\n"
)
FACTORY_DEFINES = {  # macros the factories always define, with the commonest factory's value
    "REDUCE_OP": "PoolType::SUM",
    "REDUCE_DIM": "ReduceDim::REDUCE_ROW",
    "BCAST_LLKOP": "EltwiseBinaryType::ELWADD",
    "BCAST_DIM": "BroadcastType::COL",
    "ELTWISE_OP": "add_tiles",
    "ELTWISE_OP_TYPE": "EltwiseBinaryType::ELWADD",
}


def ttnn_root() -> Path:
    """The wheel's ``ttnn`` package folder with the kernels (``ttnn/cpp/ttnn/...``) and the
    ``tt_metal`` tree, extracted once."""
    return rh.wheel_tree(("ttnn/ttnn/cpp/", "ttnn/tt_metal/hw/inc/", "ttnn/tt_metal/fabric/"))


def include_dirs(root: Path) -> list[Path]:
    """Where a ttnn kernel's includes resolve, as in tt-metal's JIT build (the repository root,
    ``ttnn/`` and ``ttnn/cpp/``), in the wheel's layout (``ttnn/ttnn/cpp/ttnn/...``)."""
    return [root, root / "ttnn", root / "ttnn" / "cpp", root / "ttnn" / "cpp" / "ttnn"]


def kernels(root: Path) -> list[Path]:
    ops = root / "ttnn" / "cpp" / "ttnn" / "operations"
    out = []
    for p in sorted(ops.rglob("*")):
        rel = p.relative_to(ops).as_posix()
        if p.suffix not in (".cpp", ".cc") or rel.startswith(EXCLUDED):
            continue
        if any(part.startswith("kernels") for part in p.relative_to(ops).parts[:-1]):
            out.append(p)
    return out


def is_compute(path: Path, source: str) -> bool:
    # api/compute/... or a compute helper of TT-NN's (ttnn/kernel/compute/moreh_common.hpp)
    return "compute" in path.parts or re.search(r'#\s*include\s*[<"](?:[\w./]*/)?compute/', source) is not None


def named_args(path: Path, source: str) -> list[str]:
    """The named compile-time args the kernel and the headers beside it ask for."""
    texts = [source]
    for inc in re.findall(r'#\s*include\s*"([^"]+)"', source):
        p = path.parent / inc
        if p.is_file():
            texts.append(p.read_text(errors="replace"))
    names = set()
    for t in texts:
        names.update(re.findall(r'get_named_compile_time_arg_val\(\s*"(\w+)"\s*\)', t))
    return sorted(names)


BINDING = re.compile(r"(?<![\w:])(args|dfb|tensor|sem|scratch)::([A-Za-z_]\w*)\b(?!\s*\()")
NOT_BINDINGS = {"dfb": {"AccessPattern"}}  # names of the API's own dfb:: namespace


def _local_texts(path: Path, source: str, root: Path) -> list[str]:
    """The kernel's text and that of the headers it includes from operations/ (beside it or by
    their path from the include roots)."""
    texts = [source]
    for inc in re.findall(r'#\s*include\s*"([^"]+)"', source):
        for base in [path.parent, *include_dirs(root)]:
            p = base / inc
            if p.is_file() and "operations" in p.parts:
                texts.append(p.read_text(errors="replace"))
                break
    return texts


def metal2_headers(path: Path, source: str, root: Path) -> dict[str, str] | None:
    """The generated headers of a Metal 2.0 kernel (see the module docstring), or None."""
    texts = _local_texts(path, source, root)
    found: dict[str, set[str]] = {k: set() for k in ("args", "dfb", "tensor", "sem", "scratch")}
    for t in texts:
        t = re.sub(r"//[^\n]*", "", t)
        for ns, name in BINDING.findall(t):
            if name not in NOT_BINDINGS.get(ns, ()):
                found[ns].add(name)
    varargs = any(re.search(r"\bget_(?:common_)?vararg\s*\(", t) for t in texts)
    if not any(found.values()) and not varargs:
        return None
    b = ["// AUTO-GENERATED (ttlang survey rule)\n#pragma once\n"]
    b.append('#include "api/dataflow/dfb_binding_token.h"')
    b.append('#include "api/dataflow/semaphore_binding_token.h"')
    b.append('#include "api/tensor/tensor_binding_token.h"')
    b.append('#include "api/scratchpad_binding_token.h"\n')
    if found["dfb"]:
        b.append("namespace dfb {")
        for i, n in enumerate(sorted(found["dfb"])):
            b.append(f"constexpr DFBBindingToken<dfb::AccessPattern::UNKNOWN, dfb::AccessPattern::UNKNOWN> {n}{{{i}}};")
        b.append("}  // namespace dfb")
    if found["sem"]:
        b.append("namespace sem {")
        for i, n in enumerate(sorted(found["sem"])):
            b.append(f"constexpr ::SemaphoreBindingToken {n}{{{i}u, SemScope::LOCAL_NONATOMIC}};")
        b.append("}  // namespace sem")
    crta = 0
    if found["tensor"]:
        b.append("namespace tensor {")
        for n in sorted(found["tensor"]):
            b.append(f"using {n}_t = ::tensor_accessor::TensorBindingToken<0, {crta * 4}>;")
            b.append(f"constexpr {n}_t {n}{{::binding_details::LLKMetadata{{}}}};")
            crta += 2
        b.append("}  // namespace tensor")
    if found["scratch"]:
        b.append("namespace scratch {")
        for n in sorted(found["scratch"]):
            b.append(f"constexpr ScratchpadBindingToken {n}{{{crta}u, 4096u}};")
            crta += 1
        b.append("}  // namespace scratch")
    a = ['// AUTO-GENERATED (ttlang survey rule)\n#pragma once\n\n#include "experimental/kernel_args.h"\n']
    if found["args"]:
        a.append("namespace args {")
        a += [f"constexpr experimental::CtaVal<uint32_t> {n}{{{CT_VALUE}u}};" for n in sorted(found["args"])]
        a.append("}  // namespace args\n")
    a.append("FORCE_INLINE uint32_t get_vararg(uint32_t idx) { return get_arg_val<uint32_t>(0 + idx); }")
    a.append(
        f"FORCE_INLINE uint32_t get_common_vararg(uint32_t idx) {{ return get_common_arg_val<uint32_t>({crta} + idx); }}"
    )
    return {"kernel_bindings_generated.h": "\n".join(b) + "\n", "kernel_args_generated.h": "\n".join(a) + "\n"}


def survey_flags(path: Path, source: str, root: Path) -> tuple[bool, list[str]]:
    compute = is_compute(path, source)
    flags = [f"-DKERNEL_COMPILE_TIME_ARGS={','.join([str(CT_VALUE)] * NUM_CT_ARGS)}"]
    names = named_args(path, source)
    if names:
        pairs = ",".join(f'{{"{n}",{CT_VALUE}}}' for n in names)
        flags.append(f"-DKERNEL_COMPILE_TIME_ARG_MAP={pairs}")
    flags += ["-DARCH_WORMHOLE", "-DNOC_INDEX=0"]
    flags.append("-DCOMPILE_FOR_TRISC" if compute else "-DCOMPILE_FOR_NCRISC")
    for k, v in FACTORY_DEFINES.items():
        flags.append(f"-D{k}={v}")
    if compute:
        flags += ["-DTTEMU_DST_ACCUM_MODE=0", "-DTTEMU_APPROX=0", "-DTTEMU_DST_SYNC_FULL=0", "-DMATH_FIDELITY=4"]
    flags += [f"-I{d}" for d in include_dirs(root)]
    return compute, flags


# ---------------------------------------------------------------------------------------------
# Diagnostics -> missing names

ERROR_PATTERNS = [  # (regex on a g++ error line, kind)
    (re.compile(r"fatal error: ([^:]+): No such file or directory"), "header"),
    (re.compile(r"error: '([\w:]+)' was not declared in this scope"), "name"),
    (re.compile(r"error: '([\w:]+)' has not been declared"), "name"),
    (re.compile(r"error: '([\w:]+)' is not a member of '([\w:]+)'"), "member"),
    (re.compile(r"error: '([\w:]+)' in namespace '([\w:]+)' does not name a (?:template )?type"), "member"),
    (re.compile(r"error: '([\w:]+)' does not name a (?:template )?type"), "name"),
    (re.compile(r"error: no matching function for call to '([\w:~]+)"), "call"),
    (re.compile(r"error: '(?:class|struct) ([\w:<>, ]+)' has no member named '(\w+)'"), "field"),
    (re.compile(r"error: there are no arguments to '(\w+)'"), "name"),
    (re.compile(r"error: no member named '(\w+)' in '([\w:]+)'"), "member"),
    (re.compile(r"error: '([\w:]+)' was not declared"), "name"),
    (re.compile(r"error: variable or field '(\w+)' declared void"), None),
    (re.compile(r"error: too many arguments to function '[^']*?([\w:]+)\("), "call"),
    (re.compile(r"error: too few arguments to function '[^']*?([\w:]+)\("), "call"),
]


@dataclasses.dataclass
class Failure:
    kernel: str  # path under operations/
    names: list[str]  # missing API names (header paths for missing headers)
    first_error: str


def _names(output: str) -> tuple[list[str], str]:
    names, first = [], ""
    for line in output.splitlines():
        if "error:" not in line:
            continue
        if not first:
            first = line.strip()
        for rx, kind in ERROR_PATTERNS:
            m = rx.search(line)
            if not m or kind is None:
                continue
            if kind == "header":
                n = f"<{m.group(1).strip()}>"
            elif kind in ("member",):
                n = f"{m.group(2)}::{m.group(1)}"
            elif kind == "field":
                cls = re.sub(r"<.*", "", m.group(1))
                n = f"{cls}::{m.group(2)}"
            else:
                n = m.group(1)
            if n not in names:
                names.append(n)
            break
    return names, first


def compile_one(path: Path, root: Path, work: Path) -> Failure | None:
    source = path.read_text(errors="replace")
    compute, flags = survey_flags(path, source, root)
    wrapper = work / f"{hashlib.sha1(str(path).encode()).hexdigest()[:12]}.cpp"
    head = (
        '#include "api/compute/common.h"\nnamespace ckernel {}\nusing namespace ckernel;\n'
        if compute
        else '#include "api/dataflow/dataflow_api.h"\n'
    )
    generated = metal2_headers(path, source, root)
    gen_dir = work / f"{wrapper.stem}.gen"
    gen_dir.mkdir(exist_ok=True)
    for name, text in {"ttemu_descriptors.h": CB_DESCRIPTORS, **(generated or {})}.items():
        (gen_dir / name).write_text(text)
    if generated:
        head += '#include "kernel_bindings_generated.h"\n#include "kernel_args_generated.h"\n'
    flags = [*flags, f"-I{gen_dir}"]
    wrapper.write_text(
        head + f'#include "{path}"\nextern "C" void ttemu_kernel_entry() {{ kernel_main(); }}\n'
    )
    cmd = [
        emu_build.compiler(), "-std=c++20", "-fsyntax-only", "-w", "-fmax-errors=30",
        f"-I{emu_build.INCLUDE_DIR}", f"-I{path.parent}", *flags, str(wrapper),
    ]  # fmt: skip
    env = {**os.environ, "LC_ALL": "C"}  # ASCII quotes in the diagnostics the patterns read
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=env)
    wrapper.unlink(missing_ok=True)
    shutil.rmtree(gen_dir, ignore_errors=True)
    if proc.returncode == 0:
        return None
    names, first = _names(proc.stderr)
    ops = root / "ttnn" / "cpp" / "ttnn" / "operations"
    return Failure(path.relative_to(ops).as_posix(), names, first)


# ---------------------------------------------------------------------------------------------
# Where a name is declared in the wheel


def declaring_headers(root: Path) -> dict[str, str]:
    """Short name -> the wheel header (under hw/inc/) that first declares it as a function,
    class, enum or macro; an approximation by regex over the headers' text."""
    inc = root / "tt_metal" / "hw" / "inc"
    index: dict[str, str] = {}
    decl = re.compile(
        r"^\s*(?:template\s*<[^;{]*>\s*)?(?:(?:static|inline|constexpr|FORCE_INLINE|ALWI|"
        r"\[\[[^\]]*\]\])\s+)*(?:(?:class|struct|enum(?:\s+class)?|using)\s+(\w+)|"
        r"[\w:<>,\s\*&]+?\b(\w+)\s*\()|^\s*#\s*define\s+(\w+)",
        re.M,
    )
    for h in sorted(inc.rglob("*.h")):
        rel = h.relative_to(inc).as_posix()
        try:
            text = h.read_text(errors="replace")
        except OSError:
            continue
        for m in decl.finditer(text):
            name = m.group(1) or m.group(2) or m.group(3)
            if name and name not in index:
                index[name] = rel
    return index


def header_of(name: str, index: dict[str, str]) -> str:
    if name.startswith("<"):
        return name[1:-1]
    short = name.split("::")[-1]
    return index.get(short, "?")


# ---------------------------------------------------------------------------------------------
# The survey, cached


@dataclasses.dataclass
class Survey:
    total: int
    compiled: int
    failures: list[Failure]
    ranking: list[tuple[str, str, int]]  # (name, header, kernels)

    def line(self) -> str:
        return f"TT-NN {rh.VERSION} kernels: {self.compiled}/{self.total} compile"

    def report(self, top: int = 40) -> str:
        lines = [self.line() + " on the emulator; missing or mismatched API, by kernels that need it:"]
        for name, header, n in self.ranking[:top]:
            lines.append(f"  {name} ({header}): {n} kernels")
        return "\n".join(lines)


@dataclasses.dataclass
class Session:
    """What this test session found, for the summary line."""

    survey: Survey | None = None


SESSION = Session()


def _cache_key(root: Path) -> str:
    h = hashlib.sha256()
    wheel = (root.parent / ".complete").read_text().strip()
    h.update(wheel.encode())
    h.update(emu_build.build_id().encode())
    h.update(Path(__file__).read_bytes())
    h.update(emu_build.compiler().encode())
    return h.hexdigest()[:16]


def run_survey(jobs: int | None = None) -> Survey:
    root = ttnn_root()
    cache = rh.metalium_cache() / f"survey-{_cache_key(root)}.json"
    if cache.is_file():
        data = json.loads(cache.read_text())
        return Survey(
            data["total"],
            data["compiled"],
            [Failure(**f) for f in data["failures"]],
            [tuple(r) for r in data["ranking"]],
        )
    paths = kernels(root)
    with tempfile.TemporaryDirectory(prefix="ttnn-survey.") as work:
        with ThreadPoolExecutor(jobs or os.cpu_count() or 2) as ex:
            results = list(ex.map(lambda p: compile_one(p, root, Path(work)), paths))
    failures = [f for f in results if f is not None]
    index = declaring_headers(root)
    counts = Counter(n for f in failures for n in f.names)
    ranking = [(n, header_of(n, index), c) for n, c in counts.most_common()]
    survey = Survey(len(paths), len(paths) - len(failures), failures, ranking)
    tmp = cache.with_suffix(f".tmp{os.getpid()}")
    tmp.write_text(json.dumps(dataclasses.asdict(survey)))
    os.replace(tmp, cache)
    return survey


if __name__ == "__main__":
    import sys

    s = run_survey()
    print(s.report(int(sys.argv[1]) if len(sys.argv) > 1 else 60))
