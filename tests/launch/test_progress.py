"""Progress of long launches: shown on a terminal (or when forced), quiet otherwise."""

from __future__ import annotations

import os
import re
import sys
import textwrap

import numpy as np
import pytest

import ttlang as tt
from tests.launch import terminal

SLOW = """
import numpy as np
import ttlang as tt

@tt.kernel
def slow(a, c, n):
    for t in tt.program_range(c.num_tiles):
        acc = a[t]
        for _i in range(n):
            acc = acc * 0.5 + a[t]
        c[t] = acc
"""
N = 600_000  # iterations: about a second on one core


@tt.kernel
def slow(a, c, n):  # as in SLOW, for the launches in this process
    for t in tt.program_range(c.num_tiles):
        acc = a[t]
        for _i in range(n):
            acc = acc * 0.5 + a[t]
        c[t] = acc


def run_slow():
    a = np.ones((32, 64), np.float32)
    c = np.zeros_like(a)
    slow[1](a, c, N)
    np.testing.assert_allclose(c, 2.0)


@pytest.fixture(scope="module", autouse=True)
def compiled():
    slow.compile(np.ones((32, 64), np.float32), np.ones((32, 64), np.float32), 1)


def test_forced_progress_is_printed_while_a_slow_launch_runs(monkeypatch, capsys):
    monkeypatch.setenv("TTLANG_PROGRESS", "1")
    monkeypatch.setenv("TTLANG_PROGRESS_DELAY", "0")
    run_slow()
    err = capsys.readouterr().err
    assert re.search(
        r"ttlang: kernel 'slow' 0/1 cores done, [012]/2 tiles written, \d+ s\n", err
    ), err
    assert "ttlang: kernel 'slow' finished in" in err


@pytest.mark.parametrize("flag", [None, "0"])
def test_quiet_when_stderr_is_not_a_terminal_or_turned_off(monkeypatch, capsys, flag):
    if flag is None:
        monkeypatch.delenv("TTLANG_PROGRESS", raising=False)
    else:
        monkeypatch.setenv("TTLANG_PROGRESS", flag)
    monkeypatch.setenv("TTLANG_PROGRESS_DELAY", "0")
    run_slow()
    assert "ttlang:" not in capsys.readouterr().err


def run_on_a_terminal(tmp_path, env: dict) -> str:
    """Runs the slow launch in a child whose stderr is a pseudo-terminal; returns what it wrote."""
    script = tmp_path / "slow_launch.py"
    script.write_text(
        SLOW
        + textwrap.dedent(
            f"""
            a = np.ones((32, 64), np.float32)
            c = np.zeros_like(a)
            slow[1](a, c, {N})
            print("ok", c[0, 0])
            """
        )
    )
    base = {k: v for k, v in os.environ.items() if k != "TTLANG_PROGRESS"}
    env = {**base, "TTLANG_PROGRESS_DELAY": "0", **env}
    stdout, shown = terminal.run_on_a_terminal(script, env)
    assert stdout.startswith("ok 2.0"), (stdout, shown)
    return shown


def test_progress_on_a_terminal(tmp_path):
    shown = run_on_a_terminal(tmp_path, {})
    assert "\rttlang: kernel 'slow' 0/1 cores done" in shown, shown
    assert "ttlang: kernel 'slow' finished in" in shown


def test_progress_on_a_terminal_turned_off(tmp_path):
    shown = run_on_a_terminal(tmp_path, {"TTLANG_PROGRESS": "0"})
    assert "ttlang:" not in shown, shown


def test_enabled_follows_the_flag_and_the_terminal(monkeypatch):
    from ttlang.launch import progress

    class Terminal:
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stderr", Terminal())
    monkeypatch.delenv("TTLANG_PROGRESS", raising=False)
    assert progress.enabled()
    monkeypatch.setenv("TTLANG_PROGRESS", "0")
    assert not progress.enabled()
    monkeypatch.setattr(sys, "stderr", None)
    monkeypatch.setenv("TTLANG_PROGRESS", "1")
    assert progress.enabled()
    monkeypatch.delenv("TTLANG_PROGRESS")
    assert not progress.enabled()
