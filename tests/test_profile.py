"""The timing model's profile as ttlang users see it (docs/performance.md): CompiledKernel.profile,
tt.profile, the bottleneck, the costliest Python lines, the trace and TTLANG_PROFILE."""

from __future__ import annotations

import inspect
import json

import numpy as np
import pytest

import ttlang as tt


@tt.kernel
def scale_add(a, b, out):
    for i in tt.program_range(out.num_tiles):
        out[i] = a[i] * 2.0 + b[i]


@tt.kernel
def matmul(a, b, c):
    M, N = c.tile_shape
    K = a.tile_shape[1]
    for t in tt.program_range(M * N):
        i, j = t // N, t % N
        acc = tt.zeros((32, 32))
        for k in range(K):
            acc += a[i, k] @ b[k, j]
        c[i, j] = acc


LINE0 = inspect.getsourcelines(scale_add.fn if hasattr(scale_add, "fn") else scale_add)[1]


def arrays(shape=(128, 256), n=3, seed=0):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(shape).astype(np.float32) for _ in range(n - 1)] + [np.zeros(shape, np.float32)]


def test_profile_of_a_launch():
    a, b, out = arrays()
    compiled = scale_add[(2, 2)](a, b, out)
    np.testing.assert_allclose(out, a * 2 + b, rtol=1e-6)
    p = compiled.profile
    assert p is not None and p.cycles > 0
    assert p.us == pytest.approx(p.cycles / (p.clock_ghz * 1e3) if hasattr(p, "clock_ghz") else p.us)
    # every byte of a and b comes from DRAM once, out goes back
    assert p.dram_bytes == 3 * a.nbytes
    assert 0 < p.dram_gbps and 0 < p.dram_fraction <= 1
    assert isinstance(p.bottleneck(), str) and p.bottleneck()
    text = str(p)
    assert "cycles" in text and "scale_add" in text


def test_profiles_of_earlier_launches_until_they_are_no_longer_kept():
    # The replay runs when a profile is first asked for; the emulator keeps the logs of its 16
    # most recent runs, so the first of 16 launches can still be replayed, not after two more.
    a, b, out = arrays((32, 64))
    runs = []
    for _ in range(16):
        compiled = scale_add[(1, 1)](a, b, out)
        runs.append(compiled._last_run)  # (runtime, device, run number) of this launch
    last = compiled.profile.cycles
    compiled._last_run = runs[0]
    assert compiled.profile.cycles == last > 0  # replayed now, 15 runs later: the same work
    for _ in range(2):
        scale_add[(1, 1)](a, b, out)
    compiled._last_run = runs[1]
    with pytest.raises(tt.TTLangError, match="no longer kept"):
        compiled.profile


def test_tt_profile_and_the_costliest_lines():
    a, b, out = arrays(seed=1)
    p = tt.profile(scale_add[(1, 1)], a, b, out)
    lines = p.lines()
    assert lines and all(line.cycles >= 0 for line in lines)
    assert lines == sorted(lines, key=lambda line: -line.cycles)
    # the store line of the kernel is among them, named by its Python file and line
    assert any(line.where.endswith(f"test_profile.py:{LINE0 + 3}") for line in lines), [x.where for x in lines]


def test_matmul_utilization_is_below_peak():
    a, b, c = arrays((128, 128), seed=2)
    p = tt.profile(matmul[(2, 2)], a, b, c)
    np.testing.assert_allclose(c, a @ b, rtol=2e-2, atol=2e-1)  # TF32 on the matrix engine
    assert p.flops == 2 * 128**3
    assert 0 < p.utilization < 1 and 0 < p.tflops < p.peak_tflops


def test_more_work_takes_more_cycles():
    small = tt.profile(scale_add[(1, 1)], *arrays((64, 64)))
    large = tt.profile(scale_add[(1, 1)], *arrays((256, 256)))
    assert large.cycles > 4 * small.cycles


def test_a_noc_bound_launch_keeps_its_busiest_link_busy():
    # 64 programs each reading rows of `a` and columns of `b` from DRAM: the reads' data comes
    # back long after they are issued, and other cores' transfers use the same links in between.
    # When the model calls the launch NoC-bound, the busiest link is busy nearly all the time
    # (links book intervals, not just a next-free time, which left 36% of it idle).
    rng = np.random.default_rng(1)
    a, b = (rng.standard_normal((512, 512)).astype(np.float32) for _ in range(2))
    p = tt.profile(matmul[(8, 8)], a, b, np.zeros((512, 512), np.float32))
    assert "NoC" in p.bottleneck()
    assert p.noc_link_busy > 0.85


def test_save_trace(tmp_path):
    a, b, out = arrays(seed=3)
    p = tt.profile(scale_add[(1, 2)], a, b, out)
    path = p.save_trace(tmp_path / "trace.json")
    trace = json.loads(path.read_text())
    slices = [e for e in trace["traceEvents"] if e["ph"] == "X"]
    assert slices and all(e["dur"] >= 0 for e in slices)
    assert {e["pid"] for e in slices} == {0, 1}  # one process per core
    assert any("test_profile.py:" in e["name"] for e in slices)


def test_ttlang_profile_env(tmp_path, monkeypatch):
    monkeypatch.setenv("TTLANG_PROFILE", str(tmp_path))
    scale_add[(1, 1)](*arrays((64, 64), seed=4))
    (run,) = tmp_path.iterdir()
    assert run.name.startswith("scale_add-")
    assert {f.name for f in run.iterdir()} >= {"profile.json", "trace.json", "profile_log_device.csv"}
    saved = json.loads((run / "profile.json").read_text())
    assert saved["summary"]["cycles"] > 0 and saved["model"]["kernel_cycles"] > 0


def _reader_waiting_profile(link_busy: float) -> tt.Profile:
    """One core whose reader spends 90% of 10,000 cycles in noc_async_read_barrier, DRAM nearly
    idle, and the busiest NoC link busy `link_busy` of the time: the model's JSON, by hand."""
    cycles = 10_000

    def pipe(track, busy, stalls):
        return {
            "core": [0, 0],
            "track": track,
            "start": 0,
            "end": cycles,
            "busy": busy,
            "stalls": stalls,
            "sites": [],
            "spans": 0,
        }

    data = {
        "run": 1,
        "arch": "wormhole_b0",
        "clock_ghz": 1.0,
        "grid": [1, 1],
        "launch_cycles": 2970,
        "kernel_cycles": cycles,
        "error": "",
        "matmul_tiles": [0, 0, 0, 0, 0],
        "matmul_cycles_per_tile": [16, 16, 32, 48, 64],
        "dram_peak_bytes_per_cycle": 264.96,
        "dram_read_bytes": 40_960,
        "dram_write_bytes": 2048,
        "noc_bytes": 43_008,
        "busiest_link_cycles": int(link_busy * cycles),
        "banks": [
            {"read_bytes": 40_960, "write_bytes": 2048, "busy": 2000, "wait": 0, "requests": 21}
        ],
        "pipes": [
            pipe("reader (NCRISC)", 1000, [["read_barrier", 0, 9000]]),
            pipe("unpack (TRISC0)", 500, [["cb_wait_front", 0, 9500]]),
            pipe("math (TRISC1)", 500, [["operands", 0, 9500]]),
            pipe("pack (TRISC2)", 500, [["dst_ready", 0, 9500]]),
            pipe("writer (BRISC)", 200, [["cb_wait_front", 16, 9800]]),
        ],
        "cbs": [[0, 0, 0, 0, 1], [0, 0, 16, 3, 4]],  # x, y, cb, producer pipe, consumer pipe
        "sites": [],
    }
    return tt.Profile(data)


@pytest.mark.parametrize(
    "link_busy, verdict",
    [(0.1, "latency, not bandwidth"), (0.6, "contention on the NoC"), (0.9, "the NoC's bandwidth")],
)
def test_bottleneck_of_noc_reads_weighs_the_busiest_link(link_busy, verdict):
    # A reader waiting on its reads while DRAM idles was always called "latency, not bandwidth",
    # even with a NoC link busy 90% of the time (the profile held the figure and ignored it).
    p = _reader_waiting_profile(link_busy)
    assert p.noc_link_busy == pytest.approx(link_busy)
    sentence = p.bottleneck()
    assert sentence.startswith("reader-bound: waiting on NoC reads"), sentence
    assert f"busiest NoC link {100 * link_busy:.0f}% busy" in sentence
    assert sentence.endswith(verdict), sentence
    assert f"busiest link {100 * link_busy:.0f}% busy" in str(p)


def test_roofline_draws_both_roofs_and_the_launch_under_them():
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    a, b, c = arrays((128, 128), seed=5)
    p = tt.profile(matmul[(2, 2)], a, b, c)
    ax = p.roofline()
    try:
        lines = {line.get_label(): line for line in ax.get_lines()}
        assert {"DRAM roof", "compute roof", "this launch"} <= set(lines)
        bw = p.dram_peak_gbps / 1e3  # TFLOPS per FLOP/byte
        dram_x, dram_y = lines["DRAM roof"].get_data()
        np.testing.assert_allclose(dram_y, np.asarray(dram_x) * bw, rtol=1e-9)  # slope: bandwidth
        _, compute_y = lines["compute roof"].get_data()
        np.testing.assert_allclose(compute_y, p.peak_tflops, rtol=1e-9)  # flat at the peak
        assert dram_y[-1] == pytest.approx(compute_y[0])  # the roofs meet at the ridge
        (x,), (y,) = lines["this launch"].get_data()
        assert x == pytest.approx(p.arithmetic_intensity) and y == pytest.approx(p.tflops)
        assert 0 < y <= p.peak_tflops and y <= x * bw  # under both roofs
        assert ax.get_xscale() == ax.get_yscale() == "log"
    finally:
        plt.close(ax.figure)


def test_tt_profile_of_a_kernel_without_a_grid_is_located_at_the_call():
    a = np.ones((32, 32), np.float32)
    with pytest.raises(tt.TTLangLaunchError) as info:
        tt.profile(scale_add, a, a, a.copy())  # no grid
    assert "tt.profile takes a launch, kernel[grid]" in str(info.value)
    assert info.value.loc.file == __file__ and "no grid" in str(info.value)
