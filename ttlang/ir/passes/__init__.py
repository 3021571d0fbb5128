"""The pass pipeline, in order, readable in one place. A verifier runs after every pass;
TTLANG_PRINT_AFTER=<pass>[,<pass>...] (or "all") prints the IR after those passes to stderr."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

from ...arch import Arch
from .. import nodes as ir
from .. import printer, verifier
from . import cb_planning, dst_alloc, dst_resident, inline_tiles, multicast, role_split, tile_lowering


@dataclass(frozen=True)
class Options:
    """Compute configuration of a kernel (part of its cache key)."""

    fp32_dest_acc: bool = True
    dst_full_sync: bool = False
    math_fidelity: str = "HiFi4"
    multicast: bool = True

    @property
    def dst_capacity(self) -> int:
        return (16 if self.dst_full_sync else 8) // (2 if self.fp32_dest_acc else 1)


def pipeline(arch: Arch, options: Options):
    """(name, pass) in the order they run."""
    return [
        ("inline_tiles", inline_tiles.run),
        ("tile_lowering", tile_lowering.run),
        ("role_split", lambda k: role_split.run(k, options.fp32_dest_acc, options.dst_capacity)),
        ("dst_alloc", lambda p: dst_alloc.run(p, options.dst_capacity)),
        ("dst_resident", dst_resident.run),
        ("cb_planning", lambda p: cb_planning.run(p, arch)),
        ("multicast", lambda p: multicast.run(p, options.multicast)),
    ]


def _print_after() -> set[str]:
    return {x.strip() for x in os.environ.get("TTLANG_PRINT_AFTER", "").split(",") if x.strip()}


def run(k: ir.KernelIR, arch: Arch, options: Options) -> ir.Program:
    show = _print_after()
    x = k
    verifier.verify_kernel(x, "the frontend")
    if "frontend" in show or "all" in show:
        print(f"// IR after frontend\n{printer.show(x)}\n", file=sys.stderr)
    for name, fn in pipeline(arch, options):
        x = fn(x)
        if isinstance(x, ir.Program):
            verifier.verify_program(x, name)
        else:
            verifier.verify_kernel(x, name)
        if name in show or "all" in show:
            print(f"// IR after {name}\n{printer.show(x)}\n", file=sys.stderr)
    return x
