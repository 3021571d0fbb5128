"""docs/emulator.md's worked example, built and run exactly as the page says.

The page's fenced blocks carry titles: ```cpp title="main.cpp"``` is a file of the example,
```sh title="..."``` a list of commands run in the example's directory, ```text title="output"```
what the program prints. Each test writes the page's files into a fresh directory (they must be
the repository's tests/emulator/programs/eltwise_binary), runs one command block there with
bash, and expects the documented output. The pkg-config and CMake routes are skipped when the
tool is missing; the pkg-config file's content is checked against --cflags / --libs regardless.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from ttlang.emulator import __main__ as emulator_cli

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "emulator.md"
EXAMPLE = REPO / "tests" / "emulator" / "programs" / "eltwise_binary"
BLOCK = re.compile(r'^```(\w+) title="([^"]+)"\n(.*?)^```$', re.MULTILINE | re.DOTALL)


def blocks(lang: str) -> dict[str, str]:
    """The titled fenced blocks of the page in language `lang`, by title."""
    found = {title: body for kind, title, body in BLOCK.findall(DOC.read_text()) if kind == lang}
    assert found, f"{DOC} has no titled {lang} blocks"
    return found


def test_the_page_shows_the_repository_example():
    files = blocks("cpp")
    assert sorted(files) == [
        "kernels/compute.cpp",
        "kernels/reader.cpp",
        "kernels/writer.cpp",
        "main.cpp",
    ]
    for rel, text in files.items():
        assert text == (EXAMPLE / rel).read_text(), f"the page's {rel} differs from {EXAMPLE / rel}"


def python_shim(bin_dir: Path) -> Path:
    """A `python` in bin_dir that runs this interpreter. A script that execs it, not a symlink:
    a virtualenv's interpreter reached through a symlink in another directory does not find
    the environment's pyvenv.cfg and runs without its packages (no ttlang)."""
    shim = bin_dir / "python"
    shim.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} "$@"\n')
    shim.chmod(0o755)
    return shim


def test_python_shim_runs_this_interpreter_with_its_environment(tmp_path):
    """In a virtualenv too: the shim's interpreter sees the same sys.prefix (the environment,
    with its packages), which a symlink to a venv's python in another directory would not."""
    shim = python_shim(tmp_path)
    out = subprocess.run(
        [str(shim), "-c", "import sys, ttlang; print(sys.prefix)"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == sys.prefix


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:
    """The user's environment, with `python` being this interpreter (which has ttlang), and this
    interpreter's scripts directory on PATH, as in an activated virtualenv (cmake from pip)."""
    bin_dir = tmp_path_factory.mktemp("bin")
    python_shim(bin_dir)
    e = dict(os.environ)
    e["PATH"] = os.pathsep.join([str(bin_dir), sysconfig.get_path("scripts"), e.get("PATH", "")])
    e["TTEMU_CACHE_DIR"] = str(tmp_path_factory.mktemp("kernel_cache"))
    e.pop("PKG_CONFIG_PATH", None)
    return e


ROUTES = {"build and run": "g++", "pkg-config": "pkg-config", "cmake": "cmake"}


@pytest.mark.parametrize("route", list(ROUTES))
def test_worked_example_builds_and_runs_as_documented(route, env, tmp_path):
    if shutil.which(ROUTES[route], path=env["PATH"]) is None:
        pytest.skip(f"{ROUTES[route]} is not installed")
    commands = blocks("sh")[route]
    for rel, text in {**blocks("cpp"), **blocks("cmake")}.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    proc = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", commands],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, f"{commands}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    expected = blocks("text")["output"]
    assert proc.stdout.endswith(expected), f"expected\n{expected}\ngot\n{proc.stdout}"


def test_pkg_config_file_holds_the_documented_flags(capsys):
    """Cflags and Libs of --pc, with its variables expanded, are --cflags and --libs (asked in
    one process: the library directory names a hash of the emulator's sources)."""

    def cli(option: str) -> str:
        assert emulator_cli.main([option]) == 0
        return capsys.readouterr().out

    pc = cli("--pc")
    variables = dict(re.findall(r"^(\w+)=(.*)$", pc, re.MULTILINE))
    fields = dict(re.findall(r"^(\w+): (.*)$", pc, re.MULTILINE))
    assert {"Name", "Description", "Version", "Cflags", "Libs"} <= set(fields), pc
    assert fields["Name"] == "ttemu"

    def expand(text: str) -> list[str]:
        return shlex.split(re.sub(r"\$\{(\w+)\}", lambda m: variables[m[1]], text))

    assert expand(fields["Cflags"]) == cli("--cflags").split()
    assert expand(fields["Libs"]) == cli("--libs").split()
