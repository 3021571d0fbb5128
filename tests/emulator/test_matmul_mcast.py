"""Multicast operand reuse and the scheduler's determinism, through programs/matmul_mcast: a
matmul in the style of tt-metal's matmul_multicore_reuse_mcast (the left column multicasts in0
blocks along its row, the top row multicasts in1 blocks down its column, each transfer guarded by
a sender and a receiver semaphore; partial sums spill to an intermediate CB between K blocks).

The host program is built with the documented command (as in test_programs.py). Results are
compared bit for bit with the numpy model of the hardware (numerics.py) and with plain float64
arithmetic within the rounding bound.

Determinism: with TTEMU_THREADS=1 the emulator runs every kernel thread on one host thread in a
fixed round-robin order, so the whole stdout (the DPRINT interleaving of 48 kernel threads)
repeats byte for byte; with several host threads the interleaving varies but the numbers do not.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.emulator import numerics as nx
from tests.emulator.numerics import F32, bf16
from tests.emulator.test_programs import fault_message, location

PROGRAMS = Path(__file__).resolve().parent / "programs"
PROGRAM = PROGRAMS / "matmul_mcast"
TIMEOUT = 120


def _emulator_flags(option: str) -> list[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "ttlang.emulator", option],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, f"python -m ttlang.emulator {option} failed:\n{proc.stderr}"
    return proc.stdout.split()


@pytest.fixture(scope="module")
def host(tmp_path_factory) -> Path:
    exe = tmp_path_factory.mktemp("hosts") / "matmul_mcast"
    cmd = [
        "g++",
        "-std=c++20",
        *_emulator_flags("--cflags"),
        str(PROGRAM / "main.cpp"),
        *_emulator_flags("--libs"),
        "-o",
        str(exe),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, f"building {PROGRAM / 'main.cpp'} failed:\n{proc.stderr}"
    return exe


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("mcast")


@pytest.fixture(scope="module")
def base_env(tmp_path_factory) -> dict[str, str]:
    env = dict(os.environ)
    env["TTEMU_CACHE_DIR"] = str(tmp_path_factory.mktemp("kernel_cache"))
    env["TTEMU_ARCH"] = "wormhole_b0"
    env.pop("TT_METAL_ARCH_NAME", None)
    env.pop("TTEMU_THREADS", None)
    return env


class Matmul:
    """Runs programs/matmul_mcast on given bf16 matrices: matmul(a, b, *options) returns
    (C, stdout) of a successful run, matmul.run(...) the CompletedProcess of any run."""

    def __init__(self, host: Path, work: Path, env: dict[str, str]):
        self.host, self.work, self.env = host, work, env
        self.n = 0

    def __call__(self, a, b, *options: str, threads: int | None = None, kernels=PROGRAM):
        """Runs the program (which must succeed) with the kernels under `kernels`."""
        proc = self.run(a, b, *options, threads=threads, kernels=kernels)
        assert proc.returncode == 0, (
            f"{proc.args}\nexit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
        )
        c = np.fromfile(self.work / f"run{self.n}_c.f32", F32)
        return c.reshape(a.shape[0], b.shape[1]), proc.stdout

    def run(self, a, b, *options: str, threads: int | None = None, kernels=PROGRAM):
        self.n += 1
        pa, pb, pc = (self.work / f"run{self.n}_{x}.f32" for x in "abc")
        np.ascontiguousarray(a, F32).tofile(pa)
        np.ascontiguousarray(b, F32).tofile(pb)
        env = dict(self.env)
        if threads is not None:
            env["TTEMU_THREADS"] = str(threads)
        (m, k), n = a.shape, b.shape[1]
        cmd = [str(x) for x in (self.host, kernels, m, k, n, pa, pb, pc, *options)]
        return subprocess.run(
            cmd,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            env=env,
            cwd=self.work,
            check=False,
        )


@pytest.fixture(scope="module")
def matmul(host, work, base_env) -> Matmul:
    return Matmul(host, work, base_env)


def bf16_matrix(rng, shape) -> np.ndarray:
    return bf16(rng.standard_normal(shape).astype(F32))


def check_product(c, a, b, fp32_acc: bool, out: str) -> None:
    model = nx.matmul(a, b, nx.HIFI4, fp32_acc)
    if out == "Float16_b":
        model = bf16(model)
    np.testing.assert_array_equal(c, model)
    exact = a.astype(np.float64) @ b.astype(np.float64)
    scale = np.abs(a.astype(np.float64)) @ np.abs(b.astype(np.float64))
    # fp32: one rounding per addition; bf16 DST: one per 16-deep partial sum, plus the packer's.
    k = a.shape[1]
    rel = k * 2.0**-24 if fp32_acc else (k // 16 + 1) * 2.0**-8
    if out == "Float16_b" and fp32_acc:
        rel += 2.0**-8
    assert np.all(np.abs(c - exact) <= rel * scale + 1e-30)


# ------------------------------------------------------------------------------------------
# Numbers


@pytest.mark.parametrize(
    "grid, mkn, options",
    [
        # 4x4 cores with 2x3 output tiles each, K in 5 blocks of 2 tiles; 1x3 subblocks.
        ("4x4", (256, 320, 384), ("fp32_dest_acc_en=1", "out=Float32")),
        # bfloat16 DST (8 tiles: one 2x3 subblock), bfloat16 partial sums and output.
        ("4x4", (256, 320, 384), ("fp32_dest_acc_en=0", "out=Float16_b")),
        # 3 columns x 2 rows, 4x2 tiles per core in 2x2 subblocks, K in 3 blocks of 3 tiles.
        ("3x2", (256, 288, 192), ("fp32_dest_acc_en=1", "out=Float16_b", "in0_block_w=3")),
        # One row: in1 has no receivers (num_dests 0); one column: in0 has none.
        ("4x1", (64, 128, 256), ("fp32_dest_acc_en=1", "out=Float32")),
        ("1x3", (96, 128, 64), ("fp32_dest_acc_en=1", "out=Float32", "in0_block_w=4")),
    ],
    ids=["4x4-fp32", "4x4-bf16", "3x2", "4x1", "1x3"],
)
def test_matmul_mcast(matmul, grid, mkn, options):
    m, k, n = mkn
    rng = np.random.default_rng(m + k + n)
    a, b = bf16_matrix(rng, (m, k)), bf16_matrix(rng, (k, n))
    c, out = matmul(a, b, f"grid={grid}", *options)
    assert re.search(rf"^PASS: matmul {m}x{k}x{n} on {grid} cores$", out, re.MULTILINE), out
    fp32_acc = "fp32_dest_acc_en=1" in options
    check_product(c, a, b, fp32_acc, "Float32" if "out=Float32" in options else "Float16_b")


# "0:(x,y):RISC: message" lines of the DPRINTs (trace=1).
TRACE_LINE = re.compile(r"^0:\((\d+),(\d+)\):(NCRISC|BRISC|TRISC): (.*)$", re.MULTILINE)


def _trace(stdout: str) -> dict[tuple[int, int, str], list[str]]:
    """The DPRINT lines of each (x, y, thread), in the order each thread printed them."""
    per_thread: dict[tuple[int, int, str], list[str]] = {}
    for x, y, risc, text in TRACE_LINE.findall(stdout):
        per_thread.setdefault((int(x), int(y), risc), []).append(text)
    return per_thread


def test_trace_shows_who_sends_and_who_receives(matmul):
    """The left column sends in0 and receives in1, the top row the other way round; every core
    computes each of the 5 K blocks and writes its 2 (1x3) subblocks."""
    rng = np.random.default_rng(7)
    a, b = bf16_matrix(rng, (256, 320)), bf16_matrix(rng, (320, 384))
    _, out = matmul(a, b, "grid=4x4", "trace=1", threads=1)
    trace = _trace(out)
    assert len(trace) == 3 * 16, out
    for x in range(4):
        for y in range(4):
            expect = []
            for blk in range(5):
                expect.append(f"in0 block {blk} {'sent' if x == 0 else 'received'}")
                expect.append(f"in1 block {blk} {'sent' if y == 0 else 'received'}")
            assert trace[(x, y, "NCRISC")] == expect, (x, y)
            assert trace[(x, y, "TRISC")] == [f"block {blk} done" for blk in range(5)], (x, y)
            assert trace[(x, y, "BRISC")] == ["wrote subblock 0,0", "wrote subblock 1,0"], (x, y)


# ------------------------------------------------------------------------------------------
# Determinism


@pytest.fixture(scope="module")
def operands():
    rng = np.random.default_rng(11)
    return bf16_matrix(rng, (256, 320)), bf16_matrix(rng, (320, 384))


def test_single_thread_mode_repeats_the_interleaving(matmul, operands):
    """TTEMU_THREADS=1: the same stdout, byte for byte, every run (all DPRINTs of 48 threads)."""
    a, b = operands
    runs = [matmul(a, b, "grid=4x4", "trace=1", threads=1) for _ in range(3)]
    c0, out0 = runs[0]
    assert len(TRACE_LINE.findall(out0)) == 16 * (10 + 5 + 2), out0
    for c, out in runs[1:]:
        assert out == out0
        assert c.tobytes() == c0.tobytes()


def test_multi_thread_mode_repeats_the_numbers(matmul, operands):
    """Several host threads (the default mode): the interleaving may differ from run to run, the
    numbers may not; each kernel thread still prints its own lines in its own order."""
    a, b = operands
    c1, out1 = matmul(a, b, "grid=4x4", "trace=1", threads=1)
    trace1 = _trace(out1)
    for _ in range(4):
        c, out = matmul(a, b, "grid=4x4", "trace=1", threads=4)
        assert c.tobytes() == c1.tobytes()
        assert _trace(out) == trace1
    check_product(c1, a, b, True, "Float32")


# ------------------------------------------------------------------------------------------
# A deadlock on semaphores


def test_semaphore_deadlock_lists_every_blocked_thread(matmul, operands):
    """faults/mcast_deadlock: each sender waits for one "ready" more than it has receivers. All
    48 threads are listed: the left column's readers in the sender's wait (value 3 of 4), the
    other readers in the receiver's wait for VALID, compute waiting for in0, the writers for
    output tiles."""
    kernels = PROGRAMS / "faults" / "mcast_deadlock"
    a, b = operands
    msg = fault_message(matmul.run(a, b, "grid=4x4", kernels=kernels))
    assert msg.startswith("deadlock: "), msg
    reader = kernels / "kernels" / "reader.cpp"
    sender, receiver = location(reader, "BLOCKED_SENDER"), location(reader, "BLOCKED_RECEIVER")
    expect = {
        "NCRISC": (
            rf"noc_semaphore_wait\(L1 0x[0-9a-f]+, 4\): value is 3 at {re.escape(sender)}\b",
            rf"noc_semaphore_wait\(L1 0x[0-9a-f]+, 1\): value is 0 at {re.escape(receiver)}\b",
        ),
        "TRISC": (r"cb_wait_front\(c_0, 4\): 0 of 4 pages available",) * 2,
        "BRISC": (r"cb_wait_front\(c_16, 3\): 0 of 3 pages available",) * 2,
    }
    lines = msg.splitlines()[1:]
    assert len(lines) == 48, msg
    seen = set()
    for line in lines:
        m = re.match(
            r"  core \((\d),(\d)\) (NCRISC|BRISC|TRISC) kernel \w+\.cpp blocked in (.*)$", line
        )
        assert m, f"unexpected line {line!r} in\n{msg}"
        x, y, risc, what = int(m[1]), int(m[2]), m[3], m[4]
        assert re.match(expect[risc][0 if x == 0 else 1], what), f"core ({x},{y}) {risc}: {what}"
        seen.add((x, y, risc))
    assert len(seen) == 48, msg
