"""tt.export and `python -m ttlang export`: the standalone project they write, built with CMake
and run on the emulator (-DTTLANG_EMULATOR=ON) and against a TT-Metalium package (the stand-in
of standin.py, so through find_package(TT-Metalium)), its outputs checked against numpy."""

from __future__ import annotations

import inspect
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import ml_dtypes
import numpy as np
import pytest

import ttlang as tt
from tests.helpers import BF16, check, rand
from ttlang.__main__ import main as cli

HERE = __file__
REPO = Path(tt.__file__).resolve().parent.parent


@tt.kernel
def fused(a, b, c, s, n: tt.constexpr):
    for t in tt.program_range(c.num_tiles):
        c[t] = a[t] * s + b[t] + n


def reference(a, b, s, n):
    return a.astype(np.float32) * np.float32(s) + b.astype(np.float32) + n


def _args(rows=70, cols=100):
    """float32 a, bfloat16 b, float32 output c: a shape that is not a multiple of 32."""
    return (
        rand((rows, cols), seed=1),
        rand((rows, cols), BF16, seed=2),
        np.zeros((rows, cols), np.float32),
    )


def _read(path: Path, dtype, shape) -> np.ndarray:
    return np.fromfile(path, dtype=dtype).reshape(shape)


def test_export_writes_a_standalone_project(tmp_path):
    a, b, c = _args()
    out = tt.export(fused, (2, 2), a, b, c, 0.5, 3, out_dir=tmp_path / "proj")
    assert out == tmp_path / "proj"
    for f in (
        "CMakeLists.txt",
        "README.md",
        "main.cpp",
        "host.cpp",
        "kernels/reader.cpp",
        "kernels/compute.cpp",
        "kernels/writer.cpp",
        "runtime/ttlang_runtime.hpp",
        "runtime/ttlang_runtime.cpp",
        "data/manifest.json",
    ):
        assert (out / f).is_file(), f
    ck = fused.compile(a, b, c, 0.5, 3)
    assert (out / "host.cpp").read_text() == ck.host  # exactly what ttlang runs
    for role in ("reader", "compute", "writer"):
        assert (out / "kernels" / f"{role}.cpp").read_text() == ck.source(role)

    np.testing.assert_array_equal(_read(out / "data/inputs/a.bin", np.float32, a.shape), a)
    np.testing.assert_array_equal(_read(out / "data/inputs/b.bin", BF16, b.shape), b)
    np.testing.assert_array_equal(_read(out / "data/inputs/c.bin", np.float32, c.shape), c)
    expected = _read(out / "data/expected/c.bin", np.float32, c.shape)
    check(expected, reference(a, b, 0.5, 3), np.float32)
    assert not (out / "data/expected/a.bin").exists()  # only what the kernel stores
    assert np.all(c == 0)  # the caller's arrays are left alone

    m = json.loads((out / "data/manifest.json").read_text())
    assert (m["kernel"], m["arch"], m["grid"], m["num_programs"]) == (
        "fused",
        "wormhole_b0",
        [2, 2],
        [2, 2],
    )
    assert m["cores"] == [[0, 0], [1, 0], [0, 1], [1, 1]]
    assert m["program_ids"] == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert [(t["name"], t["dtype"], t["rows"], t["cols"], t["output"]) for t in m["tensors"]] == [
        ("a", "float32", 70, 100, False),
        ("b", "bfloat16", 70, 100, False),
        ("c", "float32", 70, 100, True),
    ]
    assert m["scalars"] == [{"name": "s", "kind": "float", "value": "0.5", "word": 0x3F000000}]
    assert m["constexprs"] == {"n": "3"}
    main = (out / "main.cpp").read_text()
    assert "1056964608u,  // s = 0.5 (float)" in main
    assert "constexpr bool kHaveExpected = true;" in main
    cmake = (out / "CMakeLists.txt").read_text()
    assert "find_package(TT-Metalium REQUIRED" in cmake and "TT::Metalium" in cmake
    assert "option(TTLANG_EMULATOR" in cmake and "-m ttlang.emulator --cmake" in cmake


def test_export_without_expected_outputs(tmp_path):
    a, b, c = _args(32, 32)
    out = tt.export(fused, 1, a, b, c, 1.0, 0, out_dir=tmp_path / "p", expected=False)
    assert not (out / "data/expected").exists()
    assert "constexpr bool kHaveExpected = false;" in (out / "main.cpp").read_text()
    assert json.loads((out / "data/manifest.json").read_text())["tensors"][2]["expected"] is None


def test_export_errors_are_located_at_the_call(tmp_path):
    a, b, c = _args(32, 32)
    with pytest.raises(tt.TTLangLaunchError) as info:
        tt.export(fused, (9, 9), a, b, c, 1.0, 0, out_dir=tmp_path / "p")  # too large
    lines, first = inspect.getsourcelines(test_export_errors_are_located_at_the_call)
    line = first + next(i for i, x in enumerate(lines) if "# too large" in x)
    assert str(info.value).startswith(f"{HERE}:{line}:") and "larger than" in str(info.value)
    with pytest.raises(tt.TTLangLaunchError, match="takes 5 argument"):
        tt.export(fused, 1, a, b, out_dir=tmp_path / "p")
    with pytest.raises(tt.TTLangLaunchError, match="takes a @tt.kernel function"):
        tt.export(reference, 1, a, b, out_dir=tmp_path / "p")
    assert not (tmp_path / "p").exists()


def _env(**extra) -> dict:
    """The environment for cmake and the built programs: this interpreter's scripts directory on
    PATH (cmake from pip lives there; a virtualenv's python may run without activating it)."""
    env = {**os.environ, **extra}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])
    env["PATH"] = os.pathsep.join([sysconfig.get_path("scripts"), env.get("PATH", "")])
    return env


def _build(src: Path, build: Path, *options: str, env: dict) -> Path:
    """cmake configure + build; the executable."""
    if shutil.which("cmake", path=env["PATH"]) is None:
        pytest.fail(
            "building an exported project needs cmake (apt install cmake, or pip install cmake)"
        )
    generator = ["-G", "Ninja"] if shutil.which("ninja", path=env["PATH"]) else []
    for cmd in (
        ["cmake", "-S", str(src), "-B", str(build), *generator, *options],
        ["cmake", "--build", str(build), "-j2"],
    ):
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
        assert proc.returncode == 0, f"{' '.join(cmd)}\n{proc.stdout}\n{proc.stderr}"
    return build / "ttlang_fused"


def _run(exe: Path, *args: str, env: dict, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(exe), *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=600
    )


def test_exported_project_builds_and_runs_on_the_emulator(tmp_path):
    a, b, c = _args()
    proj = tt.export(fused, (2, 2), a, b, c, 0.5, 3, out_dir=tmp_path / "proj")
    env = _env()
    exe = _build(
        proj,
        tmp_path / "build",
        "-DTTLANG_EMULATOR=ON",
        f"-DPython3_EXECUTABLE={sys.executable}",
        env=env,
    )
    run = _run(exe, env=env, cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "c: 70x100 float32 matches the expected output" in run.stdout
    assert run.stdout.rstrip().endswith("PASS")
    out = _read(tmp_path / "outputs/c.bin", np.float32, c.shape)
    np.testing.assert_array_equal(out, _read(proj / "data/expected/c.bin", np.float32, c.shape))
    check(out, reference(a, b, 0.5, 3), np.float32)

    # Other inputs of the same shapes: the program computes from its files (and no longer
    # matches the expected outputs of the export).
    a2 = rand(a.shape, seed=7)
    a2.tofile(proj / "data/inputs/a.bin")
    run = _run(exe, "--out", "second", env=env, cwd=tmp_path)
    assert run.returncode == 1 and run.stdout.rstrip().endswith("FAIL"), run.stdout
    assert "elements differ from the expected output" in run.stdout
    check(
        _read(tmp_path / "second/c.bin", np.float32, c.shape), reference(a2, b, 0.5, 3), np.float32
    )

    run = _run(exe, "--data", str(tmp_path / "nowhere"), env=env, cwd=tmp_path)
    assert run.returncode == 2 and "error: cannot open" in run.stderr


def test_exported_project_builds_against_a_TT_Metalium_package(tmp_path, standin_home):
    """Without -DTTLANG_EMULATOR the project finds TT-Metalium with find_package through
    TT_METAL_HOME (here the stand-in, whose TT::Metalium is the emulator) and hands CreateKernel
    the absolute paths of its kernels."""
    a, b, c = rand((64, 32), seed=3), rand((64, 32), BF16, seed=4), np.zeros((64, 32), np.float32)
    proj = tt.export(fused, 2, a, b, c, -1.5, 1, out_dir=tmp_path / "proj")
    log = tmp_path / "kernels.log"
    env = _env(TT_METAL_HOME=str(standin_home), TTLANG_TEST_KERNEL_LOG=str(log))
    exe = _build(proj, tmp_path / "build", env=env)
    run = _run(exe, env=env, cwd=tmp_path)
    assert run.returncode == 0 and "PASS" in run.stdout, run.stdout + run.stderr
    check(
        _read(tmp_path / "outputs/c.bin", np.float32, c.shape), reference(a, b, -1.5, 1), np.float32
    )
    kernels = (proj / "kernels").resolve()
    assert sorted(log.read_text().split()) == sorted(
        str(kernels / f"{r}.cpp") for r in ("compute", "reader", "writer")
    )


KERNEL_FILE = """\
import ttlang as tt


@tt.kernel
def fused(a, b, c, s, n: tt.constexpr):
    for t in tt.program_range(c.num_tiles):
        c[t] = a[t] * s + b[t] + n


not_a_kernel = 3
"""


def test_command_line_export(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cli_kernels.py").write_text(KERNEL_FILE)
    argv = [
        "export",
        "cli_kernels.py:fused",
        "--grid",
        "2x2",
        "--arg",
        "a=float32[40,70]",
        "--arg",
        "b=bfloat16[40,70]:rand",
        "--arg",
        "c=float32[40,70]:zeros",
        "--arg",
        "s=0.25",
        "--arg",
        "n=2",
        "--out",
        "proj",
    ]
    assert cli(argv) == 0
    assert "exported fused to proj" in capsys.readouterr().out
    proj = tmp_path / "proj"
    m = json.loads((proj / "data/manifest.json").read_text())
    assert (
        m["grid"] == [2, 2] and m["constexprs"] == {"n": "2"} and m["scalars"][0]["value"] == "0.25"
    )
    a = _read(proj / "data/inputs/a.bin", np.float32, (40, 70))
    b = _read(proj / "data/inputs/b.bin", ml_dtypes.bfloat16, (40, 70))
    assert a.std() > 0.5 and 0 <= b.astype(np.float32).min() and b.astype(np.float32).max() <= 1
    assert np.all(_read(proj / "data/inputs/c.bin", np.float32, (40, 70)) == 0)
    check(
        _read(proj / "data/expected/c.bin", np.float32, (40, 70)),
        reference(a, b, 0.25, 2),
        np.float32,
    )

    # The same command line writes the same data (--seed, default 0; each array from its own
    # stream), here with a module:name kernel and `a` and `b` from .npy files.
    np.save(tmp_path / "a.npy", a)
    np.save(tmp_path / "b.npy", b)  # bfloat16 comes back from np.load as 2-byte voids
    argv2 = [x.replace("cli_kernels.py:", "cli_kernels:").replace("proj", "proj2") for x in argv]
    argv2[argv2.index("a=float32[40,70]")] = "a=a.npy"
    argv2[argv2.index("b=bfloat16[40,70]:rand")] = "b=b.npy"
    assert cli(argv2) == 0
    for name in ("a", "b", "expected/c"):
        f = name if "/" in name else f"inputs/{name}"
        assert (proj / "data" / f"{f}.bin").read_bytes() == (
            tmp_path / "proj2/data" / f"{f}.bin"
        ).read_bytes()


@pytest.mark.parametrize(
    "change, status, message",
    [
        (("1", "2,2,2"), 2, "a grid has one or two dimensions"),
        (("1", "two"), 2, "expected N or ROWS,COLS"),
        (("cli_kernels.py:fused", "cli_kernels.py:nothing"), 2, "has no 'nothing'"),
        (("cli_kernels.py:fused", "cli_kernels.py:not_a_kernel"), 2, "not a @tt.kernel"),
        (("cli_kernels.py:fused", "missing.py:fused"), 2, "missing.py is not a file"),
        (("s=0.25", "s=float64[2,2]"), 2, "expected float32[R,C], bfloat16[R,C]"),
        (("a=float32[40,70]", "a=float32[40,70]:gauss"), 2, "unknown fill 'gauss'"),
        (("s=0.25", "s"), 2, "expected NAME=VALUE"),
        (("1", "9,9"), 1, "larger than the 8x8 core grid"),
        (("s=0.25", "t=0.25"), 1, "missing a required argument: 's'"),
    ],
)
def test_command_line_errors(tmp_path, monkeypatch, capsys, change, status, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cli_kernels.py").write_text(KERNEL_FILE)
    argv = ["export", "cli_kernels.py:fused", "--grid", "1", "--arg", "a=float32[40,70]"]
    argv += ["--arg", "b=float32[40,70]", "--arg", "c=float32[40,70]", "--arg", "s=0.25"]
    argv += ["--arg", "n=2", "--out", "proj"]
    old, new = change
    argv[argv.index(old)] = new
    assert cli(argv) == status
    err = capsys.readouterr().err
    assert message in err and "ttlang/__main__.py" not in err


def test_python_m_ttlang_entry_point():
    proc = subprocess.run(
        [sys.executable, "-m", "ttlang", "export", "--help"],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
    )
    assert proc.returncode == 0 and "NAME=VALUE" in proc.stdout and "--grid" in proc.stdout
