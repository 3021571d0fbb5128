"""What a one-time build says while it runs.

The first launch after installing (or upgrading) ttlang builds the emulator library, the runtime
library and the host programs' precompiled header into the cache; that takes tens of seconds,
once per version. While it runs the user is told what is being built and roughly how long it
takes:

- on a terminal (stderr is a tty): a status line, redrawn in place twice a second,
  ``ttlang: building the emulator library (once per version, about 40 s): 5/17 files, 12 s``,
  replaced at the end by ``ttlang: built the emulator library in 38 s``;
- in a notebook (an IPython kernel is running): a message when the build starts and one when it
  ends (the cell's stderr output);
- anywhere else (CI, a log file): one line when the build starts.

Cache hits (every later launch) say nothing. TTLANG_PROGRESS=0 silences the builds too.

"Roughly how long" is the duration of the same build the last time it ran in this cache
(``<cache>/build-times.json``); before any build, a default measured on a 2-core x86-64 machine
with g++ 12, divided among the cores the build can use.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

INTERVAL = 0.5  # seconds between redraws of the terminal line

# CPU-seconds of each build measured on a 2-core x86-64 machine with g++ 12 (the emulator library:
# 17 sources compiled in parallel, ~39 s wall; the runtime library and precompiled header: ~8 s,
# one after the other). Used until this cache has timed a build of its own.
DEFAULT_CPU_SECONDS = {"emulator": 75.0, "runtime": 8.0}
TIMES_FILE = "build-times.json"


def mode() -> str:
    """How builds report: "off", "terminal", "notebook" or "log"."""
    flag = os.environ.get("TTLANG_PROGRESS", "").strip().lower()
    if flag in ("0", "false", "no", "off"):
        return "off"
    try:
        if sys.stderr is not None and sys.stderr.isatty():
            return "terminal"
    except (AttributeError, ValueError):  # replaced or closed stderr
        pass
    return "notebook" if _in_notebook() else "log"


def _in_notebook() -> bool:
    """Whether this process is an IPython kernel (Jupyter, VS Code notebooks)."""
    if "ipykernel" not in sys.modules:
        return False
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and hasattr(shell, "kernel")


def _times_path(cache: Path) -> Path:
    return cache / TIMES_FILE


def estimate(cache: Path, kind: str, parallel: int = 1) -> float:
    """Seconds the build `kind` will roughly take: its last duration in this cache, else the
    default CPU time shared among min(parallel, cores) workers."""
    try:
        last = json.loads(_times_path(cache).read_text()).get(kind)
        if isinstance(last, (int, float)) and last > 0:
            return float(last)
    except (OSError, ValueError, AttributeError):
        pass
    workers = max(1, min(parallel, os.cpu_count() or 1))
    return DEFAULT_CPU_SECONDS[kind] / workers


def _record(cache: Path, kind: str, seconds: float) -> None:
    path = _times_path(cache)
    try:
        times = json.loads(path.read_text())
        if not isinstance(times, dict):
            times = {}
    except (OSError, ValueError):
        times = {}
    times[kind] = round(seconds, 1)
    try:
        fd, tmp = tempfile.mkstemp(prefix=TIMES_FILE + ".", dir=cache)
        with os.fdopen(fd, "w") as f:
            json.dump(times, f)
        os.replace(tmp, path)
    except OSError:
        pass  # a timing hint, never a reason to fail a build


def _about(seconds: float) -> str:
    if seconds < 90:
        return f"about {max(1, round(seconds))} s"
    return f"about {round(seconds / 60)} min"


class Build:
    """One build being reported; `step()` counts the parts done (e.g. files compiled)."""

    def __init__(self, what: str, where: Path, about: float, steps: int, how: str):
        self.what = what
        self.where = where
        self.about = about
        self.steps = steps
        self.done = 0
        self.how = how
        self.start = time.monotonic()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def step(self, n: int = 1) -> None:
        with self._lock:
            self.done += n

    def _status(self) -> str:
        text = f"ttlang: building {self.what} (once per version, {_about(self.about)})"
        if self.steps:
            text += f": {self.done}/{self.steps} files,"
        else:
            text += ":"
        return f"{text} {time.monotonic() - self.start:.0f} s"

    def _begin(self) -> None:
        if self.how == "terminal":
            _write(f"\r{self._status()}\x1b[K")
            self._thread = threading.Thread(target=self._redraw, name="ttlang-build", daemon=True)
            self._thread.start()
        elif self.how == "notebook":
            _write(
                f"ttlang: building {self.what} (once per version, {_about(self.about)}); "
                "later launches reuse it\n"
            )
        elif self.how == "log":
            _write(
                f"ttlang: building {self.what} into {self.where} (once per version, "
                f"{_about(self.about)})\n"
            )

    def _redraw(self) -> None:
        while not self._stop.wait(INTERVAL):
            _write(f"\r{self._status()}\x1b[K")

    def _end(self, ok: bool) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        elapsed = time.monotonic() - self.start
        verb = "built" if ok else "failed to build"
        if self.how == "terminal":
            _write(f"\rttlang: {verb} {self.what} in {elapsed:.0f} s\x1b[K\n")
        elif self.how == "notebook":
            _write(f"ttlang: {verb} {self.what} in {elapsed:.0f} s\n")


def _write(text: str) -> None:
    err = sys.stderr
    if err is None:
        return
    try:
        err.write(text)
        err.flush()
    except (OSError, ValueError):
        pass


@contextlib.contextmanager
def building(what: str, where: Path, cache: Path, kind: str, steps: int = 0) -> Iterator[Build]:
    """Reports the one-time build of `what` (into `where`) while the body runs, and records how
    long it took under `kind` for the next estimate. `steps` > 0 shows "i/steps files"."""
    b = Build(what, where, estimate(cache, kind, parallel=max(1, steps)), steps, mode())
    if b.how != "off":
        b._begin()
    ok = False
    try:
        yield b
        ok = True
    finally:
        if b.how != "off":
            b._end(ok)
        if ok:
            _record(cache, kind, time.monotonic() - b.start)
