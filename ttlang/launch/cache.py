"""The on-disk compile cache: one directory per compiled kernel specialisation.

An entry is written into a private temporary directory and renamed into place, so concurrent
compilations of the same kernel race harmlessly and a reader never sees half an entry. Its
manifest records a sha256 per file; an entry whose files do not match (truncated, corrupted,
partly deleted) is discarded and rebuilt, never loaded. TTLANG_CACHE_DIR moves the cache; it can
be wiped at any time.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..emulator.build import cache_root

MANIFEST = "manifest.json"


def kernels_dir() -> Path:
    # Absolute: the host program hands <entry>/reader.cpp etc. to CreateKernel, which would look
    # a relative path up under the working directory, TT_METAL_HOME and TT_METAL_KERNEL_PATH.
    return (cache_root() / "kernels").absolute()


def _digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def lookup(key: str) -> Path | None:
    d = kernels_dir() / key
    try:
        manifest = json.loads((d / MANIFEST).read_text())
        for name, digest in manifest["files"].items():
            if _digest(d / name) != digest:
                raise ValueError(f"{name} does not match its digest")
        return d
    except (OSError, ValueError, KeyError, TypeError):
        if d.exists():
            shutil.rmtree(d, ignore_errors=True)  # corrupt: rebuild
        return None


def store(key: str, build: Callable[[Path], dict]) -> Path:
    """Builds an entry with build(tmpdir) -> extra manifest fields, then publishes it."""
    root = kernels_dir()
    root.mkdir(parents=True, exist_ok=True)
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
        return final
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def manifest(d: Path) -> dict:
    return json.loads((d / MANIFEST).read_text())
