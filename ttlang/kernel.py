"""@tt.kernel and kernel[grid](*args): specialisation, compilation (cached) and launch."""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import inspect
import math
import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import __version__, codegen
from .codegen import code_size
from . import arch as arch_mod
from . import language as tl
from .ast_frontend import ParamSpec, build_ir, get_source
from .ast_frontend.static import dim_value
from .errors import (
    Loc,
    TTLangError,
    TTLangInternalError,
    TTLangLaunchError,
    TTLangResourceError,
    TTLangRuntimeError,
    warn_at,
)
from .ir import nodes as ir
from .ir import passes
from .ir.passes.core_mapping import GridError, map_grid
from .launch import backend as backend_mod
from .launch import cache, faults, progress, tensors
from .launch.device import Tensor
from . import profiling as profile_mod
from .launch.runtime import HostProgram, RuntimeError_, runtime_for

# Every kernel specialisation compiled or loaded in this process (for tools that inspect the
# generated code, such as the checks against the real TT-Metalium headers).
COMPILED: list = []


# Call positions already resolved, by (code object, instruction offset): a launch in a loop pays
# for one dict lookup, not a walk over its code's position table.
_LOCS: dict[tuple, Loc] = {}


def _caller_loc(depth: int) -> Loc | None:
    """The position of the call `depth` frames up (the user's kernel[grid](...) line)."""
    try:
        frame = sys._getframe(depth + 1)
    except ValueError:
        return None
    key = (frame.f_code, frame.f_lasti)
    loc = _LOCS.get(key)
    if loc is None:
        if len(_LOCS) > 4096:
            _LOCS.clear()
        loc = _LOCS[key] = _frame_loc(frame)
    return loc


def _frame_loc(frame) -> Loc:
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


# The global names each kernel or helper body reads, by id of its AST (kept alive here with it).
_NAMES: dict[int, tuple] = {}


def _names(tree) -> frozenset:
    """Names read and never bound in the function: its parameters and the names it assigns are
    locals (Python's scoping), so a module global of the same name does not matter."""
    entry = _NAMES.get(id(tree))
    if entry is None or entry[0] is not tree:
        read, bound = set(), set()
        for n in ast.walk(tree):
            if isinstance(n, ast.Name):
                (read if isinstance(n.ctx, ast.Load) else bound).add(n.id)
            elif isinstance(n, ast.arg):
                bound.add(n.arg)
        entry = _NAMES[id(tree)] = (tree, frozenset(read - bound))
    return entry[1]


def _snapshot(fn, tree, seen: set) -> tuple:
    g = fn.__globals__
    names = sorted(n for n in _names(tree) if n in g)
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


def _shapes(values: dict, specs: dict[str, ParamSpec]) -> dict[str, tuple[int, int]]:
    """The element shape of every tensor argument."""
    return {n: tuple(values[n].shape) for n, spec in specs.items() if spec.kind == "tensor"}


def _shape_values(values: dict, dims: tuple) -> tuple:
    """The values of the tensor dims (tensor, dim) that a specialisation compiled in."""
    return tuple((t, d, dim_value(values[t].shape, d)) for t, d in dims)


def _shape_text(specs: dict[str, ParamSpec], consts: tuple) -> str:
    """Which tensor dims are compiled in (with their values) and which are runtime arguments,
    for the cache key: a kernel whose compile-time positions read no shape has no dims compiled
    in, and one compiled entry serves every shape."""
    compiled = {(t, d) for t, d, _ in consts}
    runtime = [
        f"{t}.{d}"
        for t, spec in sorted(specs.items())
        if spec.kind == "tensor"
        for d in ("rows", "cols", "tile_rows", "tile_cols", *(f"dim{k}" for k in range(spec.ndim - 2)))
        if (t, d) not in compiled
    ]
    return "shapes compiled in: " + repr(sorted(consts)) + "; runtime: " + ", ".join(runtime)


FIDELITIES = ("LoFi", "HiFi2", "HiFi3", "HiFi4")  # MathFidelity's values


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
        multicast: bool | None = None,
    ):
        if backend is not None and backend not in backend_mod.NAMES:
            raise ValueError(
                f"unknown backend {backend!r}: expected one of {', '.join(backend_mod.NAMES)}"
            )
        if math_fidelity not in FIDELITIES:
            raise ValueError(
                f"unknown math_fidelity {math_fidelity!r}: expected one of {', '.join(FIDELITIES)}"
            )
        if arch is not None:
            arch_mod.get(arch)  # an unknown name is a ValueError here, not at the first launch
        self.fn = fn
        self.__name__ = fn.__name__
        self.__doc__ = fn.__doc__
        if multicast is None:  # $TTLANG_MULTICAST=0 turns it off for every kernel
            multicast = os.environ.get("TTLANG_MULTICAST", "1") != "0"
        self.options = passes.Options(
            fp32_dest_acc=fp32_dest_acc, math_fidelity=math_fidelity, multicast=bool(multicast)
        )
        self.arch_name = arch
        self.backend_name = backend  # None: $TTLANG_BACKEND, else the emulator
        sig = inspect.signature(fn)
        self.signature = sig
        self.params = [_Param(p.name, _is_constexpr(p.annotation)) for p in sig.parameters.values()]
        self._names = tuple(p.name for p in self.params)
        # Positional calls with every argument bind without inspect (the launch fast path).
        self._positional = all(
            p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in sig.parameters.values()
        )
        self._compiled: dict = {}
        self._fast: dict = {}  # (_fast_key(...), shape values) -> its key in _compiled
        # The tensor dims the specialisations compiled in, by the key of everything else (a
        # list: a dim's value can decide which others a compile-time position reads).
        self._dims: dict = {}  # spec key without shapes -> [((tensor, dim), ...), ...]
        self._fast_dims: dict = {}  # _fast_key(...) -> [((tensor, dim), ...), ...]
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
        if not kwargs and self._positional and len(args) == len(self._names):
            return dict(zip(self._names, args))
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
            elif isinstance(v, Tensor):  # specialised exactly as the numpy array it holds
                specs[p.name] = ParamSpec(
                    "tensor", dtype=v._dt, unit=(v.shape[-2] == 1, v.shape[-1] == 1), ndim=len(v.shape)
                )
            elif isinstance(v, np.ndarray):
                dt = tl.dtype.of_numpy(v.dtype)
                if dt is None:
                    raise TTLangLaunchError(
                        f"argument '{p.name}' is an array of {v.dtype}; kernels take np.float32 or "
                        "ml_dtypes.bfloat16 arrays",
                        call_loc,
                        note,
                    )
                if v.ndim < 2:
                    raise TTLangLaunchError(
                        f"argument '{p.name}' has {v.ndim} dimension(s); kernels take arrays of 2 "
                        "or more dimensions (reshape 1-D data to (1, n) or (n, 1))",
                        call_loc,
                        note,
                    )
                if v.size == 0:
                    raise TTLangLaunchError(
                        f"argument '{p.name}' is empty (shape {v.shape})", call_loc, note
                    )
                specs[p.name] = ParamSpec(
                    "tensor", dtype=dt, unit=(v.shape[-2] == 1, v.shape[-1] == 1), ndim=v.ndim
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
                    f"argument '{p.name}' is a {type(v).__name__}; kernels take numpy arrays, "
                    "device tensors (tt.to_device), ints, floats and bools",
                    call_loc,
                    note,
                )
        return specs

    def _globals_snapshot(self) -> tuple:
        """The global values the kernel reads, and the @tt.func helpers it calls with theirs
        (all of them are compiled in)."""
        return _snapshot(self.fn, self.source.tree, set())

    def _key(
        self, specs: dict[str, ParamSpec], shape_consts: tuple, arch: arch_mod.Arch, backend
    ) -> str:
        h = hashlib.sha256()
        parts = [
            __version__,
            codegen.compiler_hash(),
            backend.name,
            backend.build_id,
            # host.so is linked against this process's runtime library, by path (its RUNPATH): a
            # kernel built while the runtime lives elsewhere (another cache directory, fixed at
            # the process's first launch) is another entry, not one whose library is missing.
            str(backend.runtime_dir),
            arch.name,
            str(code_size.kernel_config_bytes(arch)),  # the limit a cached kernel was checked against
            repr(self.options),
            # The source and where it starts (line numbers are compiled into the comments), not
            # its path: a notebook cell's path changes every session.
            str(self.source.first_line),
            self.source.text,
            _spec_text(specs),
            _shape_text(specs, shape_consts),
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

    def _fast_key(self, values: dict, arch, backend) -> tuple | None:
        """A key that determines the specialisation as _spec does, computed without building
        it: per tensor its dtype and unit dims, per scalar int or float, per constexpr its type
        and value; plus the globals. None for arguments only _spec can judge."""
        parts: list = [arch.name, backend.name]
        for p in self.params:
            v = values[p.name]
            t = type(v)
            if p.constexpr:
                parts.append((t, repr(v)))
            elif t is np.ndarray or t is Tensor:
                shape = v.shape
                if len(shape) < 2 or not all(shape):
                    return None
                parts.append((v.dtype, len(shape), shape[-2] == 1, shape[-1] == 1))
            elif t is float or t is np.float32 or t is np.float64:
                parts.append(float)
            elif t is int or t is bool or t is np.int32 or t is np.int64:
                parts.append(int)
            else:
                return None
        parts.append(self._globals_snapshot())
        return tuple(parts)

    def _get_compiled(self, values: dict, call_loc, backend=None, arch=None) -> "CompiledKernel":
        arch = arch or arch_mod.get(self.arch_name)
        backend = backend or backend_mod.get(self.backend_name)
        fast = self._fast_key(values, arch, backend)
        if fast is not None:
            for dims in self._fast_dims.get(fast, ()):
                ck = self._compiled.get(self._fast.get((fast, _shape_values(values, dims))))
                if ck is not None:
                    ck.dump()  # with TTLANG_DUMP_DIR set (checked at every use)
                    return ck
        specs = self._spec(values, call_loc)
        base = (arch.name, backend.name, _spec_text(specs), self._globals_snapshot())
        with self._lock:
            ck = None
            for dims in self._dims.get(base, ()):
                consts = _shape_values(values, dims)
                ck = self._compiled.get((base, consts))
                if ck is not None:
                    break
            if ck is None:
                # The frontend says which dims reach a compile-time position; the entry for
                # their values may be on disk already.
                kir = self._frontend(specs, _shapes(values, specs))
                consts = kir.shape_consts
                dims = tuple((t, d) for t, d, _ in consts)
                ck = self._compiled.get((base, consts))
                if ck is None:
                    ck = self._load_or_build(kir, specs, arch, backend)
                    self._compiled[(base, consts)] = ck
                    COMPILED.append(ck)
                if dims not in self._dims.setdefault(base, []):
                    self._dims[base].append(dims)
            dims = tuple((t, d) for t, d, _ in consts)
            if fast is not None:
                if dims not in self._fast_dims.setdefault(fast, []):
                    self._fast_dims[fast].append(dims)
                self._fast[(fast, consts)] = (base, consts)
            ck.dump()  # with TTLANG_DUMP_DIR set (checked at every use)
            return ck

    def _compiling(self, fn, *args):
        """fn(*args), where a bug in ttlang still says where, never with a raw traceback."""
        try:
            return fn(*args)
        except TTLangError:
            raise
        except Exception as e:
            if os.environ.get("TTLANG_DEBUG"):
                raise
            raise TTLangInternalError(
                f"compiling kernel '{self.__name__}' failed: {type(e).__name__}: {e} "
                "(set TTLANG_DEBUG=1 for the traceback)",
                self.def_loc,
            ) from None

    def _frontend(self, specs, shapes) -> ir.KernelIR:
        return self._compiling(build_ir, self.source, self.fn.__globals__, specs, shapes)

    def _load_or_build(self, kir, specs, arch, backend) -> "CompiledKernel":
        key = self._key(specs, kir.shape_consts, arch, backend)
        d = cache.lookup(key)
        if d is None:
            d = self._compiling(cache.store, key, lambda tmp: self._build(tmp, kir, specs, arch, backend))
        return CompiledKernel(self, key, d, arch, backend)

    def _build(self, tmp: Path, kir: ir.KernelIR, specs, arch, backend) -> dict:
        program = passes.run(kir, arch, self.options)
        src = codegen.generate(program, arch, self.options)
        roles = src.by_role()
        size = code_size.estimate(roles["reader.cpp"], roles["writer.cpp"], roles["compute.cpp"])
        too_big = code_size.problems(size, arch)
        if too_big:
            raise TTLangResourceError(
                f"kernel '{self.__name__}' would not fit on a {arch.title} core: "
                + "; ".join(too_big)
                + f" (over {code_size.MARGIN:g}x the limit, beyond the estimate's uncertainty: "
                "docs/language.md, 'Code size'). A block variable assigned more than once is "
                "unrolled tile by tile; assign it once, or use smaller blocks",
                self.def_loc,
            )
        # Over a limit but within the estimate's uncertainty: it may not fit on the chip.
        may_not_fit = code_size.problems(size, arch, margin=1)
        for name, text in roles.items():
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
                "shape_consts": [list(c) for c in kir.shape_consts],
                "shapes": _shape_text(specs, kir.shape_consts),  # as in the key
                "may_not_fit": (
                    f"kernel '{self.__name__}' may not fit on a {arch.title} core: "
                    + "; ".join(may_not_fit)
                    + f" (within the {code_size.MARGIN:g}x uncertainty of the estimate, so it is "
                    "not refused; docs/language.md, 'Code size')"
                    if may_not_fit
                    else ""
                ),
            }
        }


# Core maps by (grid, arch name): a grid maps to the same cores every time.
_CORE_MAPS: dict = {}


def _core_map(grid, arch: arch_mod.Arch):
    try:
        return _CORE_MAPS[(grid, arch.name)]
    except KeyError:
        core_map = _CORE_MAPS[(grid, arch.name)] = map_grid(grid, arch)
        return core_map
    except TypeError:  # an unhashable grid: map_grid says what is wrong with it
        return map_grid(grid, arch)


class _Launcher:
    def __init__(self, kernel: Kernel, grid):
        self.kernel = kernel
        self.grid = grid

    def __call__(self, *args, **kwargs) -> "CompiledKernel":
        try:
            return self.launch(args, kwargs, _caller_loc(1))
        except TTLangError as e:
            raise e.with_traceback(None) from None

    def launch(self, args, kwargs, call_loc) -> "CompiledKernel":
        """The launch, its errors reported at `call_loc` (the user's line)."""
        k = self.kernel
        values = k._bind(args, kwargs, call_loc)
        arch = arch_mod.get(k.arch_name)
        try:
            core_map = _core_map(self.grid, arch)
        except GridError as e:
            raise TTLangLaunchError(
                str(e), call_loc, (f"kernel '{k.__name__}' is defined at {k.def_loc}",)
            ) from None
        backend = backend_mod.get(k.backend_name)
        backend.check_runnable(call_loc)  # before compiling
        ck = k._get_compiled(values, call_loc, backend, arch)
        ck.run(core_map, values, call_loc)
        return ck


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
        self._load_lock = threading.Lock()
        self._maps: dict[str, dict] = {}
        self._dumped: set[Path] = set()
        # What a launch binds, decoded from the manifest once.
        self.name: str = self.meta["kernel"]
        # The tensor dims compiled in, ((tensor, dim, value), ...); every other dim is runtime.
        self.shape_consts = tuple(tuple(c) for c in self.meta.get("shape_consts", ()))
        stored = set(self.meta["stored"])
        self._tensors = [(name, tl.dtype(dt), name in stored) for name, dt in self.meta["tensors"]]
        self._tile_bytes = {dt: dt.tile_bytes for _, dt, _ in self._tensors}
        self._scalars = [(name, kind == "float") for name, kind in self.meta["scalars"]]
        self._last_run: tuple | None = None  # (runtime, device, run number) of the last launch
        if self.meta.get("may_not_fit"):
            warn_at(self.meta["may_not_fit"], kernel.def_loc, kernel.fn.__globals__)
        if not stored:
            warn_at(
                f"kernel '{self.name}' stores into no tensor: its launches have no effect (a "
                "kernel's results are the tensors it stores into, as in `out[i] = ...`)",
                kernel.def_loc,
                kernel.fn.__globals__,
            )

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

    @property
    def profile(self):
        """The timing model's profile of this kernel's last launch (a ttlang.profile.Profile:
        device cycles and microseconds, TFLOPS, DRAM traffic, per-core stalls, the bottleneck,
        the costliest Python lines, save_trace(), roofline()); None before the first launch or
        on a backend without a model (TT-Metalium). The emulator keeps the profiles of its most
        recent launches; use tt.profile(kernel[grid], *args) to profile a launch on purpose."""
        if self._last_run is None:
            return None
        rt, device, run = self._last_run
        p = profile_mod.fetch(rt, device, run, compiled=self, fidelity=self.kernel.options.math_fidelity)
        if p is None and run:
            raise TTLangRuntimeError(
                f"the profile of kernel '{self.name}''s last launch (run {run}) is no longer kept: "
                "the emulator keeps the most recent launches' only; use tt.profile(kernel[grid], ...)",
                None,
            )
        return p

    def _save_profile(self, root: Path) -> None:
        """TTLANG_PROFILE=<dir>: the profile and trace of every launch in <dir>/<kernel>-run<n>/."""
        p = self.profile
        if p is not None:
            p.save(root / f"{self.name}-{self.key[:12]}-run{p.run}")

    def _host_program(self) -> HostProgram:
        with self._load_lock:
            if self._program is None:
                self._program = HostProgram(self.dir / "host.so", self.dir)
            return self._program

    def _bind_tensor(self, name: str, v, dt, rt, device: int, temps: list, call_loc) -> int:
        """The DRAM buffer a tensor argument runs on: a device tensor's own, else a temporary
        one holding the numpy array's tiles."""
        if isinstance(v, Tensor):
            if v._arch != self.arch.name or v._backend != self.backend.name:
                raise TTLangLaunchError(
                    f"argument '{name}' is a device tensor on the {v._arch} device of the "
                    f"{v._backend} backend, but kernel '{self.name}' runs on the "
                    f"{self.arch.name} device of the {self.backend.name} backend (make it with "
                    f"tt.to_device(x, arch={self.arch.name!r}, backend={self.backend.name!r}))",
                    call_loc,
                )
            return v._live(name, call_loc)
        h = rt.alloc(device, tensors.nbytes(v.shape, dt), self._tile_bytes[dt])
        temps.append(h)
        rt.write_tiles(h, v, dt)
        return h

    def run(self, core_map, values: dict, call_loc) -> None:
        """Launches the program on `core_map` with the bound arguments. Numpy arrays go to
        temporary DRAM buffers and the ones the kernel stores into come back, only if the launch
        succeeds; device tensors are used in place (a failed launch may have written some of
        their tiles)."""
        program = self._program or self._host_program()
        rt = runtime_for(self.backend)
        temps: list[int] = []
        try:
            device = rt.device(self.arch.name)
            handles: list[int] = []
            scalars: list[int] = []
            tiles_stored = 0
            for name, dt, stored in self._tensors:
                v = values[name]
                if stored and type(v) is np.ndarray and not v.flags.writeable:
                    raise TTLangLaunchError(
                        f"argument '{name}' is a read-only array, and kernel '{self.name}' stores "
                        "into it",
                        call_loc,
                    )
                handles.append(self._bind_tensor(name, v, dt, rt, device, temps, call_loc))
                *lead, rows, cols = v.shape
                tr, tc = -(-rows // tensors.TILE), -(-cols // tensors.TILE)
                scalars += (rows, cols, tr, tc, *lead)
                if stored:
                    tiles_stored += math.prod(lead) * tr * tc
            for name, is_float in self._scalars:
                v = values[name]
                if is_float:
                    scalars.append(int(np.float32(v).view(np.uint32)))
                elif -(2**31) <= v < 2**31:
                    scalars.append(int(v) & 0xFFFFFFFF)
                else:
                    raise TTLangLaunchError(
                        f"argument '{name}' = {v} does not fit in 32 bits", call_loc
                    )
            watched = progress.watch(self.name, rt, device, tiles_stored)
            try:
                err = program.launch(device, core_map, handles, scalars)
            finally:
                progress.done(watched)
            if not err:
                self._last_run = (rt, device, rt.last_run(device))
                if os.environ.get("TTLANG_PROFILE"):
                    self._save_profile(Path(os.environ["TTLANG_PROFILE"]))
            if err:
                shapes = {
                    name: (values[name].shape, tensors.tile_shape(values[name].shape))
                    for name, _, _ in self._tensors
                }
                raise faults.translate(err, self, shapes, call_loc)
            results = []
            for (name, dt, stored), h in zip(self._tensors, handles):
                if not stored:
                    continue
                v = values[name]
                rows, cols = v.shape[-2:]
                if isinstance(v, Tensor):
                    if rows % tensors.TILE or cols % tensors.TILE:
                        rt.fill_padding(h, v.shape, dt)
                    continue
                results.append((h, v, dt))
            for h, v, dt in results:  # only once everything succeeded
                rt.read_tiles(h, v, dt)
        except RuntimeError_ as e:
            raise TTLangRuntimeError(str(e), call_loc) from None
        finally:
            for h in temps:
                rt.free(h)


def kernel(
    fn=None,
    *,
    fp32_dest_acc: bool = True,
    math_fidelity: str = "HiFi4",
    arch: str | None = None,
    backend: str | None = None,
    multicast: bool | None = None,
):
    """Decorator: `@tt.kernel` or `@tt.kernel(fp32_dest_acc=..., math_fidelity=..., arch=...,
    backend=..., multicast=...)`. `backend` is "emulator" or "metalium"; None defers to
    $TTLANG_BACKEND, else the emulator. `multicast=False` keeps every program reading its own
    tiles (docs/language.md, 'Multicast'); None defers to $TTLANG_MULTICAST (default on)."""
    options = dict(
        fp32_dest_acc=fp32_dest_acc,
        math_fidelity=math_fidelity,
        arch=arch,
        backend=backend,
        multicast=multicast,
    )
    if fn is None:
        return lambda f: Kernel(f, **options)
    return Kernel(fn, **options)
