"""@tt.kernel and kernel[grid](*args): specialisation, compilation (cached) and launch."""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import inspect
import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import __version__, codegen
from . import arch as arch_mod
from . import language as tl
from .ast_frontend import ParamSpec, build_ir, get_source
from .errors import Loc, TTLangError, TTLangInternalError, TTLangLaunchError, TTLangRuntimeError
from .ir import nodes as ir
from .ir import passes
from .ir.passes.core_mapping import GridError, map_grid
from .launch import backend as backend_mod
from .launch import cache, faults, tensors
from .launch.runtime import HostProgram, RuntimeError_, runtime_for

# Every kernel specialisation compiled or loaded in this process (for tools that inspect the
# generated code, such as the checks against the real TT-Metalium headers).
COMPILED: list = []


def _caller_loc(depth: int) -> Loc | None:
    """The position of the call `depth` frames up (the user's kernel[grid](...) line)."""
    try:
        frame = sys._getframe(depth + 1)
    except ValueError:
        return None
    code = frame.f_code
    line, col, end_line, end_col = frame.f_lineno, 0, None, None
    positions = getattr(code, "co_positions", None)
    if positions is not None:
        try:
            pos = list(positions())[frame.f_lasti // 2]
            if pos[0] is not None:
                line, end_line, col, end_col = pos[0], pos[1], pos[2] or 0, pos[3]
        except (IndexError, TypeError):
            pass
    return Loc(code.co_filename, line, col, end_line, end_col)


def _is_constexpr(annotation) -> bool:
    if annotation is tl.constexpr or isinstance(annotation, tl.constexpr):
        return True
    return isinstance(annotation, str) and annotation.split(".")[-1] == "constexpr"


@dataclass(frozen=True)
class _Param:
    name: str
    constexpr: bool


def _snapshot(fn, tree, seen: set) -> tuple:
    names = sorted({n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} & set(fn.__globals__))
    out = []
    for n in names:
        v = fn.__globals__[n]
        if isinstance(v, (bool, int, float, tuple, str)):
            out.append((n, repr(v)))
        elif isinstance(v, tl.dtype):
            out.append((n, v.value))
        elif isinstance(v, tl.func) and id(v) not in seen:
            seen.add(id(v))
            src = v.source()
            out.append((n, src.file, src.first_line, src.text, _snapshot(v.fn, src.tree, seen)))
    return tuple(out)


def _spec_text(specs: dict[str, ParamSpec]) -> str:
    """Every field of every parameter's specialisation (dtype, scalar type, constexpr value,
    unit dims), in one canonical text: the in-memory and the on-disk cache keys both use it, so
    no field can be left out of one of them."""
    return repr(
        sorted(
            (name, tuple((f.name, repr(getattr(spec, f.name))) for f in dataclasses.fields(spec)))
            for name, spec in specs.items()
        )
    )


class Kernel:
    """A kernel function. Launch it with `kernel[grid](*args)`; `kernel.compile(*args)` builds it
    without running it. Both return the CompiledKernel, whose .reader/.compute/.writer/.host hold
    the generated C++."""

    def __init__(
        self,
        fn,
        *,
        fp32_dest_acc: bool = True,
        math_fidelity: str = "HiFi4",
        arch: str | None = None,
        backend: str | None = None,
    ):
        if backend is not None and backend not in backend_mod.NAMES:
            raise ValueError(
                f"unknown backend {backend!r}: expected one of {', '.join(backend_mod.NAMES)}"
            )
        self.fn = fn
        self.__name__ = fn.__name__
        self.__doc__ = fn.__doc__
        self.options = passes.Options(fp32_dest_acc=fp32_dest_acc, math_fidelity=math_fidelity)
        self.arch_name = arch
        self.backend_name = backend  # None: $TTLANG_BACKEND, else the emulator
        sig = inspect.signature(fn)
        self.signature = sig
        self.params = [_Param(p.name, _is_constexpr(p.annotation)) for p in sig.parameters.values()]
        self._compiled: dict = {}
        self._lock = threading.Lock()
        self._source = None
        self._globals_used: tuple[str, ...] | None = None

    def __repr__(self) -> str:
        return f"<ttlang kernel {self.fn.__qualname__}>"

    def __call__(self, *args, **kwargs):
        raise TTLangLaunchError(
            f"launch kernel '{self.__name__}' with a grid: {self.__name__}[grid](...)",
            _caller_loc(1),
        )

    def __getitem__(self, grid) -> "_Launcher":
        return _Launcher(self, grid)

    @property
    def source(self):
        if self._source is None:
            self._source = get_source(self.fn)
        return self._source

    @property
    def def_loc(self) -> Loc:
        return self.source.loc(self.source.tree)

    # -- specialisation ---------------------------------------------------------------------

    def _bind(self, args, kwargs, call_loc) -> dict:
        try:
            bound = self.signature.bind(*args, **kwargs)
        except TypeError as e:
            names = ", ".join(p.name for p in self.params)
            raise TTLangLaunchError(
                f"kernel '{self.__name__}' takes {len(self.params)} argument(s) ({names}): {e}",
                call_loc,
                (f"kernel '{self.__name__}' is defined at {self.def_loc}",),
            ) from None
        bound.apply_defaults()
        return dict(bound.arguments)

    def _spec(self, values: dict, call_loc) -> dict[str, ParamSpec]:
        specs = {}
        for p in self.params:
            v = values[p.name]
            note = (f"kernel '{self.__name__}' is defined at {self.def_loc}",)
            if p.constexpr:
                if isinstance(v, np.generic):
                    v = v.item()
                if not isinstance(v, (bool, int, float, tuple)):
                    raise TTLangLaunchError(
                        f"constexpr parameter '{p.name}' must be an int, float, bool or tuple, got "
                        f"{type(v).__name__}",
                        call_loc,
                        note,
                    )
                specs[p.name] = ParamSpec("constexpr", value=v)
            elif isinstance(v, np.ndarray):
                dt = tl.dtype.of_numpy(v.dtype)
                if dt is None:
                    raise TTLangLaunchError(
                        f"argument '{p.name}' is an array of {v.dtype}; kernels take np.float32 or "
                        "ml_dtypes.bfloat16 arrays",
                        call_loc,
                        note,
                    )
                if v.ndim != 2:
                    raise TTLangLaunchError(
                        f"argument '{p.name}' has {v.ndim} dimension(s); kernels take 2-D arrays "
                        "(reshape 1-D data to (1, n) or (n, 1))",
                        call_loc,
                        note,
                    )
                if v.size == 0:
                    raise TTLangLaunchError(
                        f"argument '{p.name}' is empty (shape {v.shape})", call_loc, note
                    )
                specs[p.name] = ParamSpec(
                    "tensor", dtype=dt, unit=(v.shape[0] == 1, v.shape[1] == 1)
                )
            elif isinstance(v, (bool, np.bool_)):
                specs[p.name] = ParamSpec("scalar", type=ir.INT)
            elif isinstance(v, (int, np.integer)):
                if not -(2**31) <= int(v) < 2**31:
                    raise TTLangLaunchError(
                        f"argument '{p.name}' = {v} does not fit in 32 bits", call_loc, note
                    )
                specs[p.name] = ParamSpec("scalar", type=ir.INT)
            elif isinstance(v, (float, np.floating)):
                specs[p.name] = ParamSpec("scalar", type=ir.FLOAT)
            else:
                raise TTLangLaunchError(
                    f"argument '{p.name}' is a {type(v).__name__}; kernels take 2-D numpy arrays, "
                    "ints, floats and bools",
                    call_loc,
                    note,
                )
        return specs

    def _globals_snapshot(self) -> tuple:
        """The global values the kernel reads, and the @tt.func helpers it calls with theirs
        (all of them are compiled in)."""
        return _snapshot(self.fn, self.source.tree, set())

    def _key(self, specs: dict[str, ParamSpec], arch: arch_mod.Arch, backend) -> str:
        h = hashlib.sha256()
        parts = [
            __version__,
            codegen.compiler_hash(),
            backend.name,
            backend.build_id,
            arch.name,
            repr(self.options),
            # The source and where it starts (line numbers are compiled into the comments), not
            # its path: a notebook cell's path changes every session.
            str(self.source.first_line),
            self.source.text,
            _spec_text(specs),
            repr(self._globals_snapshot()),
        ]
        for part in parts:
            h.update(part.encode())
            h.update(b"\0")
        return h.hexdigest()[:32]

    # -- compilation ------------------------------------------------------------------------

    def compile(self, *args, **kwargs) -> "CompiledKernel":
        """Compiles the kernel for these arguments (types and constexprs) without running it."""
        try:
            values = self._bind(args, kwargs, _caller_loc(1))
            return self._get_compiled(values, _caller_loc(1))
        except TTLangError as e:
            raise e.with_traceback(None) from None

    def _get_compiled(self, values: dict, call_loc, backend=None) -> "CompiledKernel":
        specs = self._spec(values, call_loc)
        arch = arch_mod.get(self.arch_name)
        backend = backend or backend_mod.get(self.backend_name)
        spec_key = (
            arch.name,
            backend.name,
            _spec_text(specs),
            self._globals_snapshot(),
        )
        with self._lock:
            ck = self._compiled.get(spec_key)
            if ck is None:
                key = self._key(specs, arch, backend)
                d = cache.lookup(key)
                if d is None:
                    try:
                        d = cache.store(key, lambda tmp: self._build(tmp, specs, arch, backend))
                    except TTLangError:
                        raise
                    except (
                        Exception
                    ) as e:  # a bug in ttlang: still say where, never a raw traceback
                        if os.environ.get("TTLANG_DEBUG"):
                            raise
                        raise TTLangInternalError(
                            f"compiling kernel '{self.__name__}' failed: {type(e).__name__}: {e} "
                            "(set TTLANG_DEBUG=1 for the traceback)",
                            self.def_loc,
                        ) from None
                ck = CompiledKernel(self, key, d, arch, backend)
                self._compiled[spec_key] = ck
                COMPILED.append(ck)
            ck.dump()  # with TTLANG_DUMP_DIR set (checked at every use)
            return ck

    def _build(self, tmp: Path, specs, arch, backend) -> dict:
        kir = build_ir(self.source, self.fn.__globals__, specs)
        program = passes.run(kir, arch, self.options)
        src = codegen.generate(program, arch, self.options)
        for name, text in src.by_role().items():
            (tmp / name).write_text(text)
        backend.compile_host(tmp / "host.cpp", tmp / "host.so")
        writer_tensors = codegen._Context.accessor_tensors(program.writer)
        return {
            "meta": {
                "kernel": self.__name__,
                "def": [kir.loc.file, kir.loc.line, kir.loc.col],
                "tensors": [
                    (p.name, p.dtype.value) for p in kir.params if isinstance(p, ir.TensorParam)
                ],
                "scalars": [
                    (p.name, p.type.kind) for p in kir.params if isinstance(p, ir.ScalarParam)
                ],
                "stored": writer_tensors,
            }
        }


class _Launcher:
    def __init__(self, kernel: Kernel, grid):
        self.kernel = kernel
        self.grid = grid

    def __call__(self, *args, **kwargs) -> "CompiledKernel":
        call_loc = _caller_loc(1)
        try:
            k = self.kernel
            values = k._bind(args, kwargs, call_loc)
            arch = arch_mod.get(k.arch_name)
            try:
                core_map = map_grid(self.grid, arch)
            except GridError as e:
                raise TTLangLaunchError(
                    str(e), call_loc, (f"kernel '{k.__name__}' is defined at {k.def_loc}",)
                ) from None
            backend = backend_mod.get(k.backend_name)
            backend.check_runnable(call_loc)  # before compiling
            ck = k._get_compiled(values, call_loc, backend)
            ck.run(core_map, values, call_loc)
            return ck
        except TTLangError as e:
            raise e.with_traceback(None) from None


class CompiledKernel:
    """A kernel compiled for one specialisation: its generated C++ and its loaded host program."""

    def __init__(self, kernel: Kernel, key: str, directory: Path, arch: arch_mod.Arch, backend):
        self.kernel = kernel
        self.key = key
        self.dir = directory
        self.arch = arch
        self.backend = backend
        self.meta = cache.manifest(directory)["meta"]
        self._program: HostProgram | None = None
        self._maps: dict[str, dict] = {}
        self._dumped: set[Path] = set()

    @property
    def name(self) -> str:
        return self.meta["kernel"]

    def source(self, role: str) -> str:
        """The generated C++ of a role: "host", "reader", "compute" or "writer"."""
        return (self.dir / f"{role}.cpp").read_text()

    @property
    def host(self) -> str:
        return self.source("host")

    @property
    def reader(self) -> str:
        return self.source("reader")

    @property
    def compute(self) -> str:
        return self.source("compute")

    @property
    def writer(self) -> str:
        return self.source("writer")

    @property
    def sources(self) -> dict[str, str]:
        return {r: self.source(r) for r in ("host", "reader", "compute", "writer")}

    def __repr__(self) -> str:
        return f"<CompiledKernel {self.name} {self.key[:12]} in {self.dir}>"

    def dump(self, root: str | None = None) -> Path | None:
        """Writes the generated C++ to <root>/<kernel>-<key>/ (root: TTLANG_DUMP_DIR by default)."""
        root = root or os.environ.get("TTLANG_DUMP_DIR")
        if not root:
            return None
        d = Path(root) / f"{self.name}-{self.key[:12]}"
        if d in self._dumped and d.exists():
            return d
        d.mkdir(parents=True, exist_ok=True)
        for role, text in self.sources.items():
            (d / f"{role}.cpp").write_text(text)
        self._dumped.add(d)
        return d

    def line_map(self, role: str) -> dict:
        if role not in self._maps:
            file = self.kernel.source.file  # this process's path of the kernel's source
            self._maps[role] = codegen.line_map(
                self.source(role), {os.path.basename(file): file}, file
            )
        return self._maps[role]

    def run(self, core_map, values: dict, call_loc) -> None:
        if self._program is None:
            self._program = HostProgram(self.dir / "host.so")
        rt = runtime_for(self.backend)
        try:
            dev = rt.device(self.arch.name)
            handles: dict[str, int] = {}
            scalars: list[int] = []
            shapes = {}
            try:
                for name, dt_name in self.meta["tensors"]:
                    arr = values[name]
                    dt = tl.dtype(dt_name)
                    raw = tensors.to_tiles(arr, dt)
                    h = rt.alloc(dev, raw.nbytes, dt.tile_bytes)
                    handles[name] = h
                    rt.write(h, raw)
                    tr, tc = tensors.tile_shape(arr.shape)
                    shapes[name] = (arr.shape, (tr, tc))
                    scalars += [arr.shape[0], arr.shape[1], tr, tc]
                for name, kind in self.meta["scalars"]:
                    v = values[name]
                    if kind == "float":
                        scalars.append(int(np.float32(v).view(np.uint32)))
                    else:
                        scalars.append(int(v) & 0xFFFFFFFF)
                err = self._program.launch(
                    dev,
                    self.dir,
                    core_map.cores,
                    core_map.pids,
                    core_map.dims,
                    [handles[n] for n, _ in self.meta["tensors"]],
                    scalars,
                )
                if err:
                    raise faults.translate(err, self, shapes, call_loc)
                results = {}
                for name in self.meta["stored"]:
                    arr = values[name]
                    dt = tl.dtype(dict(self.meta["tensors"])[name])
                    raw = np.empty(tensors.nbytes(arr.shape, dt), dtype=np.uint8)
                    rt.read(handles[name], raw)
                    results[name] = tensors.from_tiles(raw, arr.shape, dt)
                for name, res in results.items():  # only once everything succeeded
                    np.copyto(values[name], res)
            finally:
                for h in handles.values():
                    rt.free(h)
        except RuntimeError_ as e:
            raise TTLangRuntimeError(str(e), call_loc) from None


def kernel(
    fn=None,
    *,
    fp32_dest_acc: bool = True,
    math_fidelity: str = "HiFi4",
    arch: str | None = None,
    backend: str | None = None,
):
    """Decorator: `@tt.kernel` or `@tt.kernel(fp32_dest_acc=..., math_fidelity=..., arch=...,
    backend=...)`. `backend` is "emulator" or "metalium"; None defers to $TTLANG_BACKEND, else
    the emulator."""
    options = dict(
        fp32_dest_acc=fp32_dest_acc, math_fidelity=math_fidelity, arch=arch, backend=backend
    )
    if fn is None:
        return lambda f: Kernel(f, **options)
    return Kernel(fn, **options)
