"""Device presets, mirroring the emulator's (ttlang/emulator/src/arch.hpp) and BRIEF section 5."""

from __future__ import annotations

import os
from dataclasses import dataclass


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

    @property
    def num_cores(self) -> int:
        return self.grid_x * self.grid_y

    @property
    def l1_user_bytes(self) -> int:
        return self.l1_size - self.l1_unreserved_base


WORMHOLE = Arch(
    "wormhole_b0", "Wormhole n150", 8, 8, 1464 * 1024, (0x8960 + 69 * 1024 + 31) & ~31, 32, 12
)
BLACKHOLE = Arch(
    "blackhole", "Blackhole p150", 13, 10, 1536 * 1024, (0xA080 + 69 * 1024 + 63) & ~63, 64, 8
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
