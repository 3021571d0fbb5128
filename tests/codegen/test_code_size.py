"""Code size: a kernel whose binaries would not fit a core's kernel config buffer (or a RISC's
kernel limit) is a located error at compile time; ordinary kernels pass with room to spare."""

from __future__ import annotations

import inspect

import numpy as np
import pytest

import ttlang as tt
from ttlang import arch
from ttlang.codegen import code_size
from ttlang.examples import matmul, normalization

HERE = __file__


@tt.kernel(arch="blackhole")  # 64 CBs: room for the unrolled tiles
def unrolled(a, c):
    x = a[0:6, 0:8] * 2.0
    for _k in range(3):
        x = tt.exp(x) + a[0:6, 0:8] * x  # assigned again: 48 tiles unrolled, ~10 calls each
    c[0:6, 0:8] = x


@tt.kernel
def double(a, c):
    for t in tt.program_range(c.num_tiles):
        c[t] = a[t] * 2.0


@tt.kernel
def triple(a, c):
    for t in tt.program_range(c.num_tiles):
        c[t] = a[t] * 3.0


@tt.kernel
def quadruple(a, c):
    for t in tt.program_range(c.num_tiles):
        c[t] = a[t] * 4.0


def _def_line(fn) -> int:
    lines, first = inspect.getsourcelines(fn.fn)
    return first + next(i for i, text in enumerate(lines) if text.startswith("def "))


def test_a_kernel_too_big_for_the_chip_is_a_located_error(tmp_path, monkeypatch):
    monkeypatch.setenv("TTLANG_CACHE_DIR", str(tmp_path))
    a = np.ones((256, 256), np.float32)
    with pytest.raises(tt.TTLangResourceError) as info:
        unrolled.compile(a, np.zeros_like(a))
    e = info.value
    assert (e.loc.file, e.loc.line, e.loc.col) == (HERE, _def_line(unrolled), 0)
    text = str(e)
    assert text.startswith(f"{HERE}:{_def_line(unrolled)}:1: resource error: kernel 'unrolled' ")
    assert "would not fit on a Blackhole p150 core" in text
    assert "but a core's kernel config buffer holds 69 KiB (over 2x the limit" in text
    assert text.endswith("| def unrolled(a, c):\n    | ^^^^^^^^^^^^^^^^^^^")
    assert not list((tmp_path / "kernels").glob("*/host.cpp"))  # nothing was built


@pytest.mark.parametrize("name", ["double", "matmul", "softmax 128-tile row", "matmul_blocked"])
def test_ordinary_kernels_fit(name):
    a = np.ones((64, 4096), np.float32)
    if name == "double":
        ck = double.compile(a, a)
    elif name.startswith("matmul"):
        m = np.ones((256, 256), np.float32)
        fn = getattr(matmul, name)
        ck = fn.compile(m, m, m, 4, 2, 2) if name == "matmul_blocked" else fn.compile(m, m, m)
    else:
        ck = normalization.softmax.compile(a, np.zeros_like(a))
    est = code_size.estimate(ck.reader, ck.writer, ck.compute)
    assert not code_size.problems(est, arch.WORMHOLE), est


def test_the_kernel_config_buffer_follows_the_override(tmp_path, monkeypatch):
    """TTLANG_KERNEL_CONFIG_KB stands for a smaller buffer (tt-metal's worker_l1_size moves it):
    then even a small kernel does not fit, and says so at its def."""
    monkeypatch.setenv("TTLANG_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("TTLANG_KERNEL_CONFIG_KB", "4")
    a = np.ones((32, 64), np.float32)
    with pytest.raises(tt.TTLangResourceError, match="kernel config buffer holds 4 KiB") as info:
        triple.compile(a, np.zeros_like(a))
    assert (info.value.loc.file, info.value.loc.line) == (HERE, _def_line(triple))


def test_a_kernel_over_a_limit_within_the_estimates_uncertainty_warns(tmp_path, monkeypatch):
    """Over the buffer but under twice it (the estimate may be that far off): not refused, but a
    located TTLangWarning says it may not fit on the chip; from the disk cache too."""
    a = np.ones((32, 64), np.float32)
    ck = quadruple.compile(a, np.zeros_like(a))  # fits the real buffer
    est = code_size.estimate(ck.reader, ck.writer, ck.compute)
    monkeypatch.setenv("TTLANG_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("TTLANG_KERNEL_CONFIG_KB", f"{0.75 * est.total / 1024:.3f}")
    for _ in range(2):  # compiled, then loaded from the disk cache by a fresh kernel object
        with pytest.warns(tt.TTLangWarning, match="may not fit on a Wormhole") as record:
            tt.kernel(quadruple.fn).compile(a, np.zeros_like(a))
        w = next(r for r in record if "may not fit" in str(r.message))
        assert (w.filename, w.lineno) == (HERE, _def_line(quadruple))


def test_per_risc_limits_of_each_architecture():
    """Wormhole's NCRISC (the reader) runs its kernel from a 16 KiB IRAM; Blackhole has none."""
    est = code_size.Estimate(reader=40 * 1024, writer=2048, compute=4096)
    (wh,) = code_size.problems(est, arch.WORMHOLE)
    assert wh == "its reader is estimated at 40.0 KiB but a NCRISC kernel holds 16 KiB"
    assert code_size.problems(code_size.Estimate(20 * 1024, 2048, 4096), arch.WORMHOLE) == []
    assert code_size.problems(est, arch.BLACKHOLE) == []
    assert arch.WORMHOLE.kernel_size_limits == {
        "BRISC": 1432 * 1024,
        "NCRISC": 16 * 1024,
        "TRISC": 1432 * 1024,
    }
    assert set(arch.BLACKHOLE.kernel_size_limits.values()) == {1497 * 1024}


def test_calls_are_counted_in_code_not_comments():
    src = (
        "// cb_wait_front(x, 1) from the Python line\nvoid kernel_main() { cb_wait_front(c, 1); }\n"
    )
    assert code_size._calls(src) == ["cb_wait_front"]
