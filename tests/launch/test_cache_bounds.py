"""The cache is bounded: the newest few versions of each library, a size cap with least recently
used eviction for kernels; what a running process uses is never evicted (tested across
processes); `python -m ttlang cache` lists it, `--clear` empties it."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

import ttlang as tt
from ttlang.emulator import build as emu_build
from ttlang.emulator import cachedir
from ttlang.launch import backend as backend_mod

pytestmark = pytest.mark.skipif(not hasattr(fcntl, "F_OFD_SETLK"), reason="needs OFD locks")

KERNEL = textwrap.dedent(
    """
    import sys
    import numpy as np
    import ttlang as tt

    @tt.kernel
    def scale(a, c, s: tt.constexpr):
        for t in tt.program_range(c.num_tiles):
            c[t] = a[t] * s

    a = np.ones((32, 64), np.float32)
    c = np.zeros_like(a)
    ck = scale[1](a, c, float(sys.argv[1]))
    assert c[0, 0] == float(sys.argv[1])
    print(ck.dir.name, flush=True)
    if len(sys.argv) > 2:  # hold the kernel (the process lives) until told to launch again
        sys.stdin.readline()
        c[:] = 0
        scale[1](a, c, float(sys.argv[1]))  # its emulator objects may be gone: loaded already
        print("again", c[0, 0], flush=True)
    """
)


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """An empty cache whose emulator and runtime libraries are this session's (linked, not
    rebuilt), made the cache of this process and of the children it starts."""
    lib = emu_build.lib_dir()
    rt = backend_mod.get("emulator")
    rt.runtime_lib  # noqa: B018 (built)
    root = tmp_path / "cache"
    (root / "emulator").mkdir(parents=True)
    (root / "runtime").mkdir()
    (root / "emulator" / lib.name).symlink_to(lib)
    (root / "runtime" / rt.runtime_dir.name).symlink_to(rt.runtime_dir)
    monkeypatch.setenv("TTLANG_CACHE_DIR", str(root))
    monkeypatch.delenv("TTEMU_CACHE_DIR", raising=False)
    return root


def _script(tmp_path: Path) -> Path:
    path = tmp_path / "scale.py"
    path.write_text(KERNEL)
    return path


def _fake(path: Path, size: int, age: float) -> Path:
    """An entry of `size` bytes last used `age` seconds ago."""
    if path.suffix == ".so":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"\0" * size)
    else:
        path.mkdir(parents=True)
        (path / "data").write_bytes(b"\0" * size)
    t = time.time() - age
    os.utime(path, (t, t))
    return path


def test_a_new_library_version_evicts_all_but_the_newest_few(tmp_path, monkeypatch):
    """Building a new emulator library (here with a stand-in compiler) leaves the
    TTLANG_CACHE_VERSIONS most recently used versions; another library's versions are counted
    apart."""
    from tests.launch.test_build_feedback import BUILD_LIB, fake_cxx

    root = tmp_path / "cache"
    old = [_fake(root / "emulator" / f"lib-{i:016x}", 1000, age=100 * (i + 1)) for i in range(4)]
    runtimes = [_fake(root / "runtime" / f"emulator-{i:016x}", 10, 100 * (i + 1)) for i in range(4)]
    env = {**os.environ, "TTLANG_CACHE_DIR": str(root), "TTEMU_CXX": fake_cxx(tmp_path)}
    env["TTLANG_CACHE_VERSIONS"] = "3"
    subprocess.run([sys.executable, "-c", BUILD_LIB], env=env, check=True, capture_output=True)
    libs = sorted(p.name for p in (root / "emulator").glob("lib-*"))
    assert len(libs) == 3 and old[0].name in libs and old[1].name in libs, libs
    assert not old[2].exists() and not old[3].exists()
    assert all(p.exists() for p in runtimes)  # no runtime was built


def test_versions_are_counted_per_library(tmp_path, monkeypatch):
    monkeypatch.setenv("TTLANG_CACHE_DIR", str(tmp_path))
    emu = [_fake(tmp_path / "runtime" / f"emulator-{i:016x}", 10, 10 * (i + 1)) for i in range(3)]
    met = [_fake(tmp_path / "runtime" / f"metalium-{i:016x}", 10, 10 * (i + 1)) for i in range(3)]
    removed = cachedir.evict_versions("runtime", "emulator", keep=1)
    assert [e.name for e in removed] == [emu[1].name, emu[2].name]
    assert emu[0].exists() and all(p.exists() for p in met)


def test_kernels_beyond_the_cap_are_evicted_least_recently_used_first(cache, monkeypatch):
    kernels, objects = cache / "kernels", cache / "emulator" / "kernels"
    old = _fake(kernels / ("a" * 32), 80_000, age=400)
    older_object = _fake(objects / ("b" * 16 + ".so"), 80_000, age=300)
    recent = _fake(kernels / ("c" * 32), 80_000, age=200)
    newest_object = _fake(objects / ("d" * 16 + ".so"), 80_000, age=100)
    # A compiled kernel is ~0.1 MB: with it, 0.3 MB leaves room for two of the four fakes.
    monkeypatch.setenv("TTLANG_CACHE_KERNELS_MB", "0.3")

    @tt.kernel
    def neg(a, c):
        for t in tt.program_range(c.num_tiles):
            c[t] = -a[t]

    ck = neg.compile(np.ones((32, 32), np.float32), np.ones((32, 32), np.float32))
    assert ck.dir.parent == kernels and ck.dir.exists()
    assert not old.exists() and not older_object.exists()
    assert recent.exists() and newest_object.exists()
    total = sum(e.size for e in cachedir.entries() if e.kind in ("kernel", "object"))
    assert total <= cachedir.kernels_cap()


def test_an_entry_in_use_by_another_process_survives_eviction(cache, tmp_path):
    """Process A launches a kernel and lives on; process B compiled another and ended. Eviction
    down to nothing removes B's kernel and both processes' emulator objects (loaded already) but
    not A's kernel, which A launches again; once A has ended its kernel goes too."""
    script = _script(tmp_path)
    a = subprocess.Popen(
        [sys.executable, str(script), "2.0", "hold"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        a_key = a.stdout.readline().strip()
        b = subprocess.run(
            [sys.executable, str(script), "3.0"], capture_output=True, text=True, check=True
        )
        b_key = b.stdout.strip()
        kernels = cache / "kernels"
        assert (kernels / a_key).is_dir() and (kernels / b_key).is_dir()
        assert list((cache / "emulator" / "kernels").glob("*.so"))
        removed = {e.name for e in cachedir.evict_kernels(cap=0)}
        assert b_key in removed and a_key not in removed
        assert (kernels / a_key / "reader.cpp").is_file() and not (kernels / b_key).exists()
        assert not list((cache / "emulator" / "kernels").glob("*.so"))
        a.stdin.write("\n")
        a.stdin.flush()
        assert a.stdout.readline() == "again 2.0\n"
    finally:
        a.stdin.close()
        a.wait(timeout=120)
    assert a.returncode == 0
    assert a_key in {e.name for e in cachedir.evict_kernels(cap=0)}
    assert not (kernels / a_key).exists()


def test_the_emulator_waits_while_an_object_is_being_evicted(cache, tmp_path):
    """While an eviction holds its exclusive lock (here on every byte of the objects' lock file),
    the emulator's JIT does not touch an object; it goes on once the lock is released."""
    objects = cache / "emulator" / "kernels"
    objects.mkdir(parents=True)
    fd = os.open(objects / cachedir.LOCK_FILE, os.O_RDWR | os.O_CREAT)
    assert cachedir._setlock(fd, fcntl.F_WRLCK, 0, 1 << 62)
    proc = subprocess.Popen(
        [sys.executable, str(_script(tmp_path)), "2.0"], stdout=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 120
        while not list((cache / "kernels").glob("*/host.so")) and time.monotonic() < deadline:
            time.sleep(0.2)  # compiling the kernel and its host program
        assert proc.poll() is None
        time.sleep(3)  # launched: waiting for the lock before the emulator compiles its objects
        assert proc.poll() is None and not list(objects.glob("*.so"))
    finally:
        os.close(fd)
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode == 0 and len(out.strip()) == 32
    assert len(list(objects.glob("*.so"))) == 3


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ttlang", "cache", *args], capture_output=True, text=True, check=True
    )


def test_cache_command_lists_and_clear_spares_what_is_in_use(cache, tmp_path):
    script = _script(tmp_path)
    subprocess.run([sys.executable, str(script), "3.0"], capture_output=True, check=True)
    (cache / "metalium-0.81.1").mkdir()
    (cache / "metalium-0.81.1" / "wheel.whl").write_bytes(b"\0" * 5000)
    shown = _cli().stdout
    assert shown.startswith(f"ttlang cache: {cache} (")
    assert "emulator library: 1 version(s)" in shown and "runtime: 1 version(s)" in shown
    assert "kernels: 1 compiled kernel(s)" in shown and "3 emulator kernel object(s)" in shown
    assert "other: metalium-0.81.1  4.9 KB" in shown
    holder = subprocess.Popen(
        [sys.executable, str(script), "2.0", "hold"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        held = holder.stdout.readline().strip()
        assert ", in use" in _cli().stdout
        out = _cli("--clear").stdout
        assert out.startswith("removed ") and f"kept {cache / 'kernels' / held}" in out
        assert [p.name for p in (cache / "kernels").iterdir() if p.is_dir()] == [held]
        assert not (cache / "metalium-0.81.1").exists()
        # The libraries the holder has loaded stay too.
        assert list((cache / "emulator").glob("lib-*")) and list((cache / "runtime").glob("*-*"))
    finally:
        holder.stdin.close()
        holder.wait(timeout=120)
    _cli("--clear")
    assert not [p for p in (cache / "kernels").iterdir() if p.is_dir()]
    assert not list((cache / "emulator").glob("lib-*"))
    assert "emulator library: 0 version(s)" in _cli().stdout
