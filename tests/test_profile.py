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
