"""Builds and runs the TT-NN production programs (host programs of ours in this folder that
configure the unmodified kernels of the ttnn 0.81.1 wheel) against the emulator.

    python -m tests.emulator.ttnn.driver matmul --M 1024 --K 1024 --N 1024 --grid 8x8 [...]

builds ``<name>.cpp`` once (``g++ -std=c++20 $(python -m ttlang.emulator --cflags) ...
$(python -m ttlang.emulator --libs)``, cached by the source's hash under the ttlang cache),
extracts the wheel's kernels once (tests/metalium/ttnn_kernels.py), and runs the program with
``--kernels <wheel>/ttnn`` and the remaining arguments; its output is the program's.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from ttlang.emulator import build as emu_build

HERE = Path(__file__).resolve().parent


def _flags(option: str) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-m", "ttlang.emulator", option], capture_output=True, text=True, check=True
    )
    return out.stdout.split()


def build(name: str) -> Path:
    """The compiled host program ``name`` (built on first use)."""
    src = HERE / f"{name}.cpp"
    key = hashlib.sha256(src.read_bytes() + emu_build.build_id().encode()).hexdigest()[:16]
    exe = emu_build.cache_root() / "ttnn-programs" / f"{name}-{key}"
    if exe.is_file():
        return exe
    exe.parent.mkdir(parents=True, exist_ok=True)
    tmp = exe.with_suffix(f".tmp{os.getpid()}")
    cmd = [emu_build.compiler(), "-std=c++20", "-O2", *_flags("--cflags"), str(src), *_flags("--libs"), "-o", str(tmp)]
    subprocess.run(cmd, check=True, capture_output=True, text=True)
    os.replace(tmp, exe)
    return exe


def kernels_root() -> Path:
    from tests.metalium import ttnn_kernels

    return ttnn_kernels.ttnn_root()


def run(name: str, args: list[str], timeout: float = 1800) -> subprocess.CompletedProcess:
    exe = build(name)
    return subprocess.run(
        [str(exe), "--kernels", str(kernels_root()), *args], capture_output=True, text=True, timeout=timeout
    )


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    proc = run(sys.argv[1], sys.argv[2:])
    sys.stdout.write(proc.stdout)
    sys.stderr.write(proc.stderr)
    sys.exit(proc.returncode)
