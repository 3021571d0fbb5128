"""An estimate of each generated kernel's binary size on its RISC-V core, checked against what
the chip can load.

On the chip a program's kernels are loaded into each core's kernel config buffer, a ring in L1
that holds the binaries of all five RISCs of the core (reader on NCRISC, writer on BRISC, the
compute kernel once per TRISC: unpack, math, pack) with the runtime args and CB configs; a program
that does not fit stops at launch with TT-Metalium's "Program size (N) too large for kernel config
buffer (70656)". On Wormhole the NCRISC kernel also runs from its 16 KiB instruction RAM. The
emulator runs any size, so the compiler checks here, before the program runs anywhere, and a
kernel over a limit is a located TTLangResourceError at its def line.

The estimate counts the call sites of the kernel API in the generated C++ (loops count once, as
code size does; comments are not code) and adds a fixed size per kernel:

- reader and writer (BRISC, NCRISC): calibrated once by compiling ttlang's generated readers and
  writers (an elementwise kernel, a 16x16-tile block, the matmul example) against the real
  v0.81.1 device headers (the PyPI ttnn 0.81.1 wheel, ncrisck.cc / brisck.cc as the firmware
  build includes them) with Debian's riscv64 GCC 12 for rv32im at -Os: 924-1388 bytes of .text +
  .rodata + .data each, for 5-9 API call sites. The figures below give 1.5x those sizes (they
  count the accessor and address helpers as calls too): an overestimate on purpose.
- compute (each TRISC): not measured -- the compute API compiles only with Tenstorrent's SFPI
  compiler (lltt, sfpi builtins), which no registry ships. An LLK call inlines a few Tensix
  instruction words and their address-mode setup on each thread, an *_init call reprograms the
  MOP templates and is larger; the figures are a judgement from the LLK sources of the wheel,
  not a measurement, and may be off by a factor of two either way.

So the estimate is approximate (docs/language.md, "Code size") and only a kernel estimated at
more than twice a limit is refused (MARGIN): the check catches a kernel grown far past the chip
(hundreds of unrolled tile operations), not one somewhat over, which fails at launch on the chip.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from .. import arch as arch_mod

# Bytes per call site of each RISC's binary, by the first pattern that matches the callee.
DATAFLOW_BASE = 800
DATAFLOW_COSTS = (
    (re.compile(r"^noc_"), 160),
    (re.compile(r"^(cb_|get_write_ptr|get_read_ptr|get_tile_size)"), 48),
    (re.compile(r"^(get_arg_val|get_common_arg_val|get_compile_time_arg_val)"), 16),
)
COMPUTE_BASE = 1200  # per TRISC: kernel_main, compute_kernel_hw_startup, the thread's prologue
COMPUTE_COSTS = (
    (re.compile(r"_init(_short)?(_with_dt)?$|^reconfig_|^pack_reconfig_"), 160),
    (re.compile(r"^(cb_|tile_regs_)"), 32),
    (re.compile(r"(_tiles?$|^pack_tile|_tile_bcast|_tiles_bcast)"), 96),
)
OTHER_CALL = 32
# The compute figures may be off by a factor of two: only an estimate over twice a limit is
# refused, so that no kernel that fits the chip is (the matmul_blocked example estimates at ~110
# KiB of the 69 KiB buffer and is not known not to fit).
MARGIN = 2
# Calls that are C++ helpers of the generated code (inlined arithmetic) or the language's own.
_SKIP = {"if", "for", "while", "switch", "return", "sizeof", "static_cast", "reinterpret_cast"}
_CALL = re.compile(r"\b([A-Za-z_]\w*)\s*(?:<[^<>;()]*>)?\s*\(")
_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
_DEFINITION = re.compile(r"^\s*(?:static\s+)?(?:inline\s+)?[\w:<>]+\s+(\w+)\s*\(", re.M)


@dataclass(frozen=True)
class Estimate:
    reader: int  # NCRISC
    writer: int  # BRISC
    compute: int  # each of TRISC0/1/2

    @property
    def total(self) -> int:
        """The program's kernel binaries on one core: reader, writer, three TRISCs."""
        return self.reader + self.writer + 3 * self.compute


def _calls(source: str) -> list[str]:
    code = _COMMENT.sub("", source)
    defined = set(_DEFINITION.findall(code))  # the kernel's own helpers: part of the base
    return [m for m in _CALL.findall(code) if m not in _SKIP and m not in defined]


def _size(source: str, base: int, costs) -> int:
    total = base
    for name in _calls(source):
        for pattern, cost in costs:
            if pattern.search(name):
                total += cost
                break
        else:
            total += OTHER_CALL
    return total


def estimate(reader: str, writer: str, compute: str) -> Estimate:
    return Estimate(
        _size(reader, DATAFLOW_BASE, DATAFLOW_COSTS),
        _size(writer, DATAFLOW_BASE, DATAFLOW_COSTS),
        _size(compute, COMPUTE_BASE, COMPUTE_COSTS),
    )


def kernel_config_bytes(arch: arch_mod.Arch) -> int:
    """The kernel config buffer of a core: the arch's, or TTLANG_KERNEL_CONFIG_KB (tt-metal
    changes it with worker_l1_size; tests lower it)."""
    text = os.environ.get("TTLANG_KERNEL_CONFIG_KB")
    if text:
        try:
            return int(float(text) * 1024)
        except ValueError:
            pass
    return arch.kernel_config_size


def problems(est: Estimate, arch: arch_mod.Arch, margin: float = MARGIN) -> list[str]:
    """What exceeds `margin` times its limit, one sentence each (empty: it fits). The compiler
    refuses a kernel over MARGIN times a limit and warns about one over the limit itself."""
    out = []
    ring = kernel_config_bytes(arch)
    if est.total > margin * ring:
        out.append(
            f"its kernels are estimated at {est.total / 1024:.1f} KiB on each core (reader "
            f"{est.reader / 1024:.1f}, writer {est.writer / 1024:.1f}, compute "
            f"{est.compute / 1024:.1f} on each of the 3 TRISCs) but a core's kernel config "
            f"buffer holds {ring / 1024:.0f} KiB"
        )
    for role, risc, size in (
        ("reader", "NCRISC", est.reader),
        ("writer", "BRISC", est.writer),
        ("compute", "TRISC", est.compute),
    ):
        limit = arch.kernel_size_limits[risc]
        if size > margin * limit:
            out.append(
                f"its {role} is estimated at {size / 1024:.1f} KiB but a {risc} kernel holds "
                f"{limit / 1024:.0f} KiB"
            )
    return out
