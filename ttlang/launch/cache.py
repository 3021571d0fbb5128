"""The on-disk compile cache: one directory per compiled kernel specialisation.

An entry is written into a private temporary directory and renamed into place, so concurrent
compilations of the same kernel race harmlessly and a reader never sees half an entry. Its
manifest records a sha256 per file; an entry whose files do not match (truncated, corrupted,
partly deleted) is discarded and rebuilt, never loaded. TTLANG_CACHE_DIR moves the cache; it can
be wiped at any time with `python -m ttlang cache --clear` (which spares what running processes
use). A process holds each entry it looks up for the rest of its life (the emulator reads the
kernel sources at every launch); after storing a new entry the least recently used ones go
beyond the kernels' size cap (emulator/cachedir.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..emulator import cachedir
from ..emulator.cachedir import kernels_dir

MANIFEST = "manifest.json"


def _digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def lookup(key: str) -> Path | None:
    """The valid entry `key` (held by this process from now on), or None."""
    d = kernels_dir() / key
    cachedir.hold(d.parent, key)
    try:
        manifest = json.loads((d / MANIFEST).read_text())
        for name, digest in manifest["files"].items():
            if _digest(d / name) != digest:
                raise ValueError(f"{name} does not match its digest")
        cachedir.touch(d)
        return d
    except (OSError, ValueError, KeyError, TypeError):
        if d.exists():
            shutil.rmtree(d, ignore_errors=True)  # corrupt: rebuild
        return None


def store(key: str, build: Callable[[Path], dict]) -> Path:
    """Builds an entry with build(tmpdir) -> extra manifest fields, then publishes it."""
    root = kernels_dir()
    root.mkdir(parents=True, exist_ok=True)
    cachedir.hold(root, key)
    tmp = Path(tempfile.mkdtemp(prefix=f"{key}.tmp.", dir=root))
    try:
        extra = build(tmp)
        files = {p.name: _digest(p) for p in sorted(tmp.iterdir()) if p.is_file()}
        (tmp / MANIFEST).write_text(json.dumps({"key": key, "files": files, **extra}, indent=1))
        final = root / key
        try:
            os.rename(tmp, final)
        except OSError:
            # Someone else published it first (or a corrupt one is in the way): use a valid one.
            if lookup(key) is None:
                shutil.rmtree(final, ignore_errors=True)
                os.rename(tmp, final)
        cachedir.maybe_evict_kernels()
        return final
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def manifest(d: Path) -> dict:
    return json.loads((d / MANIFEST).read_text())
