"""Launch overhead, measured in one run: a cold compile, a warm launch, and device tensors.

    python benchmarks/launch.py [--launches N] [--profile warm|cold]

Figures (printed, never asserted; targets from the launch issue in brackets):
- cold: the first launch of a kernel never seen before (a unique source file, so the compile
  cache, the host program and the emulator's kernel objects are all new), with the emulator and
  runtime libraries already built [< 2 s];
- warm: median end-to-end time of kernel[1](a, b, c) for a one-tile float32 kernel on one core,
  from Python, numpy in and out [< 200 us];
- warm, device tensors: the same launch with tt.to_device tensors (no host copies);
- the second launch in the process does not touch the compiler or the disk cache (checked by
  counting calls).
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import os
import pstats
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import numpy as np

import ttlang as tt

KERNEL = """
import ttlang as tt

@tt.kernel
def {name}(a, b, c):
    for t in tt.program_range(c.num_tiles):
        c[t] = a[t] * b[t] + {const}
"""


def fresh_kernel(tmp: Path) -> tt.Kernel:
    """An elementwise kernel in a file of its own, with a unique name and constant."""
    tag = uuid.uuid4().hex[:12]
    path = tmp / f"bench_{tag}.py"
    path.write_text(KERNEL.format(name=f"fma_{tag}", const=f"{int(tag[:6], 16) % 1000}.5"))
    spec = importlib.util.spec_from_file_location(path.stem, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return getattr(mod, f"fma_{tag}")


def warm_up_libraries() -> None:
    """Builds (or finds) the emulator and runtime libraries: built once, not per kernel."""
    from ttlang.launch import backend
    from ttlang.launch.runtime import runtime_for

    runtime_for(backend.get())  # builds libttemu.so and libttlang_rt.so if they are missing


def time_cold(tmp: Path, a, b, c) -> tuple[float, float, float]:
    """Wall seconds of the whole first launch, of compiling (frontend, codegen, host program),
    and the CPU seconds of this process and its compilers."""
    k = fresh_kernel(tmp)
    cpu0 = _cpu()
    t0 = time.perf_counter()
    k.compile(a, b, c)
    t1 = time.perf_counter()
    k[1](a, b, c)
    t2 = time.perf_counter()
    return t2 - t0, t1 - t0, _cpu() - cpu0


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def time_warm(k, args, n: int) -> list[float]:
    launch = k[1]
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        launch(*args)
        times.append(time.perf_counter() - t0)
    return times


def count_cache_calls(k, args) -> int:
    """Calls to the compile cache during one more launch (0: the launch stays in memory)."""
    from ttlang.launch import cache

    calls = []
    saved = cache.lookup, cache.store
    cache.lookup = lambda *x, **kw: calls.append("lookup") or saved[0](*x, **kw)
    cache.store = lambda *x, **kw: calls.append("store") or saved[1](*x, **kw)
    try:
        k[1](*args)
    finally:
        cache.lookup, cache.store = saved
    return len(calls)


def us(seconds: float) -> str:
    return f"{seconds * 1e6:8.1f} us"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--launches", type=int, default=2000, help="warm launches to time")
    ap.add_argument("--cold-runs", type=int, default=3, help="cold compiles to time")
    ap.add_argument("--profile", choices=["warm", "cold"], help="print a cProfile of that path")
    opts = ap.parse_args()

    rng = np.random.default_rng(0)
    a, b = (rng.standard_normal((32, 32)).astype(np.float32) for _ in range(2))
    c = np.zeros((32, 32), np.float32)

    t0 = time.perf_counter()
    warm_up_libraries()
    print(f"emulator + runtime libraries ready      {time.perf_counter() - t0:8.3f} s (once)")

    with tempfile.TemporaryDirectory() as tmp:
        sys.path.insert(0, tmp)
        if opts.profile == "cold":
            cProfile.runctx("time_cold(Path(tmp), a, b, c)", globals(), locals(), "/tmp/cold.prof")
            pstats.Stats("/tmp/cold.prof").sort_stats("cumulative").print_stats(30)
            return
        runs = [time_cold(Path(tmp), a, b, c) for _ in range(opts.cold_runs)]
        colds = [r[0] for r in runs]
        print(
            f"cold compile + first launch (new kernel)  median {statistics.median(colds):6.3f} s, "
            f"min {min(colds):6.3f} s over {len(colds)}   [target < 2 s]"
        )
        best = min(runs)
        print(
            f"  of which compile (frontend, codegen, host .so) {best[1]:6.3f} s, first launch "
            f"(kernel JIT) {best[0] - best[1]:6.3f} s; CPU {best[2]:6.3f} s "
            f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
        )

        k = fresh_kernel(Path(tmp))
        k[1](a, b, c)
        np.testing.assert_allclose(c, a * b + float(k.source.text.split("+ ")[-1]), rtol=1e-6)
        print(f"second launch: compile-cache calls        {count_cache_calls(k, (a, b, c)):8d}")

        if opts.profile == "warm":
            cProfile.runctx(
                "time_warm(k, (a, b, c), opts.launches)", globals(), locals(), "/tmp/warm.prof"
            )
            pstats.Stats("/tmp/warm.prof").sort_stats("tottime").print_stats(30)
            return
        time_warm(k, (a, b, c), 50)
        warm = time_warm(k, (a, b, c), opts.launches)
        print(
            f"warm launch, numpy, 1 tile, 1 core       median {us(statistics.median(warm))}, "
            f"p10 {us(np.percentile(warm, 10))}, p90 {us(np.percentile(warm, 90))}   [target < 200 us]"
        )
        to_device = getattr(tt, "to_device", None)
        if to_device is not None:
            da, db, dc = to_device(a), to_device(b), to_device(c)
            time_warm(k, (da, db, dc), 50)
            dwarm = time_warm(k, (da, db, dc), opts.launches)
            print(
                f"warm launch, device tensors, 1 tile      median {us(statistics.median(dwarm))}, "
                f"p10 {us(np.percentile(dwarm, 10))}, p90 {us(np.percentile(dwarm, 90))}"
            )


if __name__ == "__main__":
    main()
