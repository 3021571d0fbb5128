"""The scoreboard: ttlang's example kernels on the timing model at realistic sizes, beside TT-NN's
production kernel of the same op where we run one, in one run.

    python benchmarks/scoreboard.py [--size 4096] [--only matmul]

Each row launches a kernel of ttlang/examples/ on a Wormhole n150 (8x8 cores) through the emulator
and reads the launch's profile (docs/performance.md):
- modeled device time (first kernel start to last kernel end, at 1 GHz);
- % of the compute roof: matrix-engine utilization as tt-metal's GEMM_FLOPS defines it (ideal
  matmul cycles at the kernel's fidelity on all 64 cores over the modeled time), for matmuls;
- % of the DRAM roof: bytes moved to and from DRAM over the modeled time, against the chip's
  DRAM bandwidth (12 banks);
- the bottleneck the profile names;
- for the matmul rows, TT-NN 0.81.1's production 2D-multicast matmul on the same model and size
  (the wheel's unmodified kernels under tests/emulator/ttnn/matmul.cpp, with the program config
  test_benchmark.py runs for that size, as in benchmarks/timing_model.py --e2e), its time and the
  ratio TT-NN time / ttlang time (above 1: ttlang is faster);
- for the fma row, TT-NN's eltwise binary (binary_ng, tests/emulator/ttnn/binary_ng.cpp): a*b+c is
  two launches there, ttnn.multiply then ttnn.add, and their kernel cycles add up. The other ops'
  TT-NN programs are not run here yet (issue 10's production families; for flash_attention,
  TT-NN's transformer/sdpa).

The figures are the model's, not a chip's: docs/performance.md says how far the model is from the
published figures it was checked against.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import ml_dtypes
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import ttlang as tt  # noqa: E402
from ttlang.examples import attention, elementwise, matmul, normalization, reductions  # noqa: E402

BF16 = ml_dtypes.bfloat16
GRID = (8, 8)
# matmul_2d's configs for tt.autotune: (BM, BN, BK, SM, SN), those whose grid fits GRID (one
# program per SM x SN blocks).
TUNE_BLOCKS = [(16, 16, 2, 1, 1), (16, 8, 4, 1, 2), (8, 16, 4, 2, 1), (16, 8, 2, 1, 2), (8, 8, 8, 2, 2),
               (16, 4, 4, 1, 4), (8, 8, 4, 1, 1), (4, 4, 8, 1, 1), (4, 4, 4, 1, 1), (2, 2, 4, 1, 1)]
NOTES: list[str] = []  # what the autotuned rows chose


def _inputs(*shapes, dtype=BF16, seed=0):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(s).astype(dtype) for s in shapes]


def _with(kernel, **options):
    """The example kernel compiled with other options (fidelity, DST accumulation)."""
    return tt.kernel(**options)(kernel.fn)


def rows(n: int):
    """(name, op, launch) for each row; launch() runs it and returns its profile."""
    blk = dict(BM=16, BN=16, BK=2) if n >= 4096 else dict(BM=n // 256, BN=n // 256, BK=2)

    def mm(kernel, *extra, **options):
        k = _with(kernel, **options) if options else kernel

        def launch():
            a, b = _inputs((n, n), (n, n))
            c = np.zeros((n, n), BF16)
            args = [a, b, *[x(n) for x in extra], c]
            return tt.profile(k[GRID], *args)

        return launch

    def blocked(**options):
        k = _with(matmul.matmul_blocked, **options) if options else matmul.matmul_blocked

        def launch():
            a, b = _inputs((n, n), (n, n))
            c = np.zeros((n, n), BF16)
            return tt.profile(k[GRID], a, b, c, blk["BM"], blk["BN"], blk["BK"])

        return launch

    def grid(bfp8=False, **options):
        """matmul_grid: one block per program on (Mt // BM, Nt // BN) = GRID, with multicast.
        bfp8: a, b and c Bfp8_b device tensors (GEMM_FLOPS's BFP8_B rows; TT-NN's --dtype bfp8_b)."""
        k = _with(matmul.matmul_grid, **options)
        bm, bn = n // 32 // GRID[0], n // 32 // GRID[1]

        def launch():
            a, b = _inputs((n, n), (n, n))
            c = np.zeros((n, n), BF16)
            if bfp8:
                a, b = (tt.to_device(x, dtype=tt.bfp8_b) for x in (a, b))
                c = tt.empty((n, n), tt.bfp8_b)
            return tt.profile(k[GRID], a, b, c, bm, bn, blk["BK"])

        return launch

    def tuned(**options):
        """matmul_2d autotuned over block shapes and blocks per program (tt.autotune)."""
        t = n // 32

        def grid(cfg):  # one program per SM x SN blocks
            return (t // (cfg["BM"] * cfg["SM"]), t // (cfg["BN"] * cfg["SN"]))

        # Block shapes, and DST accumulation in float32 or (as TT-NN's program config here) not.
        configs = [tt.Config({"BM": bm, "BN": bn, "BK": bk, "SM": sm, "SN": sn}, fp32_dest_acc=acc, **options)
                   for acc in (True, False)
                   for bm, bn, bk, sm, sn in TUNE_BLOCKS if t % (bm * sm) == 0 and t % (bn * sn) == 0
                   and t // (bm * sm) <= GRID[0] and t // (bn * sn) <= GRID[1]]
        k = tt.autotune(configs=configs, key=["a", "b"])(matmul.matmul_2d)

        def launch():
            a, b = _inputs((n, n), (n, n))
            c = np.zeros((n, n), BF16)
            p = tt.profile(k[grid], a, b, c)
            NOTES.append(k.report())
            return p

        return launch

    def rowwise(kernel, *params):
        def launch():
            (x,) = _inputs((n, n))
            out = np.zeros_like(x)
            extra = [p(n) for p in params]
            return tt.profile(kernel[GRID], x, *extra[:-1], out, *extra[-1])

        return launch

    def unary(kernel, out_shape):
        def launch():
            (x,) = _inputs((n, n))
            return tt.profile(kernel[GRID], x, np.zeros(out_shape, BF16))

        return launch

    def fma():
        a, b, c = _inputs((n, n), (n, n), (n, n))
        return tt.profile(elementwise.fma[GRID], a, b, c, np.zeros_like(a))

    def flash(d, causal):
        """flash_attention over 8 heads of S = n, head dim d, bf16 (BQ = 1 query tile per step)."""

        def launch():
            q, k, v = _inputs(*[(1, 8, n, d)] * 3)
            mask = attention.causal_mask(1, BF16)
            return tt.profile(attention.flash_attention[GRID], q, k, v, np.zeros_like(q), mask, d**-0.5, 1, causal)

        return launch

    def vec(n):
        return _inputs((1, n), seed=1)[0]

    blocks = f"{blk['BM']}x{blk['BN']}x{blk['BK']} tiles"
    return [
        (f"matmul (tiled) {n}^3 bf16 HiFi4", ("matmul", "HiFi4"), mm(matmul.matmul)),
        (f"matmul_blocked {blocks} {n}^3 bf16 HiFi4", ("matmul", "HiFi4"), blocked()),
        (f"matmul_blocked {blocks} {n}^3 bf16 HiFi2", ("matmul", "HiFi2"), blocked(math_fidelity="HiFi2")),
        (f"matmul_grid {blocks} {n}^3 bf16 HiFi4", ("matmul", "HiFi4"), grid()),
        (f"matmul_grid {blocks} {n}^3 bf16 HiFi2", ("matmul", "HiFi2"), grid(math_fidelity="HiFi2")),
        (f"matmul_grid {blocks} {n}^3 bfp8_b HiFi2", ("matmul", "HiFi2", "bfp8_b"),
         grid(bfp8=True, math_fidelity="HiFi2")),
        (f"matmul_grid, multicast off, {n}^3 HiFi4", ("matmul", "HiFi4"), grid(multicast=False)),
        (f"matmul_2d autotuned {n}^3 bf16 HiFi4", ("matmul", "HiFi4"), tuned()),
        (f"matmul_2d autotuned {n}^3 bf16 HiFi2", ("matmul", "HiFi2"), tuned(math_fidelity="HiFi2")),
        (f"matmul_bias_relu {n}^3 bf16 HiFi4", ("matmul", "HiFi4"), mm(matmul.matmul_bias_relu, vec)),
        (f"fma a*b+c {n}x{n} bf16", ("binary_ng", ("mul", "add")), fma),
        (f"eltwise chain (8 ops) {n}x{n} bf16", None, unary(elementwise.chain, (n, n))),
        (f"softmax {n}x{n} bf16", None, rowwise(normalization.softmax, lambda n: ())),
        (f"layernorm {n}x{n} bf16", None, rowwise(normalization.layernorm, vec, vec, lambda n: (1e-5,))),
        (f"rmsnorm {n}x{n} bf16", None, rowwise(normalization.rmsnorm, vec, lambda n: (1e-5,))),
        (f"column_sums {n}x{n} bf16", None, unary(reductions.column_sums, (1, n))),
        (f"row_max {n}x{n} bf16", None, unary(reductions.row_max, (n, 1))),
        (f"transpose {n}x{n} bf16", None, unary(reductions.transpose, (n, n))),
        (f"flash_attention 8 heads S={n} D=64 bf16", None, flash(64, False)),
        (f"flash_attention 8 heads S={n} D=64 causal", None, flash(64, True)),
        (f"flash_attention 8 heads S={n} D=128 bf16", None, flash(128, False)),
    ]


def _ttnn_profile(program: str, args: list) -> dict:
    """The profile of one launch of the TT-NN host program ``program`` (from TTEMU_PROFILE)."""
    from tests.emulator.ttnn import driver

    with tempfile.TemporaryDirectory() as out:
        saved = os.environ.get("TTEMU_PROFILE")
        os.environ["TTEMU_PROFILE"] = out
        try:
            proc = driver.run(program, [str(a) for a in args])
        finally:
            if saved is None:
                os.environ.pop("TTEMU_PROFILE", None)
            else:
                os.environ["TTEMU_PROFILE"] = saved
        if proc.returncode != 0:
            raise SystemExit(
                f"TT-NN {program} {args} failed:\n{proc.stdout}\n{proc.stderr[-3000:]}"
            )
        (run,) = Path(out).glob("device0-run*")
        return json.loads((run / "profile.json").read_text())


def ttnn_binary_ng(n: int, ops: tuple[str, ...]) -> dict:
    """TT-NN's eltwise binary (binary_ng, FPU, bf16, no broadcast) on the model: one launch per op
    of ``ops`` on n x n tensors over the 8x8 grid, their kernel cycles summed."""
    profiles = [
        _ttnn_profile("binary_ng", ["--op", op, "--H", n, "--W", n, "--grid", "8x8", "--check", 0])
        for op in ops
    ]
    cycles = sum(p["kernel_cycles"] for p in profiles)
    return {"kernel_cycles": cycles, "clock_ghz": profiles[0]["clock_ghz"]}


def ttnn_matmul(n: int, fidelity: str, dtype: str = "bf16") -> dict | None:
    """TT-NN's production matmul on the model (kernel_cycles, dram bytes), or None where its
    program config for n is not one test_benchmark.py runs."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from timing_model import BENCH_CONFIG, bench_args

    if (n // 8, n // 8, n // 8) not in BENCH_CONFIG:
        return None
    args = ["--M", n, "--K", n, "--N", n, "--grid", "8x8", "--dtype", dtype, "--fidelity", fidelity,
            "--check", 0, *bench_args(n, n, n, 8, 8)]
    return _ttnn_profile("matmul", args)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=4096, help="matrix size (n x n, n^3 for matmuls)")
    ap.add_argument("--only", default="", help="run the rows whose name contains this")
    ap.add_argument("--no-ttnn", action="store_true", help="skip TT-NN's production programs")
    opts = ap.parse_args()
    n = opts.size
    ttnn: dict = {}
    table = []
    for name, op, launch in rows(n):
        if opts.only not in name:
            continue
        t0 = time.perf_counter()
        try:
            p = launch()
        except tt.TTLangError as e:  # a kernel that does not compile or run is a row too
            table.append({"name": name, "error": str(e).splitlines()[0]})
            print(f"  {name}: {table[-1]['error']}", flush=True)
            continue
        wall = time.perf_counter() - t0
        line = {
            "name": name,
            "us": p.us,
            "compute": p.utilization if p.matmul_tiles else None,
            "dram": p.dram_fraction,
            "bottleneck": p.bottleneck(),
        }
        if op and not opts.no_ttnn:
            if op not in ttnn:
                ttnn[op] = ttnn_matmul(n, *op[1:]) if op[0] == "matmul" else ttnn_binary_ng(n, op[1])
            q = ttnn[op]
            if q is not None:
                line["ttnn_us"] = q["kernel_cycles"] / (q["clock_ghz"] * 1e3)
                if p.matmul_tiles:
                    line["ttnn_compute"] = p.utilization * p.us / line["ttnn_us"]
        table.append(line)
        print(f"  {name}: {p.us:.0f} us modeled ({wall:.1f} s to run)", flush=True)
    print()
    print(f"Scoreboard: ttlang examples on the timing model, Wormhole n150, {GRID[0]}x{GRID[1]} cores")
    head = f"{'kernel':<44} {'time us':>9} {'compute':>8} {'DRAM':>6}  {'TT-NN us':>9} {'TT-NN cmp':>9} {'ratio':>6}  bottleneck"
    print(head)
    print("-" * len(head))
    for x in table:
        if "error" in x:
            print(f"{x['name']:<44} {'-':>9}  {x['error'][:150]}")
            continue
        comp = f"{100 * x['compute']:.1f}%" if x["compute"] is not None else "-"
        tcmp = f"{100 * x['ttnn_compute']:8.1f}%" if "ttnn_compute" in x else f"{'-':>9}"
        tn = (f"{x['ttnn_us']:9.0f} {tcmp} {x['ttnn_us'] / x['us']:6.2f}"
              if "ttnn_us" in x else f"{'-':>9} {'-':>9} {'-':>6}")
        print(f"{x['name']:<44} {x['us']:9.0f} {comp:>8} {100 * x['dram']:5.1f}%  {tn}  {x['bottleneck']}")
    for note in NOTES:
        print(note)
    print("\nratio = TT-NN time / ttlang time (above 1: ttlang is faster). compute: matrix-engine "
          "utilization at the kernel's fidelity; DRAM: share of the chip's DRAM bandwidth.")


if __name__ == "__main__":
    main()
