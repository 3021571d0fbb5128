"""python -m ttlang export KERNEL --grid GRID --arg NAME=VALUE ... --out DIR
   python -m ttlang cache [--clear]

Writes one launch of a kernel as a standalone TT-Metalium project (see tt.export):

    python -m ttlang export mymodule:matmul --grid 2,2 \\
        --arg a=bfloat16[256,128] --arg b=bfloat16[128,64] --arg c=bfloat16[256,64]:zeros \\
        --out matmul_project

KERNEL is `module:name` (a module importable from the current directory or sys.path) or
`path/to/file.py:name`. Each kernel parameter gets an --arg (parameters with defaults may be left
out); VALUE is one of

    float32[R,C] or bfloat16[R,C]      an R x C array of normal random numbers (from --seed
                                       and the parameter's name)
    float32[R,C]:FILL                  FILL: randn (the default), rand (uniform in [0, 1)),
                                       zeros, ones
    path/to/array.npy                  an array saved with numpy.save (float32 or bfloat16)
    a Python literal                   a scalar or constexpr: 3, 0.5, True, (2, 2)
"""

from __future__ import annotations

import argparse
import ast
import importlib
import importlib.util
import os
import re
import sys
import zlib
from pathlib import Path

import ml_dtypes
import numpy as np

_ARRAY = re.compile(
    r"^(?P<dtype>float32|bfloat16)\[\s*(?P<rows>\d+)\s*,\s*(?P<cols>\d+)\s*\](?::(?P<fill>\w+))?$"
)
_DTYPES = {"float32": np.float32, "bfloat16": ml_dtypes.bfloat16}
_FILLS = ("randn", "rand", "zeros", "ones")
_PACKAGE = Path(__file__).resolve().parent


class UsageError(Exception):
    pass


def parse_grid(text: str):
    """'4' -> 4; '2,2' or '2x2' -> (2, 2)."""
    parts = [p.strip() for p in re.split(r"[,x]", text)]
    try:
        nums = [int(p) for p in parts]
    except ValueError:
        raise UsageError(f"--grid {text!r}: expected N or ROWS,COLS (e.g. 8 or 2,4)") from None
    if len(nums) == 1:
        return nums[0]
    if len(nums) == 2:
        return tuple(nums)
    raise UsageError(f"--grid {text!r}: a grid has one or two dimensions")


def parse_value(name: str, text: str, seed: int):
    """The value of one --arg NAME=VALUE. A random array draws from a generator of its own,
    seeded by `seed` and its name: changing one argument leaves the others' data as it was."""
    m = _ARRAY.match(text.strip())
    if m:
        rng = np.random.default_rng([seed, zlib.crc32(name.encode())])
        shape = (int(m["rows"]), int(m["cols"]))
        fill = m["fill"] or "randn"
        if fill not in _FILLS:
            raise UsageError(f"--arg {name}: unknown fill {fill!r} (one of {', '.join(_FILLS)})")
        data = {
            "randn": lambda: rng.standard_normal(shape),
            "rand": lambda: rng.random(shape),
            "zeros": lambda: np.zeros(shape),
            "ones": lambda: np.ones(shape),
        }[fill]()
        return data.astype(np.float32).astype(_DTYPES[m["dtype"]])
    if text.endswith(".npy"):
        try:
            array = np.load(text)
        except OSError as e:
            raise UsageError(f"--arg {name}: cannot load {text}: {e}") from None
        # numpy.save stores an ml_dtypes.bfloat16 array as 2-byte voids.
        if array.dtype.kind == "V" and array.dtype.itemsize == 2:
            array = array.view(ml_dtypes.bfloat16)
        return array
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        raise UsageError(
            f"--arg {name}={text}: expected float32[R,C], bfloat16[R,C] (optionally :FILL), a "
            ".npy file or a Python literal"
        ) from None


def load_kernel(spec: str):
    """The @tt.kernel named by 'module:name' or 'path/to/file.py:name'."""
    from .kernel import Kernel

    where, sep, name = spec.rpartition(":")
    if not sep or not where or not name:
        raise UsageError(f"kernel {spec!r}: expected module:name or path/to/file.py:name")
    if where.endswith(".py") or "/" in where:
        path = Path(where)
        if not path.is_file():
            raise UsageError(f"kernel {spec!r}: {where} is not a file")
        mod_name = re.sub(r"\W", "_", path.stem)
        spec_ = importlib.util.spec_from_file_location(mod_name, path)
        module = importlib.util.module_from_spec(spec_)
        sys.modules[mod_name] = module
        spec_.loader.exec_module(module)
    else:
        if "" not in sys.path and "." not in sys.path:
            sys.path.insert(0, "")  # the current directory, as `python -m` does
        try:
            module = importlib.import_module(where)
        except ImportError as e:
            raise UsageError(f"kernel {spec!r}: cannot import {where}: {e}") from None
    obj = getattr(module, name, None)
    if obj is None:
        raise UsageError(f"kernel {spec!r}: {where} has no {name!r}")
    if not isinstance(obj, Kernel):
        raise UsageError(f"kernel {spec!r}: {name} is a {type(obj).__name__}, not a @tt.kernel")
    return obj


def _export(a) -> int:
    from .export import export

    kernel = load_kernel(a.kernel)
    kwargs = {}
    for item in a.arg:
        name, sep, text = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--arg {item!r}: expected NAME=VALUE")
        kwargs[name.strip()] = parse_value(name.strip(), text, a.seed)
    out = export(kernel, parse_grid(a.grid), out_dir=a.out, expected=not a.no_expected, **kwargs)
    print(f"exported {kernel.__name__} to {out}")
    print(f"  on the emulator:  cmake -S {out} -B {out}/build -DTTLANG_EMULATOR=ON")
    print(f"  on TT-Metalium:   cmake -S {out} -B {out}/build    (with TT_METAL_HOME set)")
    print(f"  then:             cmake --build {out}/build && {out}/build/ttlang_{kernel.__name__}")
    return 0


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


def _cache(a) -> int:
    """Lists the cache (what, how big, last used, in use) or, with --clear, empties it."""
    import time

    from .emulator import cachedir

    root = cachedir.root()
    if a.clear:
        freed, kept = cachedir.clear()
        print(f"removed {_size(freed)} from {root}")
        for e in kept:
            print(f"  kept {e.path} ({_size(e.size)}): in use by a running process")
        return 0
    entries = cachedir.entries()
    areas = {cachedir.libraries_dir(), cachedir.runtimes_dir(), cachedir.kernels_dir()}
    areas.add(cachedir.objects_dir())
    others = []
    if root.is_dir():
        for name in sorted(os.listdir(root)):
            p = (root / name).absolute()
            if p not in areas:
                others.append((name, cachedir._size(p)))
    total = sum(e.size for e in entries) + sum(n for _, n in others)
    print(f"ttlang cache: {root} ({_size(total)})")
    keep = cachedir.versions_kept()

    def when(t: float) -> str:
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(t))

    for kind, title in (("library", "emulator library"), ("runtime", "runtime")):
        mine = sorted((e for e in entries if e.kind == kind), key=lambda e: -e.used)
        size = sum(e.size for e in mine)
        print(
            f"  {title}: {len(mine)} version(s), {_size(size)} (the {keep} most recently used of each are kept)"
        )
        for e in mine:
            busy = ", in use" if cachedir.in_use(e.area, e.name) else ""
            print(f"    {e.name}  {_size(e.size)}  used {when(e.used)}{busy}")
    kernels = [e for e in entries if e.kind == "kernel"]
    objects = [e for e in entries if e.kind == "object"]
    cap = cachedir.kernels_cap()
    both = sum(e.size for e in kernels + objects)
    print(
        f"  kernels: {len(kernels)} compiled kernel(s) {_size(sum(e.size for e in kernels))}, "
        f"{len(objects)} emulator kernel object(s) {_size(sum(e.size for e in objects))}; "
        f"{_size(both)} of {_size(cap)} (least recently used evicted beyond)"
    )
    for name, size in others:
        print(f"  other: {name}  {_size(size)}")
    print("python -m ttlang cache --clear removes it all (except what running processes use)")
    return 0


def main(argv=None) -> int:
    from .errors import TTLangError

    ap = argparse.ArgumentParser(prog="python -m ttlang", description="ttlang command line")
    sub = ap.add_subparsers(dest="command")
    ex = sub.add_parser(
        "export",
        help="write one launch of a kernel as a standalone TT-Metalium project",
        description=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ex.add_argument("kernel", help="module:name or path/to/file.py:name")
    ex.add_argument("--grid", required=True, help="N programs, or ROWS,COLS")
    ex.add_argument(
        "--arg", action="append", default=[], metavar="NAME=VALUE", help="a kernel argument"
    )
    ex.add_argument("--out", required=True, help="the project directory to write")
    ex.add_argument("--seed", type=int, default=0, help="seed of the random arrays (default 0)")
    ex.add_argument(
        "--no-expected",
        action="store_true",
        help="do not run the launch on the emulator (the project then only writes its outputs)",
    )
    ca = sub.add_parser(
        "cache",
        help="show what the ttlang cache holds and its size; --clear empties it",
        description="The cache (TTLANG_CACHE_DIR, else ~/.cache/ttlang): the emulator and "
        "runtime libraries (the most recently used versions kept), compiled kernels (least "
        "recently used evicted beyond TTLANG_CACHE_KERNELS_MB).",
    )
    ca.add_argument(
        "--clear",
        action="store_true",
        help="remove everything that no running process is using",
    )
    a = ap.parse_args(argv)
    if a.command is None:
        ap.print_help()
        return 2
    if a.command == "cache":
        return _cache(a)
    try:
        return _export(a)
    except UsageError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except TTLangError as e:
        if e.loc is not None and Path(e.loc.file).resolve().is_relative_to(_PACKAGE):
            e = type(e)(e.message, None, e.notes)  # located at the export call: not the user's
        print(str(e), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
