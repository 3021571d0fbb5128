"""Running a Python script in a child whose stderr is a pseudo-terminal (what a user at a terminal
sees), for the tests of progress lines."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys


def run_on_a_terminal(path: str, env: dict, timeout: float = 300) -> tuple[str, str]:
    """Runs the script at `path` with stderr on a pseudo-terminal: (its stdout, what the terminal
    showed). A child silent for `timeout` seconds is killed."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, str(path)], stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    shown = b""
    while True:
        ready, _, _ = select.select([master], [], [], timeout)
        if not ready:
            proc.kill()
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    out, _ = proc.communicate(timeout=timeout)
    return out.decode(), shown.decode(errors="replace")
