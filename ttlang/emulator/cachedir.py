"""The ttlang cache directory: where it is, what is in it, what is in use, what gets evicted.

Layout (under $TTLANG_CACHE_DIR, else $XDG_CACHE_HOME/ttlang, else ~/.cache/ttlang):

    emulator/lib-<hash>/          libttemu.so, one per emulator source tree and compiler (~10 MB)
    emulator/kernels/<hash>.so    kernels JIT-compiled by the emulator (~50 KB each)
    runtime/<backend>-<hash>/     libttlang_rt.so and the host programs' precompiled header
                                  (~94 MB, one per backend and build)
    kernels/<hash>/               compiled kernel specialisations: generated C++, host.so (~100 KB)
    build-times.json              how long the last one-time builds took (feedback.py)
    anything else                 (the test suite's TT-Metalium wheel, ...): listed, cleared

Bounds: the TTLANG_CACHE_VERSIONS (default 3) most recently used versions of each library
(emulator library; runtime per backend) are kept, older ones are removed after a new version is
built; kernels and kernel objects together are kept under TTLANG_CACHE_KERNELS_MB (default 1024),
the least recently used evicted first, checked after a newly compiled kernel (at most once a
minute per process). Each use of an entry sets its modification time, which is what "recently
used" means.

In use: a process that uses an entry holds a shared lock on it for as long as it may read it
(libraries and kernel entries: the life of the process; an emulator kernel object: while it is
being compiled and loaded), taken *before* it looks the entry up. Eviction and `--clear` take an
exclusive lock, without waiting, before removing an entry and skip the entries they cannot lock.
The locks are Linux open-file-description byte-range locks (F_OFD_SETLK) on one file per area,
``<area>/.inuse``, at the byte ``fnv1a64(entry name) >> 2``: one descriptor per area and process,
not one per entry, and the same protocol from C++ (the emulator's JIT, src/jit.cpp). Where OFD
locks do not exist nothing is ever evicted (only `--clear` removes entries).
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import shutil
import struct
import threading
import time
from dataclasses import dataclass
from pathlib import Path

LOCK_FILE = ".inuse"
TMP_AGE = 3600.0  # seconds after which a build's leftover temporary directory is removed
_OFD = hasattr(fcntl, "F_OFD_SETLK")

_LIB = re.compile(r"^lib-[0-9a-f]{16}$")
_RUNTIME = re.compile(r"^(?P<family>[a-z]+)-[0-9a-f]{16}$")
_KERNEL = re.compile(r"^[0-9a-f]{32}$")
_OBJECT = re.compile(r"^[0-9a-f]{16}\.so$")
_TMP = re.compile(r"(\.tmp\.|^rt\.|^lib-[0-9a-f]{16}\.)")


def root() -> Path:
    """The ttlang cache directory: $TTLANG_CACHE_DIR, else $XDG_CACHE_HOME/ttlang, else
    ~/.cache/ttlang."""
    if os.environ.get("TTLANG_CACHE_DIR"):
        return Path(os.environ["TTLANG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ttlang"


def libraries_dir() -> Path:
    return (root() / "emulator").absolute()


def runtimes_dir() -> Path:
    return (root() / "runtime").absolute()


def kernels_dir() -> Path:
    # Absolute: the host program hands <entry>/reader.cpp etc. to CreateKernel, which would look
    # a relative path up under the working directory, TT_METAL_HOME and TT_METAL_KERNEL_PATH.
    return (root() / "kernels").absolute()


def objects_dir() -> Path:
    """Where the emulator keeps its JIT-compiled kernels (src/jit.cpp kernel_cache_dir)."""
    if os.environ.get("TTEMU_CACHE_DIR"):
        return Path(os.environ["TTEMU_CACHE_DIR"]).absolute()
    return (root() / "emulator" / "kernels").absolute()


def versions_kept() -> int:
    try:
        return max(1, int(os.environ.get("TTLANG_CACHE_VERSIONS", "3")))
    except ValueError:
        return 3


def kernels_cap() -> int:
    """Bytes that kernels and kernel objects may take together."""
    try:
        mb = float(os.environ.get("TTLANG_CACHE_KERNELS_MB", "1024"))
    except ValueError:
        mb = 1024.0
    return max(0, int(mb * 1024 * 1024))


# -- locks -------------------------------------------------------------------------------------


def lock_offset(name: str) -> int:
    """The byte of <area>/.inuse that stands for entry `name` (FNV-1a 64 of its name, >> 2)."""
    h = 0xCBF29CE484222325
    for b in name.encode():
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h >> 2


def _flock_struct(kind: int, start: int, length: int) -> bytes:
    # struct flock on Linux: short l_type, short l_whence, off_t l_start, off_t l_len, pid_t l_pid
    # (0 for OFD locks), padded to 32 bytes.
    return struct.pack("hhqqi4x", kind, os.SEEK_SET, start, length, 0)


def _setlock(fd: int, kind: int, start: int, length: int = 1, wait: bool = False) -> bool:
    cmd = fcntl.F_OFD_SETLKW if wait else fcntl.F_OFD_SETLK
    try:
        fcntl.fcntl(fd, cmd, _flock_struct(kind, start, length))
        return True
    except OSError as e:
        if e.errno in (errno.EAGAIN, errno.EACCES):
            return False
        raise


def _open_locks(area: Path) -> int | None:
    try:
        area.mkdir(parents=True, exist_ok=True)
        return os.open(area / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError:
        return None


_held_lock = threading.Lock()
_held: dict[str, int] = {}  # area -> this process's descriptor of its .inuse (never closed)


def hold(area: Path, name: str) -> None:
    """Marks entry `name` of `area` in use by this process for the rest of its life (waits while
    an eviction is removing it). Take it before looking the entry up."""
    if not _OFD:
        return
    key = str(Path(area).absolute())
    with _held_lock:
        fd = _held.get(key)
        if fd is None:
            fd = _open_locks(Path(key))
            if fd is None:  # a read-only cache: nothing will evict from it either
                return
            _held[key] = fd
    _setlock(fd, fcntl.F_RDLCK, lock_offset(name), wait=True)


def release(area: Path, name: str) -> None:
    """Gives up this process's hold on entry `name` (tests; libraries and kernels never do)."""
    fd = _held.get(str(Path(area).absolute()))
    if _OFD and fd is not None:
        _setlock(fd, fcntl.F_UNLCK, lock_offset(name))


def in_use(area: Path, name: str) -> bool:
    """Whether some process (this one included) holds entry `name` (a snapshot)."""
    if not _OFD:
        return False
    fd = _open_locks(area)
    if fd is None:
        return False
    try:
        got = fcntl.fcntl(fd, fcntl.F_OFD_GETLK, _flock_struct(fcntl.F_WRLCK, lock_offset(name), 1))
        return struct.unpack("hhqqi4x", got)[0] != fcntl.F_UNLCK
    finally:
        os.close(fd)


def touch(path: Path) -> None:
    """Records a use of the entry at `path` (its modification time orders eviction)."""
    try:
        os.utime(path)
    except OSError:
        pass


# -- entries -----------------------------------------------------------------------------------


@dataclass
class Entry:
    area: Path
    name: str
    kind: str  # "library", "runtime", "kernel", "object"
    family: str  # what versions are counted within: "emulator", the backend, or ""
    size: int
    used: float  # modification time

    @property
    def path(self) -> Path:
        return self.area / self.name


def _size(path: Path) -> int:
    """Bytes of the files at or under `path` (a symbolic link counts as itself)."""
    try:
        st = os.lstat(path)
    except OSError:
        return 0
    if not os.path.isdir(path) or os.path.islink(path):
        return st.st_size
    total = 0
    try:
        with os.scandir(path) as it:
            for e in it:
                if e.is_dir(follow_symlinks=False):
                    total += _size(Path(e.path))
                else:
                    total += e.stat(follow_symlinks=False).st_size
    except OSError:
        pass
    return total


def _scan(area: Path, pattern: re.Pattern, kind: str, family) -> list[Entry]:
    out = []
    try:
        names = sorted(os.listdir(area))
    except OSError:
        return out
    for name in names:
        m = pattern.match(name)
        if not m:
            continue
        p = area / name
        try:
            used = p.lstat().st_mtime
        except OSError:
            continue
        out.append(Entry(area, name, kind, family(m), _size(p), used))
    return out


def entries() -> list[Entry]:
    """Every library, runtime, kernel and kernel object in the cache."""
    return (
        _scan(libraries_dir(), _LIB, "library", lambda m: "emulator")
        + _scan(runtimes_dir(), _RUNTIME, "runtime", lambda m: m["family"])
        + _scan(kernels_dir(), _KERNEL, "kernel", lambda m: "")
        + _scan(objects_dir(), _OBJECT, "object", lambda m: "")
    )


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            path.unlink()
        except FileNotFoundError:
            pass


def remove_unless_in_use(entry: Entry) -> bool:
    """Removes `entry` if no process holds it (under an exclusive lock); whether it did."""
    if not _OFD:
        _remove(entry.path)
        return True
    fd = _open_locks(entry.area)
    if fd is None:
        return False
    try:
        offset = lock_offset(entry.name)
        if not _setlock(fd, fcntl.F_WRLCK, offset):
            return False
        _remove(entry.path)
        _setlock(fd, fcntl.F_UNLCK, offset)
        return True
    finally:
        os.close(fd)


def _remove_stale_tmp(area: Path) -> int:
    """Removes what builds left behind in `area` (temporary directories older than TMP_AGE: a
    younger one may be a build under way); the bytes removed."""
    now = time.time()
    freed = 0
    try:
        names = os.listdir(area)
    except OSError:
        return 0
    for name in names:
        if _TMP.search(name):
            p = area / name
            try:
                if now - p.lstat().st_mtime > TMP_AGE:
                    freed += _size(p)
                    _remove(p)
            except OSError:
                pass
    return freed


def evict_versions(kind: str, family: str, keep: int | None = None) -> list[Entry]:
    """Removes all but the `keep` most recently used versions of one library; what it removed."""
    if not _OFD:
        return []
    keep = versions_kept() if keep is None else keep
    mine = [e for e in entries() if e.kind == kind and e.family == family]
    mine.sort(key=lambda e: e.used, reverse=True)
    for area in {e.area for e in mine}:
        _remove_stale_tmp(area)
    return [e for e in mine[keep:] if remove_unless_in_use(e)]


_last_kernel_check: dict[str, float] = {}  # cache root -> when this process last checked it
KERNEL_CHECK_INTERVAL = 60.0  # seconds


def evict_kernels(cap: int | None = None) -> list[Entry]:
    """Removes the least recently used kernels and kernel objects until they take at most `cap`
    bytes together (entries in use are skipped); what it removed."""
    if not _OFD:
        return []
    cap = kernels_cap() if cap is None else cap
    _last_kernel_check[str(root().absolute())] = time.monotonic()
    mine = [e for e in entries() if e.kind in ("kernel", "object")]
    for area in (kernels_dir(), objects_dir()):
        _remove_stale_tmp(area)
    total = sum(e.size for e in mine)
    removed = []
    for e in sorted(mine, key=lambda e: e.used):
        if total <= cap:
            break
        if remove_unless_in_use(e):
            total -= e.size
            removed.append(e)
    return removed


def maybe_evict_kernels() -> None:
    """evict_kernels() after a newly compiled kernel, at most once a minute per process and cache
    (a scan of 8000 entries takes ~0.2 s; a minute of compiling adds a few MB at most)."""
    last = _last_kernel_check.get(str(root().absolute()))
    if last is None or time.monotonic() - last >= KERNEL_CHECK_INTERVAL:
        evict_kernels()


def clear() -> tuple[int, list[Entry]]:
    """Removes everything in the cache that no process is using: (bytes removed, entries kept
    because they are in use). The lock files stay (a running process may hold one)."""
    base = root()
    freed = 0
    kept = []
    for e in entries():
        if remove_unless_in_use(e):
            freed += e.size
        else:
            kept.append(e)
    areas = {libraries_dir(), runtimes_dir(), kernels_dir(), objects_dir()}
    for area in areas:
        freed += _remove_stale_tmp(area)
    try:
        names = os.listdir(base)
    except OSError:
        return freed, kept
    for name in names:  # what is not ttlang's own (the test suite's downloads, build times)
        p = (base / name).absolute()
        if p not in areas:
            freed += _size(p)
            _remove(p)
    return freed, kept
