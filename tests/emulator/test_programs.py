"""Hand-written TT-Metalium host programs, built against the emulator (ttemu) with g++ and run.

Each host program under ``programs/`` is compiled once per test module (into pytest's tmp_path)
with the documented command::

    CFLAGS=$(python -m ttlang.emulator --cflags); LIBS=$(python -m ttlang.emulator --libs)
    g++ -std=c++20 $CFLAGS main.cpp $LIBS -o prog

and takes the directory of its kernels (``<dir>/kernels/{reader,compute,writer}.cpp``) as argv[1],
like tt-metal's eltwise_binary example. The kernels are JIT-compiled by the emulator into a
per-module cache (``TTEMU_CACHE_DIR``), so nothing is cached outside tmp_path.

The fault programs under ``programs/faults/<name>/`` each contain one deliberate mistake. The
faulty kernel call carries a ``// FAULT`` comment (``// BLOCKED`` for the lines a deadlocked
thread waits at); the tests require the emulator to stop the program with an uncaught
``ttemu::Fault`` whose message says what went wrong and names that file:line. A program that
hangs fails its test after TIMEOUT seconds.
"""

from __future__ import annotations

import os
import re
import resource
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PROGRAMS = Path(__file__).resolve().parent / "programs"
FAULTS = PROGRAMS / "faults"
TIMEOUT = 60  # seconds: a run that takes longer is a hang

# Host programs by name, each built once per module: the example unchanged; the example with
# options (fp32_dest_acc_en=, cb0_tiles=, out_cb=); 64 tiles split over a 3x2 core grid; tile_ops
# (test_compute.py) for a kernel directory with only its compute kernel.
HOSTS = {
    "eltwise_binary": PROGRAMS / "eltwise_binary" / "main.cpp",
    "config": PROGRAMS / "eltwise_binary_config" / "main.cpp",
    "multicore": PROGRAMS / "eltwise_multicore" / "main.cpp",
    "empty_define": PROGRAMS / "empty_define" / "main.cpp",
    "tile_ops": PROGRAMS / "tile_ops" / "main.cpp",
}

# The RISC-V processor each kernel of these host programs runs on.
RISC = {"reader.cpp": "NCRISC", "writer.cpp": "BRISC", "compute.cpp": "TRISC"}


# ------------------------------------------------------------------------------------------
# Building and running


def _emulator_flags(option: str) -> list[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "ttlang.emulator", option],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, f"python -m ttlang.emulator {option} failed:\n{proc.stderr}"
    return proc.stdout.split()


class Hosts:
    """Builds each host program on first use and hands out the executable."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self._built: dict[str, Path] = {}
        self._lock = threading.Lock()
        self._flags: tuple[list[str], list[str]] | None = None

    def __call__(self, name: str) -> Path:
        with self._lock:
            if name not in self._built:
                if self._flags is None:
                    self._flags = (_emulator_flags("--cflags"), _emulator_flags("--libs"))
                cflags, libs = self._flags
                exe = self.out_dir / name
                cmd = ["g++", "-std=c++20", *cflags, str(HOSTS[name]), *libs, "-o", str(exe)]
                proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
                assert proc.returncode == 0, (
                    f"building {HOSTS[name]} failed:\n{' '.join(cmd)}\n{proc.stderr}"
                )
                self._built[name] = exe
            return self._built[name]


@pytest.fixture(scope="module")
def hosts(tmp_path_factory) -> Hosts:
    return Hosts(tmp_path_factory.mktemp("hosts"))


@pytest.fixture(scope="module")
def run_env(tmp_path_factory) -> dict[str, str]:
    env = dict(os.environ)
    env["TTEMU_CACHE_DIR"] = str(tmp_path_factory.mktemp("kernel_cache"))
    # The expectations below (32 CBs, DST capacity, L1 size) are Wormhole's.
    env["TTEMU_ARCH"] = "wormhole_b0"
    env.pop("TT_METAL_ARCH_NAME", None)
    return env


def _no_core_dumps() -> None:
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


@pytest.fixture(scope="module")
def run(hosts, run_env, tmp_path_factory):
    """run(host, kernel_dir, *options, timeout=TIMEOUT) -> CompletedProcess.

    Fails the test if the program does not finish within `timeout` seconds."""
    cwd = tmp_path_factory.mktemp("runs")

    def _run(host: str, kernel_dir: Path, *options: str, timeout: float = TIMEOUT):
        cmd = [str(hosts(host)), str(kernel_dir), *options]
        try:
            return subprocess.run(
                cmd,
                capture_output=True,
                text=True,
                timeout=timeout,
                env=run_env,
                cwd=cwd,
                preexec_fn=_no_core_dumps,
                check=False,
            )
        except subprocess.TimeoutExpired as e:
            out, err = (
                x.decode(errors="replace") if isinstance(x, bytes) else x or ""
                for x in (e.stdout, e.stderr)
            )
            pytest.fail(
                f"{' '.join(cmd)} hung: no result within {timeout} s\n"
                f"stdout:\n{out}\nstderr:\n{err}"
            )

    return _run


# ------------------------------------------------------------------------------------------
# Reading the results

# libstdc++'s and libc++abi's reports of an exception that ends the program.
_UNCAUGHT = [
    re.compile(
        r"terminate called after throwing an instance of '(?P<type>[^']+)'\n"
        r"\s*what\(\):\s+(?P<msg>.*)",
        re.DOTALL,
    ),
    re.compile(
        r"terminating due to uncaught exception of type (?P<type>[\w:]+): (?P<msg>.*)", re.DOTALL
    ),
]
_CRASH_SIGNALS = {
    -s: s.name
    for s in (signal.SIGFPE, signal.SIGSEGV, signal.SIGBUS, signal.SIGILL, signal.SIGKILL)
}


def _describe(proc) -> str:
    return f"exit code {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"


def fault_message(proc) -> str:
    """The message of the ttemu::Fault that stopped the program (which must have stopped)."""
    assert proc.returncode != 0, f"the program did not stop with an error:\n{_describe(proc)}"
    assert proc.returncode not in _CRASH_SIGNALS, (
        f"the program died of {_CRASH_SIGNALS[proc.returncode]} instead of reporting a fault:\n"
        + _describe(proc)
    )
    assert "PASS" not in proc.stdout, _describe(proc)
    for pattern in _UNCAUGHT:
        if m := pattern.search(proc.stderr):
            assert m["type"] == "ttemu::Fault", (
                f"expected a ttemu::Fault, got {m['type']}:\n{_describe(proc)}"
            )
            return m["msg"].strip()
    pytest.fail(f"no uncaught exception message on stderr:\n{_describe(proc)}")


def marked_line(path: Path, marker: str = "FAULT") -> int:
    """The 1-based number of the line of `path` carrying a `// <marker>` comment (exactly one)."""
    lines = [
        n
        for n, text in enumerate(path.read_text().splitlines(), 1)
        if re.search(rf"//\s*{marker}\b", text)
    ]
    assert len(lines) == 1, f"{path} must have exactly one // {marker} line, has {lines}"
    return lines[0]


def location(path: Path, marker: str = "FAULT") -> str:
    return f"{path}:{marked_line(path, marker)}"


def assert_passes(proc) -> None:
    assert proc.returncode == 0, _describe(proc)
    assert re.search(r"^PASS: 0 mismatches in 65536 values$", proc.stdout, re.MULTILINE), _describe(
        proc
    )


# ------------------------------------------------------------------------------------------
# Correct programs


def test_eltwise_binary_example_passes(run):
    assert_passes(run("eltwise_binary", PROGRAMS / "eltwise_binary"))


@pytest.mark.parametrize(
    "options", [(), ("fp32_dest_acc_en=1",)], ids=["default", "fp32_dest_acc_en"]
)
def test_config_host_passes_with_example_kernels(run, options):
    """The configurable host used by some fault tests is itself correct."""
    assert_passes(run("config", PROGRAMS / "eltwise_binary", *options))


def test_pre_tensor_accessor_api_passes(run):
    """Kernels on the deprecated v0.81.1 API: InterleavedAddrGenFast<DRAM, tile_hw> with
    noc_async_read_tile / noc_async_write_tile, get_noc_addr(id, accessor) (the accessor is an
    InterleavedAddrGen), and add_reuse_dest_tiles (ckernel::detail underneath)."""
    assert_passes(run("eltwise_binary", PROGRAMS / "pre_accessor_api"))


def test_define_with_an_empty_value_is_an_empty_macro(run):
    """KEY: "" reaches the kernel as an empty macro, as tt-metal's -DKEY=VALUE makes it (the
    binary_ng kernels read an empty PROCESS_LHS_ACTIVATIONS(i) as "no activations")."""
    proc = run("empty_define", PROGRAMS / "empty_define" / "kernels")
    assert proc.returncode == 0 and proc.stdout.strip() == "PASS", _describe(proc)


def test_zero_page_cb_calls_are_no_ops(run):
    """cb_reserve_back / cb_push_back / cb_wait_front / cb_pop_front of 0 pages return at once and
    change nothing, as on hardware: TT-NN's matmul writers pop the padded subblocks with a count
    that is 0 when nothing is padded (the emulator once faulted on it)."""
    assert_passes(run("eltwise_binary", PROGRAMS / "zero_pages"))


HOST_SPLIT = re.compile(r"^host: core \((\d+),(\d+)\) start=(\d+) count=(\d+)$", re.MULTILINE)


def test_multicore_eltwise_add(run):
    proc = run("multicore", PROGRAMS / "eltwise_multicore")
    assert_passes(proc)
    split = {(int(x), int(y)): (int(s), int(c)) for x, y, s, c in HOST_SPLIT.findall(proc.stdout)}
    assert sorted(split) == [(x, y) for x in range(3) for y in range(2)], proc.stdout
    assert sorted(split.values()) == [(0, 11), (11, 11), (22, 11), (33, 11), (44, 10), (54, 10)]


# "<device>:(<x>,<y>):<thread>: <message>", also accepting "(x=<x>,y=<y>)".
DPRINT_LINE = re.compile(
    r"^\S*?\((?:x=)?(\d+),\s*(?:y=)?(\d+)\)\S*:?\s+((?:reader|compute) .*)$", re.MULTILINE
)


def test_dprint_output_is_prefixed_with_the_core(run):
    """Every core's reader and compute kernels DPRINT their share of the tiles."""
    proc = run("multicore", PROGRAMS / "dprint")
    assert_passes(proc)
    split = {(int(x), int(y)): (int(s), int(c)) for x, y, s, c in HOST_SPLIT.findall(proc.stdout)}
    assert len(split) == 6, proc.stdout
    printed: dict[tuple[int, int], list[str]] = {}
    for x, y, text in DPRINT_LINE.findall(proc.stdout):
        printed.setdefault((int(x), int(y)), []).append(text)
    assert sorted(printed) == sorted(split), (
        f"DPRINT lines do not name each core once:\n{proc.stdout}"
    )
    for core, (start, count) in split.items():
        assert sorted(printed[core]) == [
            f"compute tiles={count}",
            f"reader start={start} count={count}",
        ], f"core {core}:\n{proc.stdout}"


# ------------------------------------------------------------------------------------------
# Faults in kernels: the message says what went wrong and names the faulty kernel line.


@dataclass(frozen=True)
class KernelFault:
    program: str  # directory under faults/
    expect: tuple[str, ...]  # regexes the message must match: what went wrong
    kernels: tuple[str, ...]  # kernel files with a // FAULT line; the message names one of them
    host: str = "eltwise_binary"
    options: tuple[str, ...] = ()
    marks: tuple = field(default=())


KERNEL_FAULTS = [
    KernelFault(
        "missing_read_barrier",
        (r"cb_push_back\(c_0, 1\)", r"NoC read", r"in flight", r"noc_async_read_barrier"),
        ("reader.cpp",),
    ),
    KernelFault(
        "missing_write_barrier",
        (r"cb_pop_front\(c_16, 1\)", r"NoC write", r"in flight", r"noc_async_write_barrier"),
        ("writer.cpp",),
    ),
    KernelFault(
        "pop_more_than_waited",
        (r"cb_pop_front\(c_16, 2\)", r"more pages than were waited for \(1\)"),
        ("writer.cpp",),
    ),
    KernelFault(
        "push_more_than_reserved",
        (r"cb_push_back\(c_0, 2\)", r"more pages than were reserved \(1\)"),
        ("reader.cpp",),
    ),
    KernelFault(
        "wait_more_than_cb", (r"cb_wait_front\(c_0, 3\)", r"holds only 2 pages"), ("compute.cpp",)
    ),
    KernelFault(
        "reserve_more_than_cb",
        (r"cb_reserve_back\(c_0, 4\)", r"holds only 2 pages"),
        ("reader.cpp",),
    ),
    KernelFault(
        "page_out_of_range", (r"\bpage 64\b", r"outside", r"\b64 pages\b"), ("reader.cpp",)
    ),
    KernelFault(
        "addrgen_fast_format",
        (r"\b4096 bytes\b", r"does not match", r"\b2048 bytes\b"),
        ("reader.cpp",),
    ),
    KernelFault("pack_without_wait", (r"\bpack_tile\b", r"tile_regs_wait\(\)"), ("compute.cpp",)),
    KernelFault(
        "commit_without_acquire",
        (r"tile_regs_commit\(\)", r"without a matching tile_regs_acquire\(\)"),
        ("compute.cpp",),
    ),
    KernelFault(
        "math_without_acquire",
        (r"\badd_tiles\b", r"outside tile_regs_acquire\(\)"),
        ("compute.cpp",),
    ),
    KernelFault(
        "dst_index_beyond_capacity",
        (r"\bcopy_tile\b", r"DST index 8\b", r"\b4 tiles\b", r"half sync", r"fp32"),
        ("compute.cpp",),
        host="config",
        options=("fp32_dest_acc_en=1",),
    ),
    KernelFault("div_by_zero", (r"integer division by zero",), ("reader.cpp",)),
    # A non-inlined helper: kernels carry DWARF 4 line tables, which GNU addr2line reads right.
    KernelFault("div_by_zero_in_helper", (r"integer division by zero",), ("reader.cpp",)),
    KernelFault("assert_fails", (r"ASSERT\(n_tiles <= 32\) failed",), ("reader.cpp",)),
    # The CBs are configured as in the example (c_16 for the output); the kernels use c_40.
    KernelFault(
        "cb_index_40", (r"\bCB index 40\b", r"out of range"), ("writer.cpp", "compute.cpp")
    ),
]


@pytest.mark.parametrize(
    "case", [pytest.param(c, id=c.program, marks=c.marks) for c in KERNEL_FAULTS]
)
def test_kernel_fault(run, case: KernelFault):
    kernel_dir = FAULTS / case.program
    msg = fault_message(run(case.host, kernel_dir, *case.options))
    for pattern in case.expect:
        assert re.search(pattern, msg), f"the message does not match {pattern!r}:\n{msg}"
    named = re.search(r"\bkernel (\w+\.cpp)\b", msg)
    assert named and named[1] in case.kernels, (
        f"the message names none of the kernels {case.kernels}:\n{msg}"
    )
    kernel = named[1]
    assert re.search(rf"\bcore \(0,0\) {RISC[kernel]}\b", msg), (
        f"the message does not name the core:\n{msg}"
    )
    where = location(kernel_dir / "kernels" / kernel)
    assert where in msg, f"the message does not name the faulty line {where}:\n{msg}"


# ------------------------------------------------------------------------------------------
# Deadlocks: every blocked thread, its core, CB, pages wanted and available, and its line.


def _blocked_threads(msg: str) -> list[str]:
    assert msg.startswith("deadlock"), f"not a deadlock report:\n{msg}"
    lines = [line.strip() for line in msg.splitlines()[1:] if line.strip()]
    assert all(" blocked in " in line for line in lines), msg
    return lines


def test_deadlock_lists_every_blocked_thread(run):
    """The reader never pushes c_1: compute waits for c_1, the reader for room in c_0 and the
    writer for c_16."""
    kernels = FAULTS / "deadlock" / "kernels"
    msg = fault_message(run("eltwise_binary", FAULTS / "deadlock"))
    threads = _blocked_threads(msg)
    expected = {
        "reader.cpp": r"cb_reserve_back\(c_0, 1\): 0 of 2 pages free",
        "compute.cpp": r"cb_wait_front\(c_1, 1\): 0 of 1 pages available",
        "writer.cpp": r"cb_wait_front\(c_16, 1\): 0 of 1 pages available",
    }
    assert len(threads) == len(expected), msg
    for kernel, wait in expected.items():
        mine = [t for t in threads if re.search(rf"\bkernel {re.escape(kernel)}\b", t)]
        assert len(mine) == 1, f"{kernel} is not listed once:\n{msg}"
        assert re.search(rf"^core \(0,0\) {RISC[kernel]}\b", mine[0]), mine[0]
        assert re.search(wait, mine[0]), f"{kernel}: expected {wait!r} in\n{mine[0]}"
        assert mine[0].endswith(" at " + location(kernels / kernel, "BLOCKED")), mine[0]


def test_l1_poll_that_nothing_ends_is_a_deadlock(run):
    """The writer spins on an L1 flag with invalidate_l1_cache() and nothing ever sets it: the
    emulator reports the poll as a blocked thread (after the others block on full CBs) instead
    of spinning for ever."""
    # l1_poll_forever's writer includes l1_polling's: the report names it by the include's path.
    writer = FAULTS / "l1_poll_forever" / "kernels" / "../../../l1_polling/kernels/writer.cpp"
    msg = fault_message(run("eltwise_binary", FAULTS / "l1_poll_forever", timeout=20))
    threads = _blocked_threads(msg)
    mine = [t for t in threads if re.search(r"\bkernel writer\.cpp\b", t)]
    assert len(mine) == 1, msg
    assert "polling L1 (invalidate_l1_cache)" in mine[0], mine[0]
    assert mine[0].endswith(" at " + location(writer, "POLL")), mine[0]


def test_deadlock_across_cores(run):
    """Off-by-one in the writer: on all six cores (run by several host workers) it waits for one
    tile too many, after the reader and compute kernels finished; only the writers are listed."""
    kernels = FAULTS / "deadlock_multicore" / "kernels"
    msg = fault_message(run("multicore", FAULTS / "deadlock_multicore"))
    threads = _blocked_threads(msg)
    where = location(kernels / "writer.cpp", "BLOCKED")
    cores = []
    for t in threads:
        m = re.fullmatch(
            r"core \((\d+),(\d+)\) BRISC kernel writer\.cpp blocked in cb_wait_front\(c_16, 1\): "
            rf"0 of 1 pages available at {re.escape(where)}",
            t,
        )
        assert m, f"unexpected blocked thread:\n{t}\nin\n{msg}"
        cores.append((int(m[1]), int(m[2])))
    assert sorted(cores) == [(x, y) for x in range(3) for y in range(2)], msg


# ------------------------------------------------------------------------------------------
# Faults in the host program's setup, found when the program is launched.


def test_l1_overflow_lists_the_circular_buffers(run):
    """c_0 of 1024 two-KiB pages (2 MiB) cannot fit in Wormhole's 1464 KiB of L1."""
    msg = fault_message(run("config", PROGRAMS / "eltwise_binary", "cb0_tiles=1024"))
    assert re.search(r"\bL1\b.*overflow|overflow.*\bL1\b", msg, re.IGNORECASE), msg
    assert "core (0,0)" in msg, msg
    for cb, size in (("c_0", 2 * 1024 * 1024), ("c_1", 4096), ("c_16", 4096)):
        assert re.search(rf"\b{cb}: {size} B\b", msg), f"{cb} ({size} B) is not listed:\n{msg}"


@pytest.mark.parametrize("kib", [1340, 1352])
def test_l1_overflow_by_circular_buffers_and_an_l1_buffer(run, kib):
    """An interleaved L1 buffer of `kib` KiB per core takes the top of each core's L1; the three
    CBs (12 KiB) grow up from the start of user L1 (0x19d60, 1360.7 KiB below the end of
    Wormhole's 1464 KiB). 1340 KiB leaves them room, 1352 KiB does not."""
    proc = run("config", PROGRAMS / "eltwise_binary", f"l1_buffer_kib={kib}")
    if kib == 1340:
        assert_passes(proc)
        return
    msg = fault_message(proc)
    assert re.search(r"\bL1 overflow\b", msg, re.IGNORECASE), msg
    assert "core (0,0)" in msg, msg
    # The L1 buffer starts at the end of L1 minus 1352 KiB: 1499136 - 1384448 = 0x1c000.
    assert re.search(r"\bL1 buffers?\b.*\b0x1c000\b", msg), msg
    for cb in ("c_0", "c_1", "c_16"):
        assert re.search(rf"\b{cb}: 4096 B\b", msg), f"{cb} is not listed:\n{msg}"


def test_circular_buffer_index_beyond_architecture(run):
    """The host configures c_40; Wormhole has 32 circular buffers per core."""
    msg = fault_message(run("config", FAULTS / "cb_index_40", "out_cb=40"))
    assert re.search(r"\bc_40\b", msg), msg
    assert re.search(r"\b32 circular buffers\b", msg), msg
    assert "core (0,0)" in msg, msg


# ------------------------------------------------------------------------------------------
# Correct programs the emulator cannot run.


def test_polling_l1_for_a_plain_store_completes(run):
    # The writer spins on an L1 word with invalidate_l1_cache() until the reader, on the same core,
    # sets it with a plain store: the poll lets the reader run and then sees the store.
    assert_passes(run("eltwise_binary", PROGRAMS / "l1_polling", timeout=20))


def test_polling_for_pages_completes(run):
    # A kernel spinning on cb_pages_available_at_front lets the producer run (10 s bounds a hang).
    assert_passes(run("eltwise_binary", PROGRAMS / "cb_polling", timeout=10))


def test_not_emulated_call_is_one_line(run):
    """A kernel calling an API the emulator declares but does not emulate (add_int_tile: DST holds
    no integers) fails at its JIT compile with one short message naming the function, its header
    and the kernel's file and line, not pages of template errors."""
    kernels = PROGRAMS / "tile_ops" / "not_emulated"
    proc = run("tile_ops", kernels, "out=not_emulated_out.bin:Float16_b:1")
    assert proc.returncode != 0
    err = proc.stderr
    assert "ttemu: add_int_tile (api/compute/add_int_sfpu.h) is not emulated" in err, err
    line = next(i for i, s in enumerate((kernels / "kernels/compute.cpp").read_text().splitlines(), 1)
                if "NOT EMULATED" in s)
    assert f"compute.cpp:{line}" in err, err
    assert len(err.splitlines()) <= 20, err
