"""Emulator speed against numpy on the same machine, as ratios measured in one run.

    python benchmarks/emulator_speed.py [--runs N] [--size S] [--roundtrips N]

Figures (printed, never asserted; targets from the emulator issue, point 5, in brackets):
- matmul: C = A @ B, S x S x S (default 2048) Float16_b on the 8x8 grid, fp32 accumulation in
  DST (fp32_dest_acc_en, HiFi4), tile by tile through matmul_tiles: a real Metalium program
  (benchmarks/emulator/matmul, in the style of tt-metal's matmul_multi_core) built with
  `python -m ttlang.emulator --cflags/--libs`; EnqueueMeshWorkload .. Finish timed inside the
  host program with std::chrono, best of the warm runs (the first run JIT-compiles the kernels),
  over numpy's float32 `a @ b`, best of N [< 4x];
- eltwise: `out = a * b + c` on S x S float32 arrays, a ttlang kernel on the 8x8 grid launched
  from numpy (`k[grid](a, b, c, out)`), best of N warm launches, over numpy's `a * b + c`
  [< 10x]; also on device tensors (tt.to_device), which leaves out the host's tilizing and copies;
- CB round trip: on one core the reader reserves and pushes N single pages, the writer waits
  for and pops them (benchmarks/emulator/cb_roundtrip); the time of a run minus that of a run
  with no pages, per page, with a CB of 1 and of 2 pages [well under 1 us].

The results are checked against numpy too (a speed figure for a wrong answer is no figure).
Timings on a shared machine are noisy: run it a few times and keep the best; the load average
printed at the start and the end says how busy the machine was.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import ml_dtypes
import numpy as np

import ttlang as tt

HERE = Path(__file__).resolve().parent
PROGRAMS = HERE / "emulator"
RUN = re.compile(r"^run (\d+): ([0-9.]+) s, cpu ([0-9.]+) s$", re.MULTILINE)


@tt.kernel
def fused_multiply_add(a, b, c, out):
    for i in tt.program_range(out.num_tiles):
        out[i] = a[i] * b[i] + c[i]


def best_of(n: int, fn) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def emulator_flags(option: str) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-m", "ttlang.emulator", option],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.split()


def build(name: str, out_dir: Path) -> Path:
    exe = out_dir / name
    cmd = [
        "g++",
        "-std=c++20",
        "-O2",
        *emulator_flags("--cflags"),
        str(PROGRAMS / name / "main.cpp"),
        *emulator_flags("--libs"),
        "-o",
        str(exe),
    ]
    subprocess.run(cmd, check=True)
    return exe


def run_times(cmd: list, env: dict | None = None) -> list[float]:
    """The "run <i>: <s> s" lines of a host program, in order."""
    env = None if env is None else {**os.environ, **env}
    out = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, env=env)
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed:\n{out.stdout}\n{out.stderr}")
    return [float(s) for _, s, _ in RUN.findall(out.stdout)]


def bench_matmul(exe: Path, work: Path, size: int, runs: int) -> tuple[float, float, float]:
    rng = np.random.default_rng(0)
    a = rng.standard_normal((size, size)).astype(ml_dtypes.bfloat16).astype(np.float32)
    b = rng.standard_normal((size, size)).astype(ml_dtypes.bfloat16).astype(np.float32)
    pa, pb, pc = work / "a.f32", work / "b.f32", work / "c.f32"
    a.tofile(pa)
    b.tofile(pb)
    times = run_times([exe, PROGRAMS / "matmul", size, size, size, pa, pb, pc, 8, 8, runs + 1])
    emu = min(times[1:])
    numpy_t = best_of(runs, lambda: a @ b)
    ref = a @ b
    c = np.fromfile(pc, np.float32).reshape(size, size)
    # Inputs are bf16 (exact products), sums in fp32, the output rounded to bf16.
    err = float(np.max(np.abs(c - ref) / (np.abs(a) @ np.abs(b) + 1e-30)))
    time.sleep(0.5)  # numpy's BLAS threads spin a while after a call: not during what follows
    return emu, numpy_t, err


def bench_model_cost(exe: Path, work: Path, size: int, runs: int) -> dict[str, float]:
    """The matmul's run time with the timing model off and on (the default: logs recorded, the
    replay left until a profile is asked for), alternated, best of `runs` each, so that the
    machine's drift hits both alike. Inputs are those bench_matmul left in `work`."""
    pa, pb, pc = work / "a.f32", work / "b.f32", work / "c.f32"
    cases = {
        "off": {"TTEMU_TIMING": "0"},
        "on": {},
    }
    best = {k: float("inf") for k in cases}
    for _ in range(runs):
        for name, env in cases.items():
            times = run_times([exe, PROGRAMS / "matmul", size, size, size, pa, pb, pc, 8, 8, 2], env)
            best[name] = min(best[name], times[1])
    return best


def bench_eltwise(size: int, runs: int) -> tuple[float, float | None, float, float]:
    """(numpy-in launch, device-tensor launch or None, numpy, max relative error)."""
    rng = np.random.default_rng(1)
    a, b, c = (rng.standard_normal((size, size)).astype(np.float32) for _ in range(3))
    out = np.zeros_like(a)
    fused_multiply_add[(8, 8)](a, b, c, out)  # compiles (or loads from the cache) and runs once
    emu = best_of(runs, lambda: fused_multiply_add[(8, 8)](a, b, c, out))
    numpy_t = best_of(runs, lambda: a * b + c)
    ref = a * b + c
    err = float(np.max(np.abs(out - ref) / (np.abs(ref) + 1e-3)))
    device = None
    if hasattr(tt, "to_device"):  # the same launch on device tensors: no host conversions
        da, db, dc = (tt.to_device(x) for x in (a, b, c))
        dout = tt.to_device(np.zeros_like(a))
        fused_multiply_add[(8, 8)](da, db, dc, dout)
        device = best_of(runs, lambda: fused_multiply_add[(8, 8)](da, db, dc, dout))
    return emu, device, numpy_t, err


def bench_roundtrip(exe: Path, n: int, pages: int, runs: int) -> float:
    """Seconds per reserve/push + wait/pop of one page."""
    full = min(run_times([exe, PROGRAMS / "cb_roundtrip", n, pages, runs + 1])[1:])
    empty = min(run_times([exe, PROGRAMS / "cb_roundtrip", 0, pages, runs + 1])[1:])
    return (full - empty) / n


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def conditions() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    threads = os.environ.get("TTEMU_THREADS") or f"{os.cpu_count()} (hardware threads)"
    return f"{cpu}, {os.cpu_count()} cores; TTEMU_THREADS={threads}; load average {load_average()}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--runs", type=int, default=3, help="timed repetitions of each figure (best kept)"
    )
    ap.add_argument("--size", type=int, default=2048, help="matrix size (a multiple of 32)")
    ap.add_argument(
        "--roundtrips", type=int, default=1_000_000, help="pages through the CB per run"
    )
    args = ap.parse_args(argv)

    print(f"conditions: {conditions()}")
    with tempfile.TemporaryDirectory(prefix="ttemu-bench-") as tmp:
        work = Path(tmp)
        mm_exe, rt_exe = build("matmul", work), build("cb_roundtrip", work)
        s = args.size
        emu, device, ref, err = bench_eltwise(s, args.runs)
        print(
            f"eltwise a * b + c {s}x{s} float32, 8x8 cores, warm launch from numpy: "
            f"emulator {emu * 1e3:.1f} ms, numpy {ref * 1e3:.1f} ms -> {emu / ref:.1f}x "
            f"[target < 10x] (max relative error {err:.1e})"
        )
        if device is not None:
            print(
                f"  the same on device tensors (tt.to_device: no tilizing, no host copies): "
                f"{device * 1e3:.1f} ms -> {device / ref:.1f}x"
            )
        emu, ref, err = bench_matmul(mm_exe, work, s, args.runs)
        print(
            f"matmul {s}x{s}x{s} Float16_b, fp32 DST, HiFi4, 8x8 cores: emulator {emu * 1e3:.1f} ms, "
            f"numpy float32 {ref * 1e3:.1f} ms -> {emu / ref:.1f}x [target < 4x] "
            f"({2 * s**3 / emu / 1e9:.1f} GFLOP/s; max error {err:.1e} of sum |a||b|)"
        )
        cost = bench_model_cost(mm_exe, work, s, args.runs)
        print(
            f"timing model on that matmul: off {cost['off'] * 1e3:.1f} ms, on {cost['on'] * 1e3:.1f} ms "
            f"-> {cost['on'] / cost['off']:.2f}x [target <= 1.5x]"
        )
        for pages in (1, 2):
            per = bench_roundtrip(rt_exe, args.roundtrips, pages, args.runs)
            print(
                f"CB round trip (reserve/push, wait/pop), {pages}-page CB: {per * 1e9:.0f} ns "
                "[target well under 1 us]"
            )
    print(f"conditions at the end: load average {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
