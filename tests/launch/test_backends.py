"""Backends: how one is chosen, and the metalium backend up to the point of running on a
Tenstorrent device (this machine has none): the errors without an installation or a device, the
command lines it derives from TT_METAL_HOME, and its whole build and launch path against a
stand-in TT-Metalium whose libtt_metal.so is the emulator (tests/launch/standin.py). The test
that runs on real hardware is skipped here, with the reason."""

from __future__ import annotations

import inspect
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import ttlang as tt
from tests.helpers import rand
from tests.launch import standin
from ttlang.launch import backend as backend_mod
from ttlang.launch.backend import MetaliumBackend, MetaliumInstall

HERE = __file__
REPO = Path(tt.__file__).resolve().parent.parent


@tt.kernel
def add(a, b, c):
    for t in tt.program_range(c.num_tiles):
        c[t] = a[t] + b[t]


@tt.kernel(backend="emulator")
def add_on_emulator(a, b, c):
    for t in tt.program_range(c.num_tiles):
        c[t] = a[t] + b[t]


@tt.kernel(backend="metalium")
def add_on_metalium(a, b, c):
    for t in tt.program_range(c.num_tiles):
        c[t] = a[t] + b[t]


def _line(fn, needle):
    lines, first = inspect.getsourcelines(fn)
    return first + next(i for i, x in enumerate(lines) if needle in x)


@pytest.fixture
def no_device(monkeypatch, tmp_path):
    monkeypatch.setattr(backend_mod, "DEVICE_DIR", tmp_path / "dev" / "tenstorrent")


@pytest.fixture
def no_installation(monkeypatch):
    monkeypatch.delenv("TT_METAL_HOME", raising=False)


def test_the_emulator_is_the_default_and_TTLANG_BACKEND_overrides_it(monkeypatch):
    monkeypatch.delenv("TTLANG_BACKEND", raising=False)
    assert backend_mod.get().name == "emulator"
    monkeypatch.setenv("TTLANG_BACKEND", "metalium")
    assert backend_mod.get().name == "metalium"
    assert backend_mod.get("emulator").name == "emulator"


def test_the_decorators_backend_wins_over_TTLANG_BACKEND(monkeypatch, no_device, no_installation):
    monkeypatch.setenv("TTLANG_BACKEND", "metalium")
    a = rand((32, 64))
    c = np.zeros_like(a)
    add_on_emulator[1](a, a, c)
    np.testing.assert_array_equal(c, a + a)
    with pytest.raises(tt.TTLangToolchainError, match="TT_METAL_HOME is not set"):
        add[1](a, a, c)  # no backend of its own: TTLANG_BACKEND's


def test_unknown_backends(monkeypatch):
    with pytest.raises(ValueError, match="unknown backend 'cuda': expected one of emulator, metal"):
        tt.kernel(backend="cuda")(add.fn)
    monkeypatch.setenv("TTLANG_BACKEND", "cuda")
    a = rand((32, 32))
    with pytest.raises(tt.TTLangToolchainError, match="unknown backend 'cuda'.*'metalium'"):
        add[1](a, a, a.copy())


def test_unknown_fidelities_and_archs_are_refused_at_the_decorator():
    with pytest.raises(ValueError, match="unknown math_fidelity 'HiFi9': expected one of LoFi, HiFi2, HiFi3, HiFi4"):
        tt.kernel(math_fidelity="HiFi9")(add.fn)
    with pytest.raises(ValueError, match="unknown architecture 'foo'"):
        tt.kernel(arch="foo")(add.fn)


def test_metalium_without_installation_or_device_fails_at_once(no_device, no_installation):
    a = rand((32, 32))
    c = np.zeros_like(a)
    with pytest.raises(tt.TTLangToolchainError) as info:
        add_on_metalium[1](a, a, c)  # launch
    text = str(info.value)
    launch_line = _line(test_metalium_without_installation_or_device_fails_at_once, "# launch")
    assert text.startswith(f"{HERE}:{launch_line}:"), text  # at the launch, with its line
    assert "TT_METAL_HOME is not set" in text
    assert f"{backend_mod.DEVICE_DIR}/ has no devices" in text and "tt-kmd" in text
    for how in ("git clone", "./build_metal.sh", "export TT_METAL_HOME", 'backend="emulator"'):
        assert how in text
    assert "/ttlang/" not in text  # no internals, no compiler output
    assert not add_on_metalium._compiled  # it failed before compiling anything
    assert np.all(c == 0)
    with pytest.raises(tt.TTLangToolchainError, match="TT_METAL_HOME is not set"):
        add_on_metalium.compile(a, a, c)  # compiling needs the installation (not a device)


def test_metalium_with_an_installation_but_no_device(tmp_path, monkeypatch, no_device):
    home = standin.layout(tmp_path / "tt-metal")
    monkeypatch.setenv("TT_METAL_HOME", str(home))
    a = rand((32, 32))
    with pytest.raises(tt.TTLangToolchainError) as info:
        add_on_metalium[1](a, a, a.copy())
    missing = [x for x in str(info.value).splitlines() if x.startswith("  - ")]
    assert len(missing) == 1 and "has no devices" in missing[0]  # only the device


@pytest.mark.parametrize(
    "piece", [rel for rel, _ in backend_mod.REQUIRED_HEADERS] + ["build/lib/libtt_metal.so"]
)
def test_each_missing_piece_of_an_installation_is_named(tmp_path, piece):
    home = standin.layout(tmp_path / "tt-metal")
    p = home / piece
    shutil.rmtree(p) if p.is_dir() else p.unlink()
    with pytest.raises(tt.TTLangToolchainError) as info:
        MetaliumInstall.find({"TT_METAL_HOME": str(home)})
    text = str(info.value)
    missing = [x for x in text.splitlines() if x.startswith("  - ")]
    assert len(missing) == 1 and str(p) in missing[0], text
    assert "./build_metal.sh" in text


def test_TT_METAL_HOME_that_is_not_a_directory(tmp_path):
    with pytest.raises(tt.TTLangToolchainError, match=r"TT_METAL_HOME=\S+/nowhere is not a dir"):
        MetaliumInstall.find({"TT_METAL_HOME": str(tmp_path / "nowhere")})


def test_metalium_command_lines_come_from_TT_METAL_HOME(tmp_path):
    home = standin.layout(tmp_path / "tt-metal")
    env = {"TT_METAL_HOME": str(home), "TTLANG_METALIUM_CXXFLAGS": "-DEXTRA=1 -I/opt/extra"}
    b = MetaliumBackend(env)
    host = b.host_command(Path("/k/host.cpp"), Path("/k/host.so"))
    includes = [x[2:] for x in host if x.startswith("-I")]
    assert includes[:5] == [
        str(home / "tt_metal/api"),  # <tt-metalium/host_api.hpp>
        str(home / "tt_metal/hostdevcommon/api"),  # <hostdevcommon/...>
        str(home / "tt_stl"),  # <tt_stl/span.hpp>
        str(home / "tt_metal/third_party/umd/device/api"),  # <umd/device/...>
        str(home),
    ]
    cpm = home / ".cpmcache"
    for d in ("fmt/1a2b3c/include", "nlohmann_json/4d5e6f/include", "enchantum/777777/include"):
        assert str(cpm / d) in includes
    assert str(cpm / "reflect/0f0f0f") in includes  # its header sits at the top
    assert not any("googletest" in x for x in includes)
    assert str(home / "tt_metal/third_party/tracy/public") in includes
    assert str(backend_mod.RUNTIME_DIR) in includes  # ttlang_runtime.hpp
    assert "/opt/extra" in includes and "-DEXTRA=1" in host
    assert "-DFMT_HEADER_ONLY" in host
    assert "-DTTLANG_EMULATOR" not in host and "-lttemu" not in host
    assert not any(str(backend_mod.emu_build.INCLUDE_DIR) in x for x in host)
    lib = home / "build/lib"
    assert host[-3:] == [f"-L{lib}", "-ltt_metal", f"-Wl,-rpath,{lib}"]
    assert f"-L{b.runtime_dir}" in host and "-lttlang_rt" in host
    assert b.runtime_dir.name.startswith("metalium-")
    rt = b.runtime_command(Path("/r/libttlang_rt.so"))
    assert str(backend_mod.RUNTIME_DIR / "ttlang_runtime.cpp") in rt
    assert rt[-3:] == host[-3:] and "-DTTLANG_EMULATOR" not in rt

    emu = backend_mod.get("emulator").host_command(Path("/k/host.cpp"), Path("/k/host.so"))
    assert "-DTTLANG_EMULATOR" in emu and "-lttemu" in emu and "-ltt_metal" not in emu


def test_metalium_headers_from_a_CPM_cache_elsewhere(tmp_path):
    home = standin.layout(tmp_path / "tt-metal")
    other = tmp_path / "cpm"
    (other / "spdlog/abcdef/include").mkdir(parents=True)
    install = MetaliumInstall.find({"TT_METAL_HOME": str(home), "CPM_SOURCE_CACHE": str(other)})
    assert home / ".cpmcache/fmt/1a2b3c/include" in install.include_dirs  # the checkout's
    assert other / "spdlog/abcdef/include" in install.include_dirs  # and $CPM_SOURCE_CACHE's


def test_metalium_library_in_build_Release_and_build_id(tmp_path):
    home = standin.layout(tmp_path / "tt-metal", lib_dir="build_Release/lib")
    b = MetaliumBackend({"TT_METAL_HOME": str(home)})
    assert b.install.lib_dir == home / "build_Release/lib"
    first = b.build_id
    lib = home / "build_Release/lib/libtt_metal.so"
    lib.write_bytes(b"rebuilt")  # a rebuilt TT-Metalium: host programs are rebuilt too
    assert MetaliumBackend({"TT_METAL_HOME": str(home)}).build_id != first


STANDIN_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    import numpy as np
    import ttlang as tt
    from ttlang.launch import backend

    backend.DEVICE_DIR = Path(sys.argv[1])  # no device yet

    @tt.kernel(backend="metalium")
    def fma(a, b, c, s):
        for t in tt.program_range(c.num_tiles):
            c[t] = a[t] * s + b[t]

    rng = np.random.default_rng(0)
    a, b = (rng.standard_normal((70, 100)).astype(np.float32) for _ in range(2))
    c = np.zeros_like(a)
    ck = fma.compile(a, b, c, 0.5)  # building needs the installation, not a device
    out = {"dir": str(ck.dir)}
    try:
        fma[(2, 2)](a, b, c, 0.5)
    except tt.TTLangToolchainError as e:
        out["no_device"] = str(e)
    backend.DEVICE_DIR.mkdir(parents=True)
    (backend.DEVICE_DIR / "0").touch()
    fma[(2, 2)](a, b, c, 0.5)
    out["max_error"] = float(np.abs(c - (a * np.float32(0.5) + b)).max())
    print(json.dumps(out))
    """
)


def _readelf_needed(so: Path) -> list[str]:
    text = subprocess.run(["readelf", "-d", str(so)], capture_output=True, text=True).stdout
    return [x.split("[")[1].split("]")[0] for x in text.splitlines() if "(NEEDED)" in x]


def test_metalium_backend_builds_and_launches_on_a_standin(tmp_path, standin_home):
    """The metalium path end to end (host program and runtime built against TT_METAL_HOME and
    linked to its libtt_metal.so, the device check, the launch), with the emulator standing in
    for TT-Metalium; CreateKernel is handed absolute paths to the generated kernels."""
    log = tmp_path / "kernels.log"
    env = {
        **os.environ,
        "TT_METAL_HOME": str(standin_home),
        "TTLANG_TEST_KERNEL_LOG": str(log),
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    env.pop("TTLANG_BACKEND", None)
    script = tmp_path / "run_metalium.py"
    script.write_text(STANDIN_SCRIPT)
    proc = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "dev")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.splitlines()[-1])
    missing = [x for x in out["no_device"].splitlines() if x.startswith("  - ")]
    assert len(missing) == 1 and "has no devices" in missing[0]  # the installation is complete
    assert out["max_error"] < 1e-6
    entry = Path(out["dir"])
    assert entry.is_absolute()
    handed = log.read_text().split()
    assert sorted(handed) == sorted(
        str(entry / f"{r}.cpp") for r in ("reader", "compute", "writer")
    )
    assert all(Path(p).is_absolute() and Path(p).is_file() for p in handed)
    needed = _readelf_needed(entry / "host.so")
    assert "libtt_metal.so" in needed and "libttemu.so" not in needed


def _hardware_problem() -> str | None:
    problems = backend_mod._install_problems(os.environ)
    device = backend_mod.device_problem()
    return "; ".join(problems + ([device] if device else [])) or None


@pytest.mark.hardware
@pytest.mark.skipif(
    _hardware_problem() is not None,
    reason=f"needs TT-Metalium and a Tenstorrent device: {_hardware_problem()}",
)
def test_metalium_on_a_tenstorrent_device():
    a, b = rand((100, 300), seed=1), rand((100, 300), seed=2)
    c = np.zeros_like(a)
    add_on_metalium[(2, 4)](a, b, c)
    np.testing.assert_allclose(c, a + b, rtol=1e-6)
