"""Progress of long launches, on a terminal.

A launch that has run for TTLANG_PROGRESS_DELAY seconds (default 2) gets a status line on stderr,
updated a few times a second until it ends:

    ttlang: kernel 'matmul' 12/64 cores done, 1534/4096 tiles written, 7 s

Cores done and tiles written come from the emulator while it runs (the C call that runs the
program releases the GIL, and one monitor thread per process polls the runtime); on a backend
that cannot report them the line shows the elapsed time only. The line is shown when stderr is
a terminal; TTLANG_PROGRESS=0 turns it off, TTLANG_PROGRESS=1 turns it on even when stderr is
not a terminal (then every update is a line of its own).
"""

from __future__ import annotations

import os
import sys
import threading
import time

INTERVAL = 0.25  # seconds between updates


def enabled() -> bool:
    """Whether launches show progress: TTLANG_PROGRESS, else whether stderr is a terminal."""
    flag = os.environ.get("TTLANG_PROGRESS", "").strip().lower()
    if flag:
        return flag not in ("0", "false", "no", "off")
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (AttributeError, ValueError):  # replaced or closed stderr
        return False


def delay() -> float:
    try:
        return float(os.environ.get("TTLANG_PROGRESS_DELAY", "2"))
    except ValueError:
        return 2.0


class Launch:
    """One launch being watched: registered while its program runs."""

    __slots__ = ("name", "runtime", "device", "thread", "tiles", "start", "shown")

    def __init__(self, name: str, runtime, device: int, tiles: int):
        self.name = name
        self.runtime = runtime
        self.device = device
        self.thread = threading.get_native_id()
        self.tiles = tiles  # tiles of the tensors the kernel stores into
        self.start = time.monotonic()
        self.shown = False

    def status(self, now: float) -> str:
        text = f"ttlang: kernel '{self.name}'"
        p = self.runtime.progress(self.device)
        # The device runs one workload at a time: show its counters only if it is ours.
        if p is not None and p.running and p.host_thread == self.thread:
            text += f" {p.cores_done}/{p.cores} cores done"
            if self.tiles and p.noc_writes <= self.tiles:
                text += f", {p.noc_writes}/{self.tiles} tiles written"
            else:
                text += f", {p.noc_writes} tiles written"
        else:
            text += " running"
        return f"{text}, {now - self.start:.0f} s"


class _Monitor:
    def __init__(self):
        self.lock = threading.Lock()
        self.active: dict[int, Launch] = {}
        self.thread: threading.Thread | None = None

    def add(self, launch: Launch) -> None:
        with self.lock:
            self.active[id(launch)] = launch
            if self.thread is None:
                self.thread = threading.Thread(
                    target=self._run, name="ttlang-progress", daemon=True
                )
                self.thread.start()

    def remove(self, launch: Launch) -> None:
        with self.lock:
            self.active.pop(id(launch), None)
            if launch.shown:
                elapsed = time.monotonic() - launch.start
                self._write(f"ttlang: kernel '{launch.name}' finished in {elapsed:.1f} s", end=True)

    def _run(self) -> None:
        while True:
            time.sleep(INTERVAL)
            now = time.monotonic()
            wait = delay()
            with self.lock:
                for launch in list(self.active.values()):
                    if now - launch.start < wait:
                        continue
                    try:
                        text = launch.status(now)
                    except Exception:  # a display: never let it end the monitor
                        continue
                    launch.shown = True
                    self._write(text)

    @staticmethod
    def _write(text: str, end: bool = False) -> None:
        err = sys.stderr
        if err is None:
            return
        try:
            if err.isatty():
                err.write(f"\r{text}\x1b[K" + ("\n" if end else ""))
            else:
                err.write(text + "\n")
            err.flush()
        except (OSError, ValueError):
            pass


_monitor = _Monitor()


def watch(name: str, runtime, device: int, tiles: int) -> Launch | None:
    """Starts watching a launch (None when progress is off); pass the result to done()."""
    if not enabled():
        return None
    launch = Launch(name, runtime, device, tiles)
    _monitor.add(launch)
    return launch


def done(launch: Launch | None) -> None:
    if launch is not None:
        _monitor.remove(launch)
