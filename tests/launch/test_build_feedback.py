"""The one-time builds say what they do (terminal: a progress line, notebook: a message, elsewhere:
one log line); cache hits say nothing.

The emulator library's build is shown with a stand-in compiler (a script that writes empty
outputs) so the test runs in a second, not the build's 40: the code that reports is the real
build's, only the compiler differs (and so the cache key). The runtime library and precompiled
header are rebuilt for real into a temporary cache, reusing this session's emulator library.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import nbformat
import numpy as np
from nbclient import NotebookClient

import ttlang as tt
from tests.launch import terminal
from tests.test_tutorials import kernel_specs  # noqa: F401 (the notebook kernel, a fixture)
from ttlang.emulator import build as emu_build
from ttlang.emulator import feedback

FAKE_CXX = """\
#!/bin/sh
# Stands in for g++: writes an empty file where -o says, after a moment.
out=""
while [ $# -gt 0 ]; do
    if [ "$1" = "-o" ]; then out="$2"; fi
    shift
done
sleep 0.1
[ -n "$out" ] && : > "$out"
exit 0
"""

BUILD_LIB = "from ttlang.emulator import build\nbuild.lib_dir()\nprint('ok')\n"

LAUNCH = textwrap.dedent(
    """
    import numpy as np
    import ttlang as tt

    @tt.kernel
    def double(a, c):
        for t in tt.program_range(c.num_tiles):
            c[t] = a[t] * 2.0

    a = np.ones((32, 64), np.float32)
    c = np.zeros_like(a)
    double[1](a, c)
    print("ok", c[0, 0])
    """
)


def fake_cxx(tmp_path: Path) -> str:
    path = tmp_path / "fake-g++"
    path.write_text(FAKE_CXX)
    path.chmod(0o755)
    return str(path)


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("TTLANG_PROGRESS", "TTEMU_CXX")}
    return {**env, **extra}


def _script(text: str) -> str:
    """A file holding `text` (a kernel's source must be in a file)."""
    fd, path = tempfile.mkstemp(suffix=".py", prefix="build_feedback_")
    with os.fdopen(fd, "w") as f:
        f.write(text)
    return path


def run_on_a_terminal(script: str, env: dict, timeout: float = 300) -> tuple[str, str]:
    """Runs `script` in a child whose stderr is a pseudo-terminal: (its stdout, the terminal)."""
    path = _script(script)
    try:
        return terminal.run_on_a_terminal(path, env, timeout)
    finally:
        os.unlink(path)


def run_piped(script: str, env: dict) -> tuple[str, str]:
    path = _script(script)
    proc = subprocess.run(
        [sys.executable, path], capture_output=True, text=True, env=env, timeout=300
    )
    os.unlink(path)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout, proc.stderr


def test_first_build_shows_a_progress_line_on_a_terminal_and_a_cache_hit_is_silent(tmp_path):
    env = _env(TTLANG_CACHE_DIR=str(tmp_path / "cache"), TTEMU_CXX=fake_cxx(tmp_path))
    out, shown = run_on_a_terminal(BUILD_LIB, env)
    assert out == "ok\n", shown
    n = len(list(emu_build.SRC_DIR.rglob("*.cpp")))
    assert re.search(
        rf"\rttlang: building the emulator library libttemu\.so \(once per version, about "
        rf"\d+ (s|min)\): [0-9]+/{n} files, \d+ s\x1b\[K",
        shown,
    ), shown
    assert re.search(
        r"\rttlang: built the emulator library libttemu\.so in \d+ s\x1b\[K\r?\n$", shown
    ), shown
    # How long it took is what the next build of a new version announces.
    times = json.loads((tmp_path / "cache" / feedback.TIMES_FILE).read_text())
    assert times["emulator"] >= 0.1
    out, shown = run_on_a_terminal(BUILD_LIB, env)
    assert (out, shown) == ("ok\n", "")


def test_first_build_off_a_terminal_is_one_log_line(tmp_path):
    cache = tmp_path / "cache"
    env = _env(TTLANG_CACHE_DIR=str(cache), TTEMU_CXX=fake_cxx(tmp_path))
    _, err = run_piped(BUILD_LIB, env)
    (line,) = err.splitlines()
    assert re.fullmatch(
        rf"ttlang: building the emulator library libttemu\.so into {re.escape(str(cache))}"
        r"/emulator/lib-[0-9a-f]{16} \(once per version, about \d+ (s|min)\)",
        line,
    ), err
    assert run_piped(BUILD_LIB, env) == ("ok\n", "")


def test_first_build_turned_off(tmp_path):
    env = _env(
        TTLANG_CACHE_DIR=str(tmp_path / "cache"), TTEMU_CXX=fake_cxx(tmp_path), TTLANG_PROGRESS="0"
    )
    out, shown = run_on_a_terminal(BUILD_LIB, env)
    assert (out, shown) == ("ok\n", "")


def test_first_build_in_a_notebook_is_a_message(tmp_path, kernel_specs):  # noqa: F811
    from tests.test_tutorials import _kernel_env, _kernel_manager

    cache = tmp_path / "cache"
    cell = (
        "import os\n"
        f"os.environ['TTLANG_CACHE_DIR'] = {str(cache)!r}\n"
        f"os.environ['TTEMU_CXX'] = {fake_cxx(tmp_path)!r}\n"
        "os.environ.pop('TTLANG_PROGRESS', None)\n" + BUILD_LIB
    )
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell(cell))
    nb.cells.append(nbformat.v4.new_code_cell(BUILD_LIB))  # built: says nothing
    NotebookClient(nb, km=_kernel_manager(kernel_specs), timeout=300).execute(env=_kernel_env())

    def streams(i):
        outs = nb.cells[i].outputs
        return {
            name: "".join(o["text"] for o in outs if o.get("name") == name)
            for name in ("stdout", "stderr")
        }

    first = streams(0)
    assert first["stdout"] == "ok\n"
    assert re.fullmatch(
        r"ttlang: building the emulator library libttemu\.so \(once per version, about \d+ "
        r"(s|min)\); later launches reuse it\n"
        r"ttlang: built the emulator library libttemu\.so in \d+ s\n",
        first["stderr"],
    ), first
    assert streams(1) == {"stdout": "ok\n", "stderr": ""}


def test_runtime_build_is_shown_and_a_cached_launch_is_silent(tmp_path):
    """A real build of the runtime library and the precompiled header into an empty cache (the
    emulator library is this session's, linked in), then the same launch in a new process."""
    cache = tmp_path / "cache"
    lib = emu_build.lib_dir()
    (cache / "emulator").mkdir(parents=True)
    (cache / "emulator" / lib.name).symlink_to(lib)
    env = _env(TTLANG_CACHE_DIR=str(cache))
    out, shown = run_on_a_terminal(LAUNCH, env)
    assert out == "ok 2.0\n", shown
    assert re.search(
        r"\rttlang: building the emulator runtime library and precompiled header \(once per "
        r"version, about \d+ (s|min)\): \d+ s",
        shown,
    ), shown
    assert re.search(
        r"\rttlang: built the emulator runtime library and precompiled header in \d+ s\x1b\[K\r?\n$",
        shown,
    ), shown
    assert "emulator library" not in shown  # already built
    out, shown = run_on_a_terminal(LAUNCH, env)
    assert (out, shown) == ("ok 2.0\n", "")


def test_estimate_is_the_last_build_else_the_default_shared_among_cores(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    assert feedback.estimate(tmp_path, "emulator", parallel=17) == (
        feedback.DEFAULT_CPU_SECONDS["emulator"] / 4
    )
    assert feedback.estimate(tmp_path, "runtime") == feedback.DEFAULT_CPU_SECONDS["runtime"]
    feedback._record(tmp_path, "emulator", 12.34)
    assert feedback.estimate(tmp_path, "emulator", parallel=17) == 12.3


WARM = textwrap.dedent(
    """
    import numpy as np
    import ttlang as tt

    @tt.kernel
    def copy(a, c):
        c[0] = a[0]

    a = np.ones((32, 32), np.float32)
    c = np.zeros_like(a)
    copy[1](a, c)
    """
)


def test_a_launch_from_the_cache_prints_nothing():
    # Everything built by a process of its own: this process's runtime may be pinned under
    # another cache directory (the first launch in a process fixes it, and an earlier test may
    # have launched under a temporary TTLANG_CACHE_DIR).
    env = _env()
    run_piped(WARM, env)
    assert run_piped(LAUNCH, env)[1] == ""  # compiles a kernel, builds no library
    assert run_piped(LAUNCH, env) == ("ok 2.0\n", "")
