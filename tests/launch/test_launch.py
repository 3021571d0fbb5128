"""Launching: argument binding and checking, grids, results written in place only on success,
runtime faults reported at the Python line, the compile cache."""

from __future__ import annotations

import inspect
import threading
import traceback

import numpy as np
import pytest

import ttlang as tt
from tests.helpers import BF16, rand

HERE = __file__


@tt.kernel
def add(a, b, c):
    for t in tt.program_range(c.num_tiles):
        c[t] = a[t] + b[t]


@tt.kernel
def shift(a, c, k):
    for t in tt.program_range(c.num_tiles):
        c[t] = a[t + k]


def _line(fn, needle):
    lines, first = inspect.getsourcelines(getattr(fn, "fn", fn))
    return first + next(i for i, x in enumerate(lines) if needle in x)


def assert_clean(e: tt.TTLangError, line: int):
    """file:line:col, the source line, a caret, no traceback into ttlang, nothing chained."""
    text = str(e)
    assert text.startswith(f"{HERE}:{line}:"), text
    assert "^" in text.splitlines()[2]
    assert "/ttlang/" not in text
    assert e.__cause__ is None and e.__suppress_context__
    frames = traceback.extract_tb(e.__traceback__)
    assert (
        sum("/ttlang/" in f.filename for f in frames) <= 1
    )  # the one API entry point, no internals


def test_wrong_number_of_arguments():
    a = np.ones((32, 32), np.float32)
    with pytest.raises(tt.TTLangLaunchError) as info:
        add[1](a, a)  # one short
    assert "kernel 'add' takes 3 argument(s) (a, b, c)" in str(info.value)
    assert f"kernel 'add' is defined at {HERE}:" in str(info.value)
    assert_clean(info.value, _line(test_wrong_number_of_arguments, "add[1](a, a)"))


def test_grid_larger_than_the_device():
    a = np.ones((32, 32), np.float32)
    for grid in ((9, 8), 65):
        with pytest.raises(tt.TTLangLaunchError) as info:
            add[grid](a, a, a.copy())
        assert "larger than the" in str(info.value) and "Wormhole n150" in str(info.value)
        assert_clean(
            info.value, _line(test_grid_larger_than_the_device, "add[grid](a, a, a.copy())")
        )


@pytest.mark.parametrize(
    "bad, message",
    [
        (np.ones((32, 32), np.float64), "array of float64"),
        (np.ones(32, np.float32), "1 dimension(s); kernels take arrays of 2 or more dimensions"),
        (np.ones((0, 4), np.float32), "is empty"),
        ("text", "is a str"),
    ],
)
def test_unsupported_arguments(bad, message):
    a = np.ones((32, 32), np.float32)
    with pytest.raises(tt.TTLangLaunchError, match="argument 'b'") as info:
        add[1](a, bad, a.copy())
    assert message in str(info.value)


def test_calling_a_kernel_without_a_grid():
    with pytest.raises(tt.TTLangLaunchError, match=r"launch kernel 'add' with a grid: add\[grid\]"):
        add(1, 2, 3)


def test_out_of_range_tile_is_reported_at_the_python_line_and_loses_nothing():
    a = rand((64, 64))
    c = np.full((64, 64), 7.0, np.float32)
    with pytest.raises(tt.TTLangRuntimeError) as info:
        shift[2](a, c, 1)  # the last program reads a tile past the end of a
    e = info.value
    assert "tile index out of range for tensor 'a', which has 2x2 tiles (shape 64x64)" in str(e)
    assert (e.loc.file, e.loc.line) == (HERE, _line(shift, "c[t] = a[t + k]"))
    assert "a[t + k]" in str(e).splitlines()[1] and "^" in str(e).splitlines()[2]
    assert np.all(c == 7.0)  # a failed launch writes nothing back
    shift[2](a, c, 0)  # the device is fine afterwards
    np.testing.assert_array_equal(c, a)


def test_scalars_are_runtime_arguments_and_constexprs_specialise():
    @tt.kernel
    def scaled(a, c, s, n: tt.constexpr):
        for t in tt.program_range(c.num_tiles):
            c[t] = a[t] * s + n

    a = rand((40, 50))
    c = np.zeros_like(a)
    scaled[2](a, c, 2.0, 1)
    np.testing.assert_allclose(c, a * 2 + 1, rtol=1e-6)
    scaled[2](a, c, -0.5, 1)
    np.testing.assert_allclose(c, a * -0.5 + 1, rtol=1e-6)
    scaled[2](a, c, 3, 4)  # an int where a float was: another specialisation
    np.testing.assert_allclose(c, a * 3 + 4, rtol=1e-6)
    assert len(scaled._compiled) == 2  # (float s, n=1) and (int s, n=4)


def test_workloads_kept_across_launches_do_not_mix_arguments():
    """A launch re-enqueues the workload an earlier one with the same buffers and scalars built;
    other scalars or grids get their own."""

    @tt.kernel
    def axpy(a, c, s):
        for t in tt.program_range(c.num_tiles):
            c[t] = a[t] * s + 1.0

    a = rand((64, 64))
    for s, grid in [(2.0, 2), (-0.5, 2), (2.0, 2), (2.0, 3), (-0.5, 2)]:
        c = np.zeros_like(a)
        axpy[grid](a, c, s)
        np.testing.assert_allclose(c, a * s + 1.0, rtol=1e-6)


scale = 3  # a module global with the name of a kernel parameter


def test_a_global_named_like_a_parameter_does_not_specialise():
    """`scale` inside the kernel is its parameter: the global of that name is not compiled in,
    and changing it must not compile the kernel again."""
    global scale

    @tt.kernel
    def scaled(a, c, scale):
        for t in tt.program_range(c.num_tiles):
            c[t] = a[t] * scale

    a = rand((32, 32))
    c = np.zeros_like(a)
    for scale in (1, 2, 3):
        scaled[1](a, c, float(scale))
        np.testing.assert_allclose(c, a * scale, rtol=1e-6)
    assert len(scaled._compiled) == 1


def test_second_launch_touches_neither_compiler_nor_disk(monkeypatch):
    a = rand((32, 96))
    c = np.zeros_like(a)
    add[1](a, a, c)
    from ttlang.launch import cache

    def fail(*args, **kwargs):
        raise AssertionError("the second launch went to the disk cache")

    monkeypatch.setattr(cache, "lookup", fail)
    monkeypatch.setattr(cache, "store", fail)
    add[3](a, a, c)
    np.testing.assert_allclose(c, 2 * a)


def test_disk_cache_is_keyed_and_corruption_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("TTLANG_CACHE_DIR", str(tmp_path))

    @tt.kernel
    def neg(a, c):
        for t in tt.program_range(c.num_tiles):
            c[t] = -a[t]

    a = rand((32, 32))
    c = np.zeros_like(a)
    ck = neg[1](a, c)
    np.testing.assert_array_equal(c, -a)
    entry = ck.dir
    assert entry.parent == tmp_path / "kernels"
    good = (entry / "compute.cpp").read_text()
    (entry / "compute.cpp").write_text(good[: len(good) // 2])  # a truncated entry on disk
    neg._compiled.clear()  # a new process would see only the disk
    c[:] = 0
    ck2 = neg[1](a, c)
    assert ck2.dir == entry and (entry / "compute.cpp").read_text() == good  # rebuilt, not loaded
    np.testing.assert_array_equal(c, -a)


def test_disk_cache_key_covers_every_specialisation_field(tmp_path, monkeypatch):
    """A (1, 1) tensor broadcasts (its block is a scalar) and a (32, 32) one does not: the same
    kernel compiles differently, and a new process must not load one for the other."""
    monkeypatch.setenv("TTLANG_CACHE_DIR", str(tmp_path))

    @tt.kernel
    def row_max(x, out):
        for i in tt.program_range(x.tile_shape[0]):
            out[i, 0] = tt.max(x[i : i + 1, 0:1] + 1.0, axis=1, keepdims=True)

    small, big = rand((1, 1)), rand((32, 32))
    out = np.zeros((1, 1), np.float32)
    ck_small = row_max[1](small, out)
    row_max._compiled.clear()  # a new process would see only the disk
    out = np.zeros((32, 1), np.float32)
    ck_big = row_max[1](big, out)
    assert ck_big.key != ck_small.key
    np.testing.assert_allclose(out, big.max(axis=1, keepdims=True) + 1.0, rtol=1e-6)


def test_disk_cache_key_covers_the_runtime_library_the_host_program_links(tmp_path, monkeypatch):
    """host.so finds libttlang_rt.so by the absolute path the process first used (its rpath). A
    process whose runtime was pinned under another TTLANG_CACHE_DIR (a test's cold cache) used to
    store entries that a later process loaded and failed to dlopen once that runtime was gone."""
    from ttlang import arch as arch_mod
    from ttlang.launch import backend as backend_mod

    monkeypatch.setenv("TTLANG_CACHE_DIR", str(tmp_path))
    backend = backend_mod.get("emulator")
    specs = add._spec({"a": rand((32, 32)), "b": rand((32, 32)), "c": rand((32, 32))}, None)
    key = add._key(specs, (), arch_mod.get(None), backend)
    monkeypatch.setitem(backend.__dict__, "runtime_dir", tmp_path / "another" / "runtime")
    assert add._key(specs, (), arch_mod.get(None), backend) != key


def test_bfloat16_results_are_written_into_the_callers_array():
    a = rand((33, 65), BF16)
    b = rand((33, 65), BF16, seed=1)
    c = np.zeros((33, 65), BF16)
    view = np.zeros((66, 130), BF16)[::2, ::2]  # a strided output view
    add[(1, 2)](a, b, c)
    add[(1, 2)](a, b, view)
    expected = (a.astype(np.float32) + b.astype(np.float32)).astype(BF16)
    np.testing.assert_array_equal(c, expected)
    np.testing.assert_array_equal(view, expected)


def test_concurrent_launches_from_threads():
    results = {}

    def work(i):
        a = rand((64, 64), seed=i)
        c = np.zeros_like(a)
        add[4](a, a, c)
        results[i] = np.array_equal(c, 2 * a)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {0: True, 1: True, 2: True, 3: True}


def test_missing_compiler_is_a_clear_error(tmp_path):
    import subprocess
    import sys

    script = (
        "import numpy as np, ttlang as tt\n"
        "@tt.kernel\n"
        "def k(a, c):\n"
        "    c[0] = a[0]\n"
        "try:\n"
        "    k[1](np.ones((32, 32), np.float32), np.zeros((32, 32), np.float32))\n"
        "except tt.TTLangToolchainError as e:\n"
        "    print('ERROR', e)\n"
    )
    (tmp_path / "k.py").write_text(script)
    env = dict(
        __import__("os").environ, TTLANG_CACHE_DIR=str(tmp_path / "cache"), TTEMU_CXX="no-such-g++"
    )
    proc = subprocess.run(
        [sys.executable, str(tmp_path / "k.py")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert (
        "ERROR toolchain error: ttlang needs a C++20 compiler: 'no-such-g++' was not found on PATH"
        in proc.stdout
    )
    assert "Traceback" not in proc.stderr


def test_a_kernel_storing_into_no_tensor_warns_at_the_kernel(tmp_path, monkeypatch):
    """Compiling it, or loading it from the disk cache in a new process: a warning at the
    kernel's def line that its launches have no effect. A kernel that stores does not warn."""
    monkeypatch.setenv("TTLANG_CACHE_DIR", str(tmp_path))

    @tt.kernel
    def reads_only(a, c):
        for t in tt.program_range(c.num_tiles):
            x = a[t] * 2.0  # noqa: F841 (never stored)

    a = rand((32, 64))
    for _ in range(2):  # compiled, then (a new process would see only the disk) loaded
        reads_only._compiled.clear()
        with pytest.warns(tt.TTLangWarning, match="stores into no tensor") as record:
            reads_only.compile(a, a)
        (w,) = [r for r in record if issubclass(r.category, tt.TTLangWarning)]
        assert (w.filename, w.lineno) == (HERE, _line(reads_only, "def reads_only"))
        assert "its launches have no effect" in str(w.message)
        assert "^" in str(w.message).splitlines()[2]
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", tt.TTLangWarning)
        add.compile(a, a, np.zeros_like(a))
