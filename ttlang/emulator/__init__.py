"""ttemu: TT-Metalium v0.81.1 on the CPU.

A C++ library (libttemu.so) and headers at Metalium's own include paths; host programs and
kernels written against the real API compile against it unmodified. ``python -m ttlang.emulator
--cflags`` / ``--libs`` print the flags to build a host program.
"""

from .build import INCLUDE_DIR, ToolchainError, cflags, check_compiler, lib_dir, libs

__all__ = ["INCLUDE_DIR", "ToolchainError", "cflags", "check_compiler", "lib_dir", "libs"]
