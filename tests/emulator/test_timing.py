"""The timing model (docs/performance.md) on small Metalium programs whose cycles follow from a few
entries of the cost table (ttlang/emulator/src/timing/costs.cpp, Wormhole).

Each scenario is run at two sizes, n and 2n: the difference is the steady-state cost of n more
items, which is set by the scenario's bottleneck alone, so it can be computed by hand from the
table. The constants below are the table's, written out as literals: a changed entry must fail
here (test_wrong_cost_entry_fails shows one that does).
"""

from __future__ import annotations

import csv
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROGRAM = Path(__file__).resolve().parent / "programs" / "timing"
TIMEOUT = 120

# Wormhole entries of the cost table these scenarios depend on.
DRAM_BYTES_PER_CYCLE = 24.0 * 0.92  # one GDDR6 channel at 92% of 24 GB/s, 1 GHz
PAGE = 2048  # a Float16_b tile
MATMUL_PER_PHASE = 16
MATH_CALL = 4
UNPACK_TILE_FP16 = 4 * (2 + 512 // 64)  # 4 faces x (2 + 512 B / 64 B per cycle)
UNPACK_CALL = 4
UNPACK_L1_BYTES_PER_CYCLE = 80
DATACOPY = 8
SFPU_EXP_EXACT = 1161
CB_CALL = 14  # a CB call that does not wait
PACK_TILE_FP16 = 2 + 512 // 16  # a packer per face, 16 B per cycle, plus the PACR
PACK_CALL = 4
LINK_BYTES_PER_CYCLE = 32
HOP_CYCLES = 9  # router to router
NIU_CYCLES = 5  # NoC interface to router


@pytest.fixture(scope="module")
def program(tmp_path_factory) -> Path:
    def flags(option: str) -> list[str]:
        out = subprocess.run([sys.executable, "-m", "ttlang.emulator", option], capture_output=True, text=True, check=True)
        return out.stdout.split()

    exe = tmp_path_factory.mktemp("timing") / "timing"
    cmd = ["g++", "-std=c++20", *flags("--cflags"), str(PROGRAM / "main.cpp"), *flags("--libs"), "-o", str(exe)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    return exe


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:
    e = dict(os.environ)
    e["TTEMU_CACHE_DIR"] = str(tmp_path_factory.mktemp("kernel_cache"))
    e["TTEMU_ARCH"] = "wormhole_b0"
    for k in ("TT_METAL_ARCH_NAME", "TTEMU_TIMING", "TTEMU_COSTS", "TTEMU_PROFILE", "TTEMU_THREADS"):
        e.pop(k, None)
    return e


def run(program: Path, env: dict, *args: object, **extra: str) -> dict:
    proc = subprocess.run(
        [str(program), str(PROGRAM), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**env, **extra},
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    line = next(x for x in proc.stdout.splitlines() if x.startswith("PROFILE "))
    profile = json.loads(line[len("PROFILE ") :])
    assert not profile["error"], profile["error"]
    return profile


def pipe(profile: dict, track: str, core=(0, 0)) -> dict:
    return next(p for p in profile["pipes"] if p["track"].startswith(track) and tuple(p["core"]) == core)


def service(nbytes: int) -> int:
    """Cycles a DRAM bank spends on one read (timing/network.cpp Network::serve)."""
    return math.ceil(nbytes / DRAM_BYTES_PER_CYCLE)


# ------------------------------------------------------------------------------------------
# Hand-computed scenarios


def test_one_core_reading_one_bank(program, env):
    # 64 more back-to-back 2 KiB reads from one bank take the bank's time for them: issuing one
    # costs 30 cycles (20 + the page address), the bank 93.
    a, b = (run(program, env, "dram_read", n, 1) for n in (64, 128))
    assert b["kernel_cycles"] - a["kernel_cycles"] == 64 * service(PAGE) == 5952
    assert b["banks"][0]["read_bytes"] == 128 * PAGE
    assert b["banks"][0]["busy"] == 128 * service(PAGE)
    # and the bandwidth is the bank's, within the fixed latency of the first read
    assert 0.95 * DRAM_BYTES_PER_CYCLE < 128 * PAGE / b["kernel_cycles"] < DRAM_BYTES_PER_CYCLE


def test_two_cores_contending_for_one_bank(program, env):
    # Two cores reading the same bank share it: 2 x 64 reads take as long as 128 from one core.
    one = run(program, env, "dram_read", 128, 1)
    two = run(program, env, "dram_read", 64, 2)
    assert two["kernel_cycles"] == one["kernel_cycles"]
    assert two["banks"][0]["busy"] == 128 * service(PAGE)
    assert two["banks"][0]["wait"] > 0  # requests queued behind the other core's
    bigger = run(program, env, "dram_read", 128, 2)
    assert bigger["banks"][0]["busy"] == 256 * service(PAGE)
    assert abs(bigger["kernel_cycles"] - two["kernel_cycles"] - 128 * service(PAGE)) <= 16


def test_one_reader_per_bank_reads_all_banks_at_once(program, env):
    # Twelve readers, each next to its own bank on routes no other bank's data takes
    # (Saturating_DRAM_bandwidth's placement): the banks work in parallel, so the whole read takes
    # about what one bank's share takes alone, and every bank is busy for all of its pages.
    one = run(program, env, "dram_read", 128, 1)
    all_banks = run(program, env, "dram_banks", 128, 12)
    assert [b["busy"] for b in all_banks["banks"]] == [128 * service(PAGE)] * 12
    # each bank's requests queue only behind its own reader's earlier ones, as with one reader
    wait = one["banks"][0]["wait"]
    assert all(abs(b["wait"] - wait) <= 0.01 * wait for b in all_banks["banks"])
    assert abs(all_banks["kernel_cycles"] - one["kernel_cycles"]) <= 0.02 * one["kernel_cycles"]


@pytest.mark.parametrize(
    "fidelity, per_tile",
    [
        # HiFi4: math-bound, 4 phases of 16 cycles and the call; the next unpack hides under it
        (3, 4 * MATMUL_PER_PHASE + MATH_CALL),  # 68
        # LoFi: 16 + 4 cycles of math, but unpacking both tiles takes 4096 B / 80 B per cycle
        # (the two unpackers share L1) plus the call: unpack-bound
        (0, max(UNPACK_TILE_FP16, math.ceil(2 * PAGE / UNPACK_L1_BYTES_PER_CYCLE)) + UNPACK_CALL),  # 56
    ],
)
def test_matmul_over_k_tiles(program, env, fidelity, per_tile):
    a, b = (run(program, env, "matmul", k, fidelity) for k in (4, 8))
    assert per_tile == (68 if fidelity == 3 else 56)
    assert pipe(b, "math")["end"] - pipe(a, "math")["end"] == 4 * per_tile
    # counted by MathFidelity's value: LoFi 0, HiFi2 2, HiFi3 3, HiFi4 4
    assert b["matmul_tiles"][{0: 0, 3: 4}[fidelity]] == 8


def test_cb_pipeline_paced_by_its_slower_side(program, env):
    # A producer that pushes a page every 28 cycles into a 2-page CB feeds an exact exp: per tile,
    # math is acquire 4 + copy (8 + 4) + exp (1161 + 4) + commit 4 = 1185 cycles and sets the pace.
    per_tile = 4 + (DATACOPY + MATH_CALL) + (SFPU_EXP_EXACT + MATH_CALL) + 4
    a, b = (run(program, env, "pipeline", n, 0) for n in (8, 16))
    assert b["kernel_cycles"] - a["kernel_cycles"] == 8 * per_tile == 9480
    # the producer spends its time waiting for the consumer to free a page of c_0
    reader = pipe(b, "reader")
    waits = {(s[0], s[1]): s[2] for s in reader["stalls"]}
    assert waits.get(("cb_reserve_back", 0), 0) > 0.9 * (reader["end"] - reader["start"] - reader["busy"])


def test_tilize_block_per_tile(program, env):
    # tilize_block(c_0, 1, c_16) per page, fed and drained at once. Per tile the unpacker runs
    # cb_wait_front, the tileize-mode unpack (2 UNPACRs x (2 + 16 rows x 1 cycle), costs.cpp
    # unpack_tilize) and its call, cb_pop_front; the packer the pack_tile of the section, its
    # release and cb_reserve_back / cb_push_back, which sets the pace.
    unpack = CB_CALL + (2 * (2 + 16)) + UNPACK_CALL + CB_CALL  # 68
    pack = CB_CALL + (PACK_TILE_FP16 + PACK_CALL) + PACK_CALL + CB_CALL  # 70
    a, b = (run(program, env, "tilize", n, 0) for n in (8, 16))
    assert pipe(b, "unpack")["busy"] - pipe(a, "unpack")["busy"] == 8 * unpack == 544
    assert pipe(b, "pack")["busy"] - pipe(a, "pack")["busy"] == 8 * pack
    assert b["kernel_cycles"] - a["kernel_cycles"] == 8 * max(unpack, pack) == 560


def test_multicast_to_a_row(program, env):
    # Core (0,0) multicasts 2 KiB writes to the 7 other cores of its row. Each first reserves its
    # path: a round trip to the far corner, 8 hops east (physical x 1 to 9), 2 x (NIU 5 + 8 x 9)
    # = 154 cycles, once the previous write's tail has left; then the tree's links carry it once,
    # 2048 B / 32 B per cycle plus a header flit = 65 cycles.
    reserve = 2 * (NIU_CYCLES + 8 * HOP_CYCLES)
    per_write = reserve + math.ceil(PAGE / LINK_BYTES_PER_CYCLE) + 1
    a, b = (run(program, env, "mcast", n, PAGE) for n in (16, 32))
    assert b["kernel_cycles"] - a["kernel_cycles"] == 16 * per_write == 16 * 219


# ------------------------------------------------------------------------------------------
# Properties of the model


def without_addresses(profile: dict) -> dict:
    """A profile with its call-site addresses dropped (they move with where the kernels load)."""
    p = dict(profile)
    p["sites"] = [s["name"] for s in p["sites"]]
    return p


def test_figures_identical_across_thread_counts(program, env):
    figures = [
        without_addresses(run(program, env, "dram_read", 64, 2, TTEMU_THREADS=str(n))) for n in (1, 2, 5)
    ] + [without_addresses(run(program, env, "dram_read", 64, 2))]
    assert all(f == figures[0] for f in figures[1:])
    pipeline = [without_addresses(run(program, env, "pipeline", 8, 0, TTEMU_THREADS=str(n))) for n in (1, 3)]
    assert pipeline[0] == pipeline[1]


def test_wrong_cost_entry_fails(program, env):
    # A halved DRAM bandwidth doubles the bank's time per read: the hand computation above no
    # longer holds. TTEMU_COSTS changes an entry for the run (a what-if study).
    halved = f"dram_bytes_per_cycle={DRAM_BYTES_PER_CYCLE / 2}"
    a, b = (run(program, env, "dram_read", n, 1, TTEMU_COSTS=halved) for n in (64, 128))
    assert b["kernel_cycles"] - a["kernel_cycles"] != 64 * service(PAGE)
    assert b["kernel_cycles"] - a["kernel_cycles"] == 64 * math.ceil(PAGE / (DRAM_BYTES_PER_CYCLE / 2))


def test_unknown_cost_entry_is_an_error(program, env):
    proc = subprocess.run(
        [str(program), str(PROGRAM), "dram_read", "4", "1"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**env, "TTEMU_COSTS": "dram_bandwith=11"},
        check=False,
    )
    assert proc.returncode != 0
    assert "TTEMU_COSTS: 'dram_bandwith=11'" in proc.stderr


def test_trace_follows_the_trace_event_format(program, env, tmp_path):
    run(program, env, "pipeline", 4, 0, TTEMU_PROFILE=str(tmp_path))
    (out,) = tmp_path.glob("device0-run*")
    trace = json.loads((out / "trace.json").read_text())
    events = trace["traceEvents"]
    assert events and trace["displayTimeUnit"] in ("ms", "ns")
    names = {}
    for e in events:
        assert e["ph"] in ("X", "M", "i"), e
        assert isinstance(e["pid"], int) and isinstance(e["name"], str)
        if e["ph"] == "X":
            assert isinstance(e["tid"], int) and e["ts"] >= 0 and e["dur"] >= 0, e
        if e["ph"] == "M" and e["name"] == "thread_name":
            names[(e["pid"], e["tid"])] = e["args"]["name"]
    # one process for the core, one track per RISC pipeline that ran
    tracks = sorted(names.values())
    assert len(tracks) == 5 and any("unpack" in t for t in tracks) and any("math" in t for t in tracks)
    assert any("exp.cpp:" in e["name"] for e in events if e["ph"] == "X")  # slices name their line
    assert json.loads((out / "profile.json").read_text())["kernel_cycles"] > 0
    rows = list(csv.reader((out / "profile_log_device.csv").read_text().splitlines()))
    header = next(r for r in rows if "PCIe slot" in r)
    for column in ("core_x", "core_y", "RISC processor type", "time[cycles since reset]", "zone name"):
        assert column in [c.strip() for c in header], header
