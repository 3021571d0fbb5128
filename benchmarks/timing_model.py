"""The timing model against figures measured on real chips: published, modeled, ratio, in one run.

    python benchmarks/timing_model.py

Microbenchmarks (Wormhole n150), each a small Metalium program of tests/emulator/programs/timing
run on the emulator; the modeled figure is read from the run's profile:
- DRAM read, one core: 256 back-to-back 2 KiB reads of one bank, one barrier. Published: tt-metal
  tests/tt_metal/tt_metal/data_movement/documentation/ideal_performance.md ("DRAM Read", 22 B/cycle);
- NoC unicast: 256 reads ("One From One", 28 B/cycle) and 256 writes ("One To One", 29 B/cycle)
  of 8 KiB between neighbouring cores (same file);
- matmul tile throughput on one core, per fidelity: cycles per 32x32x32 tile product over K tiles
  in steady state (the difference between K = 8 and K = 4), against tt-metal
  tech_reports/GEMM_FLOPS/GEMM_FLOPS.md's cycles per tile (16 / 32 / 48 / 64 at LoFi / HiFi2 / HiFi3
  / HiFi4). The program uses matmul_tiles, one product per call with both operands unpacked for
  it, so at low fidelity it is unpack-bound where GEMM_FLOPS's figure assumes operand reuse.

End to end (--e2e): TT-NN 0.81.1's production 2D-multicast matmul, the wheel's unmodified kernels
configured by our host program as matmul_multicore_reuse_mcast_2d_program_factory does
(tests/emulator/ttnn/matmul.cpp, its own choice of blocks and subblocks), against the N150 rows of
GEMM_FLOPS.md's manually tuned table whose inputs and output are in DRAM (the L1-sharded rows use
another reader variant), sizes 1024 to 8192 (--max-size). The figure is the device-based
utilization: ideal cycles (M K N / 32^3 tiles x cycles per tile / 64 cores) over the modeled
kernel cycles.

The constants of the model come from per-operation facts (ttlang/emulator/src/timing/costs.cpp);
nothing here feeds back into them. Rows outside +-10% are printed as such: they are the model's
known gaps (docs/performance.md).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROGRAM = ROOT / "tests" / "emulator" / "programs" / "timing"


def flags(option: str) -> list[str]:
    out = subprocess.run([sys.executable, "-m", "ttlang.emulator", option], capture_output=True, text=True, check=True)
    return out.stdout.split()


def build(out: Path) -> Path:
    exe = out / "timing"
    subprocess.run(
        ["g++", "-std=c++20", "-O2", *flags("--cflags"), str(PROGRAM / "main.cpp"), *flags("--libs"), "-o", str(exe)],
        check=True,
    )
    return exe


def profile(exe: Path, *args: object) -> dict:
    proc = subprocess.run([str(exe), str(PROGRAM), *map(str, args)], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{exe} {' '.join(map(str, args))} failed:\n{proc.stderr}")
    line = next(x for x in proc.stdout.splitlines() if x.startswith("PROFILE "))
    return json.loads(line[len("PROFILE ") :])


def math_end(p: dict) -> int:
    return next(q["end"] for q in p["pipes"] if q["track"].startswith("math"))


# GEMM_FLOPS.md (06bd3735), N150 manually tuned, no trace, DRAM in0 / in1 / out:
# (M, K, N, dtype, fidelity, device-based utilization %)
GEMM_N150 = [
    (3072, 3072, 4096, "bf16", "HiFi2", 74.19),
    (3072, 4096, 4096, "bf16", "HiFi2", 75.09),
    (3328, 2560, 2560, "bf16", "HiFi2", 63.14),
    (4096, 4096, 4096, "bf16", "HiFi2", 59.50),
    (8192, 8192, 8192, "bf16", "HiFi2", 66.47),
    (3072, 3072, 4096, "bf16", "HiFi4", 91.69),
    (3072, 4096, 4096, "bf16", "HiFi4", 92.18),
    (3328, 2560, 2560, "bf16", "HiFi4", 89.41),
    (4096, 4096, 4096, "bf16", "HiFi4", 83.21),
    (8192, 8192, 8192, "bf16", "HiFi4", 88.69),
    (3328, 2560, 2560, "bfp8_b", "HiFi2", 85.08),
    (4096, 4096, 4096, "bfp8_b", "HiFi2", 79.43),
    (8192, 8192, 8192, "bfp8_b", "HiFi2", 83.94),
    (3328, 2560, 2560, "bfp8_b", "LoFi", 58.62),
    (4096, 4096, 4096, "bfp8_b", "LoFi", 58.88),
    (8192, 8192, 8192, "bfp8_b", "LoFi", 64.77),
]
CYCLES_PER_TILE = {"LoFi": 16, "HiFi2": 32, "HiFi3": 48, "HiFi4": 64}


def gemm_rows(max_size: int) -> list[tuple[str, float, float]]:
    sys.path.insert(0, str(ROOT))
    from tests.emulator.ttnn import driver

    rows = []
    for M, K, N, dtype, fidelity, published in GEMM_N150:
        if max(M, K, N) > max_size:
            continue
        with tempfile.TemporaryDirectory() as out:
            args = ["--M", M, "--K", K, "--N", N, "--grid", "8x8", "--dtype", dtype, "--fidelity", fidelity, "--check", 0]
            os.environ["TTEMU_PROFILE"] = out
            try:
                proc = driver.run("matmul", [str(a) for a in args])
            finally:
                del os.environ["TTEMU_PROFILE"]
            if proc.returncode != 0:
                raise SystemExit(f"matmul {args} failed:\n{proc.stdout}\n{proc.stderr[-3000:]}")
            (run,) = Path(out).glob("device0-run*")
            p = json.loads((run / "profile.json").read_text())
        ideal = M * K * N / 32**3 * CYCLES_PER_TILE[fidelity] / 64
        rows.append((f"2D-mcast matmul {M}x{K}x{N} {dtype} {fidelity}", published, 100 * ideal / p["kernel_cycles"]))
        print(f"  {rows[-1][0]}: modeled {rows[-1][2]:.1f}% ({p['kernel_cycles']} cycles)", flush=True)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--e2e", action="store_true", help="also the production matmul rows (minutes)")
    ap.add_argument("--max-size", type=int, default=8192, help="largest M, K or N of the end-to-end rows")
    opts = ap.parse_args()
    rows: list[tuple[str, str, float, float]] = []  # (what, unit, published, modeled)
    with tempfile.TemporaryDirectory() as tmp:
        exe = build(Path(tmp))
        p = profile(exe, "dram_read", 256, 1)
        rows.append(("DRAM read, one core, 256 x 2 KiB", "B/cycle", 22.0, 256 * 2048 / p["kernel_cycles"]))
        for what, published, name in (("read", 28.0, "One From One"), ("write", 29.0, "One To One")):
            p = profile(exe, what, 256, 8192)
            rows.append((f"NoC {what}, core to core, 256 x 8 KiB ({name})", "B/cycle", published, 256 * 8192 / p["kernel_cycles"]))
        for fidelity, name, published in ((0, "LoFi", 16), (1, "HiFi2", 32), (2, "HiFi3", 48), (3, "HiFi4", 64)):
            a, b = profile(exe, "matmul", 4, fidelity), profile(exe, "matmul", 8, fidelity)
            rows.append((f"matmul_tiles, one core, {name}", "cycles/tile", published, (math_end(b) - math_end(a)) / 4))
    width = max(len(r[0]) for r in rows)
    print(f"{'Wormhole n150 microbenchmark':<{width}}  {'unit':<11}  published   modeled   ratio")
    inside = 0
    for what, unit, published, modeled in rows:
        ratio = modeled / published
        ok = abs(ratio - 1) <= 0.10
        inside += ok
        print(f"{what:<{width}}  {unit:<11}  {published:9.1f} {modeled:9.1f}   {ratio:5.2f}{'' if ok else '  outside +-10%'}")
    print(f"{inside} of {len(rows)} rows within +-10% of the published figure")
    if not opts.e2e:
        return
    print()
    e2e = gemm_rows(opts.max_size)
    width = max(len(r[0]) for r in e2e)
    print(f"{'N150 production matmul, device-based utilization %':<{width}}  published   modeled   ratio")
    inside = 0
    for what, published, modeled in e2e:
        ratio = modeled / published
        ok = abs(ratio - 1) <= 0.15
        inside += ok
        print(f"{what:<{width}}  {published:9.1f} {modeled:9.1f}   {ratio:5.2f}{'' if ok else '  outside +-15%'}")
    print(f"{inside} of {len(e2e)} rows within +-15% (the bar: 80% of the rows)")


if __name__ == "__main__":
    main()
