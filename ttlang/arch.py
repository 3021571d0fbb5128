"""Device presets, mirroring the emulator's (ttlang/emulator/src/arch.hpp) and BRIEF section 5."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

# Kernel binary limits, from TT-Metalium v0.81.1: the per-RISC kernel sizes of
# tt_metal/hw/inc/internal/tt-1xx/{wormhole,blackhole}/dev_mem_map.h as shipped in the PyPI ttnn
# 0.81.1 wheel (MEM_BRISC_KERNEL_SIZE, MEM_NCRISC_KERNEL_SIZE, MEM_TRISC{0,1,2}_KERNEL_SIZE:
# MEM_MAX_KERNEL_SIZE = 1432 KiB on Wormhole, 1497 KiB on Blackhole, except Wormhole's NCRISC,
# whose kernel runs from its 16 KiB IRAM, MEM_NCRISC_IRAM_SIZE), and the kernel config buffer
# that holds all of a core's kernel binaries with their runtime args and CB configs
# (default_l1_kernel_config_size = 69 * 1024 in tt_metal/llrt/hal/tt-1xx/*/{wh,bh}_hal_tensix.cpp
# of tt-metal; the wheel has no host sources, read in the tt-metal repository). The dev_mem_map.h
# comment calls that buffer "the real constraint".
KERNEL_CONFIG_SIZE = 69 * 1024
_WH_KERNEL = 1432 * 1024
_BH_KERNEL = 1497 * 1024
WORMHOLE_KERNEL_LIMITS = {"BRISC": _WH_KERNEL, "NCRISC": 16 * 1024, "TRISC": _WH_KERNEL}
BLACKHOLE_KERNEL_LIMITS = {"BRISC": _BH_KERNEL, "NCRISC": _BH_KERNEL, "TRISC": _BH_KERNEL}


@dataclass(frozen=True)
class Arch:
    name: str  # "wormhole_b0" | "blackhole"
    title: str
    grid_x: int  # columns of the compute grid
    grid_y: int  # rows
    l1_size: int
    l1_unreserved_base: int
    max_cbs: int
    dram_banks: int
    kernel_size_limits: dict = field(default_factory=dict, hash=False, compare=False)
    kernel_config_size: int = KERNEL_CONFIG_SIZE

    @property
    def num_cores(self) -> int:
        return self.grid_x * self.grid_y

    @property
    def l1_user_bytes(self) -> int:
        return self.l1_size - self.l1_unreserved_base


WORMHOLE = Arch(
    "wormhole_b0",
    "Wormhole n150",
    8,
    8,
    1464 * 1024,
    (0x8960 + KERNEL_CONFIG_SIZE + 31) & ~31,
    32,
    12,
    WORMHOLE_KERNEL_LIMITS,
)
BLACKHOLE = Arch(
    "blackhole",
    "Blackhole p150",
    13,
    10,
    1536 * 1024,
    (0xA080 + KERNEL_CONFIG_SIZE + 63) & ~63,
    64,
    8,
    BLACKHOLE_KERNEL_LIMITS,
)

ARCHES = {
    "wormhole_b0": WORMHOLE,
    "wormhole": WORMHOLE,
    "n150": WORMHOLE,
    "blackhole": BLACKHOLE,
    "p150": BLACKHOLE,
}


def get(name: str | None = None) -> Arch:
    """The preset named `name`, else $TTLANG_ARCH / $TTEMU_ARCH, else Wormhole n150."""
    name = name or os.environ.get("TTLANG_ARCH") or os.environ.get("TTEMU_ARCH") or "wormhole_b0"
    try:
        return ARCHES[name.lower()]
    except KeyError:
        raise ValueError(
            f"unknown architecture {name!r}: expected wormhole_b0 or blackhole"
        ) from None
