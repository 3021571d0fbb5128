"""The timing model against figures measured on real chips: published, modeled, ratio, in one run.

    python benchmarks/timing_model.py

Microbenchmarks (Wormhole n150 unless said), each a small Metalium program of
tests/emulator/programs/timing run on the emulator; the modeled figure is read from the run's
profile. "DM" is tt-metal's tests/tt_metal/tt_metal/data_movement/documentation:
- DRAM read and write, one core: 256 back-to-back 2 KiB reads (writes) of one bank, one barrier.
  Published: DM ideal_performance.md ("DRAM Read" 22, "DRAM Write" 21 B/cycle);
- DRAM read, all banks: one reader per bank placed next to it, 256 x 2 KiB each. Published:
  tech_reports/Saturating_DRAM_bandwidth ("DRAM u-benchmark" 267 GB/s at 12 GBps, 1 GHz);
- NoC unicast: 256 reads ("One From One", 28 B/cycle) and 256 writes ("One To One", 29 B/cycle)
  of 8 KiB between neighbouring cores (DM ideal_performance.md);
- NoC multicast: 256 multicast writes of 8 KiB from one core to a 2x2 and a 5x5 grid without
  loopback (DM perf_plots/wormhole_b0 "One to All Multicast 2x2 / 5x5 Packet Sizes without
  Loopback", 256 transactions of 8192 B: 25.9 and 18.2 B/cycle);
- matmul tile throughput on one core, per fidelity: cycles per 32x32x32 tile product of a 4x2
  output subblock through matmul_block (the operand reuse of TT-NN's matmul) in steady state (K =
  8 against K = 4), against the cycles per tile of tech_reports/GEMM_FLOPS/GEMM_FLOPS.md (16 / 32
  / 48 / 64 at LoFi / HiFi2 / HiFi3 / HiFi4), each fidelity with the format tt-metal pairs it
  with (Bfp4_b LoFi, Bfp8_b HiFi2, Float16_b HiFi3 and HiFi4). GEMM_FLOPS's figure is the matrix
  engine's alone; where the unpacker cannot feed it that fast the row says so;
- eltwise binary throughput, Blackhole: add_tiles on one core, the cycles one more tile adds from
  the unpacker's start to the packer's end (4 tiles against 3), against tt-llk issue #316's
  Blackhole measurement of the same span (86.06 x 4 - 98.92 x 3 = 47.5 cycles). No Wormhole
  figure is published.

End to end (--e2e): TT-NN 0.81.1's production 2D-multicast matmul, the wheel's unmodified kernels
configured by our host program as matmul_multicore_reuse_mcast_2d_program_factory does
(tests/emulator/ttnn/matmul.cpp), against the N150 rows of GEMM_FLOPS.md's manually tuned table
whose inputs and output are in DRAM (the L1-sharded rows use another reader variant), sizes 1024
to 8192 (--max-size), and the P150 rows of the same table on Blackhole's 13x10 grid. Each row runs the program config tt-metal's benchmark ran for it
(tests/ttnn/unit_tests/benchmarks/test_benchmark.py: the per-core shape scaled by the 8x8 grid,
in0_block_w_div, num_out_blocks_h / _w, its subblock choice, packer L1 accumulation on, fp32 DST
accumulation off). The figure is the one the table calls device-based utilization, computed as
that test computes it: ideal cycles (M K N / 32^3 tile products x cycles per tile / 64 cores)
over the TRISC1 (math) kernel duration averaged over the cores; here the modeled math pipeline's
end on each core (it starts at the launch), averaged. The whole kernel's modeled time (until the
last output write lands) is printed beside it.

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


def profile(exe: Path, *args: object, arch: str = "wormhole_b0") -> dict:
    env = {**os.environ, "TTEMU_ARCH": arch}
    proc = subprocess.run([str(exe), str(PROGRAM), *map(str, args)], capture_output=True, text=True, check=False, env=env)
    if proc.returncode != 0:
        raise SystemExit(f"{exe} {' '.join(map(str, args))} failed:\n{proc.stderr}")
    line = next(x for x in proc.stdout.splitlines() if x.startswith("PROFILE "))
    return json.loads(line[len("PROFILE ") :])


def pipe_end(p: dict, track: str) -> int:
    return next(q["end"] for q in p["pipes"] if q["track"].startswith(track))


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
# The same table's P150 rows (13x10 grid), DRAM in0 / in1 / out, largest dimension up to 8192.
GEMM_P150 = [
    (3840, 4992, 6656, "bf16", "HiFi2", 89.61),
    (3840, 6656, 6656, "bf16", "HiFi2", 90.25),
    (4160, 4160, 4160, "bf16", "HiFi2", 88.30),
    (5120, 6656, 6656, "bf16", "HiFi2", 80.36),
    (3840, 4992, 6656, "bf16", "HiFi4", 94.53),
    (3840, 6656, 6656, "bf16", "HiFi4", 94.88),
    (4160, 4160, 4160, "bf16", "HiFi4", 93.81),
    (5120, 6656, 6656, "bf16", "HiFi4", 90.35),
    (4160, 4160, 4160, "bfp8_b", "HiFi2", 89.54),
    (5120, 6656, 6656, "bfp8_b", "HiFi2", 86.31),
    (4160, 4160, 4160, "bfp8_b", "LoFi", 85.08),
    (5120, 6656, 6656, "bfp8_b", "LoFi", 77.50),
]
CYCLES_PER_TILE = {"LoFi": 16, "HiFi2": 32, "HiFi3": 48, "HiFi4": 64}

# test_benchmark.py's program configs for those rows, by the unscaled (1x1-grid) shape:
# (m, k, n) -> (in0_block_w_div, num_out_blocks_h, num_out_blocks_w); the same for both dtypes.
BENCH_CONFIG = {
    (384, 384, 512): (2, 1, 1),
    (384, 512, 512): (2, 1, 1),
    (416, 320, 320): (1, 1, 1),
    (512, 512, 512): (1, 2, 2),
    (1024, 1024, 1024): (2, 4, 4),
}
# Its subblock search order (get_subblock_sizes, no fp32 accumulation, output not sharded).
SUBBLOCK_CHOICES = [(4, 2), (2, 4), (8, 1), (1, 8), (7, 1), (1, 7), (3, 2), (2, 3), (6, 1), (1, 6),
                    (5, 1), (1, 5), (2, 2), (4, 1), (1, 4), (3, 1), (1, 3), (2, 1), (1, 2), (1, 1)]


def bench_args(M: int, K: int, N: int, gx: int, gy: int) -> list[object]:
    """The matmul.cpp options of test_benchmark.py's program config for an M x K x N row on a gx x gy
    grid (M is scaled by gy, K and N by gx)."""
    div, nbh, nbw = BENCH_CONFIG[(M // gy, K // gx, N // gx)]
    per_core_M, per_core_N = M // gy // 32, N // gx // 32
    out_h, out_w = per_core_M // nbh, per_core_N // nbw
    sub_h, sub_w = next((h, w) for h, w in SUBBLOCK_CHOICES if out_h % h == 0 and out_w % w == 0)
    return ["--in0-block-w", K // gx // 32 // div, "--per-core-M", per_core_M, "--per-core-N", per_core_N,
            "--out-block-h", out_h, "--out-block-w", out_w, "--out-subblock-h", sub_h, "--out-subblock-w", sub_w,
            "--packer-l1-acc", 1, "--fp32-acc", 0]


def gemm_rows(table: list, arch: str, gx: int, gy: int, max_size: int) -> list[tuple[str, float, float]]:
    """(row, published %, modeled %) for each row of `table` up to `max_size`, on `arch`."""
    sys.path.insert(0, str(ROOT))
    from tests.emulator.ttnn import driver

    rows = []
    for M, K, N, dtype, fidelity, published in table:
        if max(M, K, N) > max_size:
            continue
        with tempfile.TemporaryDirectory() as out:
            args = ["--M", M, "--K", K, "--N", N, "--grid", f"{gx}x{gy}", "--dtype", dtype, "--fidelity", fidelity,
                    "--check", 0, *bench_args(M, K, N, gx, gy)]
            saved = {k: os.environ.get(k) for k in ("TTEMU_PROFILE", "TTEMU_ARCH")}
            os.environ.update(TTEMU_PROFILE=out, TTEMU_ARCH=arch)
            try:
                proc = driver.run("matmul", [str(a) for a in args])
            finally:
                for k, v in saved.items():
                    if v is None:
                        os.environ.pop(k, None)
                    else:
                        os.environ[k] = v
            if proc.returncode != 0:
                raise SystemExit(f"matmul {args} failed:\n{proc.stdout}\n{proc.stderr[-3000:]}")
            (run,) = Path(out).glob("device0-run*")
            p = json.loads((run / "profile.json").read_text())
        ideal = M * K * N / 32**3 * CYCLES_PER_TILE[fidelity] / (gx * gy)
        math = [q["end"] for q in p["pipes"] if q["track"].startswith("math")]
        trisc1 = sum(math) / len(math)
        rows.append((f"{M}x{K}x{N} {dtype} {fidelity}", published, 100 * ideal / trisc1))
        print(
            f"  {rows[-1][0]}: modeled {rows[-1][2]:.1f}% (math {trisc1:.0f} cycles on average over the cores; "
            f"the whole kernel {p['kernel_cycles']} cycles, {100 * ideal / p['kernel_cycles']:.1f}%)",
            flush=True,
        )
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
        p = profile(exe, "dram_write", 256, 1)
        rows.append(("DRAM write, one core, 256 x 2 KiB", "B/cycle", 21.0, 256 * 2048 / p["kernel_cycles"]))
        p = profile(exe, "dram_banks", 256, 12)
        rows.append(("DRAM read, 12 banks, a reader each, 256 x 2 KiB", "B/cycle", 267.0, 12 * 256 * 2048 / p["kernel_cycles"]))
        for what, published, name in (("read", 28.0, "One From One"), ("write", 29.0, "One To One")):
            p = profile(exe, what, 256, 8192)
            rows.append((f"NoC {what}, core to core, 256 x 8 KiB ({name})", "B/cycle", published, 256 * 8192 / p["kernel_cycles"]))
        for side, published in ((2, 25.9), (5, 18.2)):
            p = profile(exe, "mcast_grid", 256, 8192, side)
            rows.append((f"NoC multicast to {side}x{side} cores, 256 x 8 KiB", "B/cycle", published, 256 * 8192 / p["kernel_cycles"]))
        for fidelity, name, fmt, fmt_name, published in ((0, "LoFi", 2, "Bfp4_b", 16), (1, "HiFi2", 1, "Bfp8_b", 32),
                                                         (2, "HiFi3", 0, "Float16_b", 48), (3, "HiFi4", 0, "Float16_b", 64)):
            a, b = profile(exe, "matmul_block", 4, fidelity, fmt), profile(exe, "matmul_block", 8, fidelity, fmt)
            rows.append((f"matmul_block 4x2, one core, {name} {fmt_name}", "cycles/tile", published, (math_end(b) - math_end(a)) / 32))
        a, b = profile(exe, "eltwise", 3, 0, arch="blackhole"), profile(exe, "eltwise", 4, 0, arch="blackhole")
        rows.append(("Blackhole add_tiles, one core, Float16_b, one more tile", "cycles/tile", 47.5, pipe_end(b, "pack") - pipe_end(a, "pack")))
    width = max(len(r[0]) for r in rows)
    print(f"{'Microbenchmark (Wormhole n150 unless said)':<{width}}  {'unit':<11}  published   modeled   ratio")
    inside = 0
    for what, unit, published, modeled in rows:
        ratio = modeled / published
        ok = abs(ratio - 1) <= 0.10
        inside += ok
        print(f"{what:<{width}}  {unit:<11}  {published:9.1f} {modeled:9.1f}   {ratio:5.2f}{'' if ok else '  outside +-10%'}")
    print(f"{inside} of {len(rows)} rows within +-10% of the published figure")
    if not opts.e2e:
        return
    for name, table, arch, gx, gy in (("N150", GEMM_N150, "wormhole_b0", 8, 8), ("P150", GEMM_P150, "blackhole", 13, 10)):
        print()
        e2e = gemm_rows(table, arch, gx, gy, opts.max_size)
        if not e2e:
            continue
        title = f"{name} production 2D-mcast matmul, device-based utilization %"
        width = max(len(title), *(len(r[0]) for r in e2e))
        print(f"{title:<{width}}  published   modeled   ratio")
        inside = 0
        for what, published, modeled in e2e:
            ratio = modeled / published
            ok = abs(ratio - 1) <= 0.15
            inside += ok
            print(f"{what:<{width}}  {published:9.1f} {modeled:9.1f}   {ratio:5.2f}{'' if ok else '  outside +-15%'}")
        print(f"{name}: {inside} of {len(e2e)} rows within +-15% (the bar: 80% of the rows)")


if __name__ == "__main__":
    main()
