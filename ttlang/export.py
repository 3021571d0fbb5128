"""tt.export: one launch of a kernel as a standalone TT-Metalium project.

    tt.export(kernel, grid, *args, out_dir="add_project")

compiles the kernel for these arguments, runs it once on the emulator to record the expected
outputs, and writes

    CMakeLists.txt              builds against an installed TT-Metalium (find_package), or with
                                -DTTLANG_EMULATOR=ON against ttlang's emulator
    main.cpp                    opens the device, loads the inputs, runs the launch, writes the
                                outputs and compares them with the expected ones
    host.cpp                    the generated host program, exactly as ttlang runs it
    kernels/{reader,compute,writer}.cpp
    runtime/ttlang_runtime.{hpp,cpp} (and the other files of ttlang's runtime directory)
    data/manifest.json          the launch: arch, grid, cores, tensors, scalars, tolerances
    data/inputs/<name>.bin      every tensor argument, row-major (numpy's tofile)
    data/expected/<name>.bin    every output as the emulator computed it
    README.md

The command line `python -m ttlang export` (ttlang/__main__.py) does the same from a shell.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path

import jinja2
import numpy as np

from . import __version__
from . import arch as arch_mod
from . import language as tl
from .codegen import TEMPLATES
from .errors import TTLangError, TTLangLaunchError
from .ir.passes.core_mapping import GridError, map_grid
from .kernel import Kernel, _caller_loc
from .launch import backend as backend_mod
from .launch.backend import RUNTIME_DIR

_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(TEMPLATES / "export")),
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
)

# Tolerances main.cpp checks the outputs with (|out - expected| <= atol + rtol * |expected|): the
# emulator reproduces its own results exactly; the hardware's to the round-off of the format.
_RTOL = {"float32": 2e-5, "bfloat16": 1e-2}
_ATOL = {"float32": 1e-5, "bfloat16": 1e-2}


def export(
    kernel: Kernel, grid, *args, out_dir: str | Path, expected: bool = True, **kwargs
) -> Path:
    """Writes the launch `kernel[grid](*args, **kwargs)` as a standalone project into `out_dir`
    (created if needed; the files it writes are replaced) and returns its path. With `expected`
    the launch first runs on the emulator and main.cpp checks its outputs against those results.
    The arrays passed in are not modified."""
    call_loc = _caller_loc(1)
    try:
        if not isinstance(kernel, Kernel):
            raise TTLangLaunchError(
                f"tt.export takes a @tt.kernel function, got {type(kernel).__name__}", call_loc
            )
        values = kernel._bind(args, kwargs, call_loc)
        arch = arch_mod.get(kernel.arch_name)
        try:
            core_map = map_grid(grid, arch)
        except GridError as e:
            raise TTLangLaunchError(
                str(e), call_loc, (f"kernel '{kernel.__name__}' is defined at {kernel.def_loc}",)
            ) from None
        # Copies of the arrays (numpy arrays, or device tensors read back): the export writes
        # them and runs on them, and leaves the caller's alone.
        arrays = {
            p.name: np.ascontiguousarray(np.array(values[p.name]))
            for p in kernel.params
            if not p.constexpr and _is_array(values[p.name])
        }
        for name, a in arrays.items():
            if a.ndim > 10:
                raise TTLangLaunchError(
                    f"tt.export writes tensors of up to 10 dimensions; argument '{name}' has "
                    f"shape {a.shape}",
                    call_loc,
                )
        values = {**values, **arrays}
        # The generated C++ does not depend on the backend; the emulator builds it and, with
        # `expected`, runs it.
        ck = kernel._get_compiled(values, call_loc, backend=backend_mod.get("emulator"))
        inputs = {name: arrays[name] for name, _ in ck.meta["tensors"]}
        outputs = None
        if expected:
            run_values = {**values, **{n: a.copy() for n, a in inputs.items()}}
            ck.run(core_map, run_values, call_loc)
            outputs = {n: run_values[n] for n in ck.meta["stored"]}
        return _write(Path(out_dir), ck, arch, core_map, grid, values, inputs, outputs)
    except TTLangError as e:
        raise e.with_traceback(None) from None


def _is_array(v) -> bool:
    """A numpy array or something that converts to one (a device tensor), not a scalar."""
    if isinstance(v, np.ndarray):
        return True
    return hasattr(v, "__array__") and not isinstance(v, (np.generic, bool, int, float))


def _scalar_word(value, kind: str) -> int:
    if kind == "float":
        return int(np.float32(value).view(np.uint32))
    return int(value) & 0xFFFFFFFF


def _target(name: str) -> str:
    return "ttlang_" + re.sub(r"\W", "_", name)


def _pairs(pairs) -> str:
    items = [f"{{{a}, {b}}}" for a, b in pairs]
    return ",\n    ".join(", ".join(items[i : i + 8]) for i in range(0, len(items), 8))


def _write(out: Path, ck, arch, core_map, grid, values, inputs, outputs) -> Path:
    meta = ck.meta
    stored = set(meta["stored"])
    tensors = []
    for name, dt_name in meta["tensors"]:
        dt = tl.dtype(dt_name)
        a = inputs[name]
        exp = None if outputs is None or name not in stored else outputs[name]
        scale = (
            float(np.nanmax(np.abs(exp.astype(np.float32)), initial=0.0)) if exp is not None else 0
        )
        tensors.append(
            {
                "name": name,
                "dtype": dt.value,
                "element_bytes": np.dtype(dt.numpy).itemsize,
                "rows": a.shape[-2],
                "cols": a.shape[-1],
                "shape": list(a.shape),
                "lead": list(a.shape[:-2]),
                "matrices": int(np.prod(a.shape[:-2], dtype=np.int64)),
                "output": name in stored,
                "rtol": _RTOL[dt.value],
                "atol": _ATOL[dt.value] * (scale + 1.0),
                "input": f"inputs/{name}.bin",
                "expected": f"expected/{name}.bin" if exp is not None else None,
            }
        )
    scalars = [
        {"name": n, "kind": k, "value": repr(values[n]), "word": _scalar_word(values[n], k)}
        for n, k in meta["scalars"]
    ]
    constexprs = {
        p.name: values[p.name] for p in ck.kernel.params if p.constexpr and p.name in values
    }
    grid_text = "x".join(str(g) for g in grid) if isinstance(grid, tuple) else str(grid)
    source = Path(meta["def"][0]).name
    ctx = {
        "version": __version__,
        "kernel": ck.name,
        "source": source,
        "target": _target(ck.name),
        "grid_text": grid_text,
        "arch": arch.name,
        "arch_title": arch.title,
        "tensors": tensors,
        "scalars": scalars,
        "dims": core_map.dims,
        "cores": _pairs(core_map.cores),
        "pids": _pairs(core_map.pids),
        "num_cores": len(core_map.cores),
        "have_expected": outputs is not None,
    }

    for d in ("kernels", "runtime", "data/inputs"):
        (out / d).mkdir(parents=True, exist_ok=True)
    (out / "host.cpp").write_text(ck.host)
    for role in ("reader", "compute", "writer"):
        (out / "kernels" / f"{role}.cpp").write_text(ck.source(role))
    for f in sorted(RUNTIME_DIR.iterdir()):  # ttlang_runtime.cpp and every file it may include
        if f.is_file():
            shutil.copyfile(f, out / "runtime" / f.name)
    for name, template in (
        ("main.cpp", "main.cpp.j2"),
        ("CMakeLists.txt", "CMakeLists.txt.j2"),
        ("README.md", "README.md.j2"),
    ):
        (out / name).write_text(_ENV.get_template(template).render(**ctx))
    for name, a in inputs.items():
        a.tofile(out / "data" / "inputs" / f"{name}.bin")
    if outputs is not None:
        (out / "data" / "expected").mkdir(parents=True, exist_ok=True)
        for name, a in outputs.items():
            np.ascontiguousarray(a).tofile(out / "data" / "expected" / f"{name}.bin")
    manifest = {
        "ttlang": __version__,
        "kernel": ck.name,
        "source": meta["def"][0],
        "arch": arch.name,
        "grid": list(grid) if isinstance(grid, tuple) else grid,
        "num_programs": list(core_map.dims),
        "cores": [list(c) for c in core_map.cores],
        "program_ids": [list(p) for p in core_map.pids],
        "options": dataclasses.asdict(ck.kernel.options),
        "tensors": [
            {k: t[k] for k in ("name", "dtype", "shape", "rows", "cols", "output", "input", "expected")}
            | {"rtol": t["rtol"], "atol": t["atol"]}
            for t in tensors
        ],
        "scalars": [{k: s[k] for k in ("name", "kind", "value", "word")} for s in scalars],
        "constexprs": {k: repr(v) for k, v in constexprs.items()},
    }
    text = json.dumps(manifest, indent=1)
    # Lists of numbers on one line each: [0, 1] rather than three lines.
    text = re.sub(
        r"\[[-\d.,\s]*\]",
        lambda m: "[" + ", ".join(x.strip() for x in m[0][1:-1].split(",")) + "]",
        text,
    )
    (out / "data" / "manifest.json").write_text(text + "\n")
    return out
