"""@tt.autotune: a kernel whose tt.constexpr parameters (block sizes) and compile options
(fidelity, DST accumulation, multicast) come from the fastest of several configurations, timed
on the emulator's timing model, so no hardware is needed. In Triton's shape:

    @tt.autotune(configs=[tt.Config({"BM": 8, "BN": 8, "BK": 2}), tt.Config({"BM": 16, ...})],
                 key=["a", "b"])
    @tt.kernel
    def matmul(a, b, c, BM: tt.constexpr, BN: tt.constexpr, BK: tt.constexpr): ...

    matmul[lambda cfg: (Mt // cfg["BM"], Nt // cfg["BN"])](a, b, c)

The first launch for a new key (the shapes of the tensors `key` names, the values of its
scalars, and the grid) runs every config on copies of the arguments under the timing model,
picks the one of fewest modeled cycles, stores the choice on disk ($TTLANG_CACHE_DIR/autotune)
and launches it on the real arguments; later launches with that key, in this process or another,
launch the stored choice directly. A config that does not compile or run (too many CBs, L1
exceeded), or whose results differ from the first config's (a grid that does not cover the
output), scores nothing and is reported. `tuner.best_config` and `tuner.scores` hold the last
choice; TTLANG_PRINT_AUTOTUNING=1 prints it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import __version__
from .emulator import cachedir
from .errors import TTLangError, TTLangLaunchError
from .kernel import Kernel, _caller_loc

OPTIONS = ("math_fidelity", "fp32_dest_acc", "multicast")


@dataclass(frozen=True)
class Config:
    """Values for a kernel's tt.constexpr parameters, and compile options (None: the kernel's)."""

    kwargs: dict = field(default_factory=dict)
    math_fidelity: str | None = None
    fp32_dest_acc: bool | None = None
    multicast: bool | None = None

    def __init__(self, kwargs=None, *, math_fidelity=None, fp32_dest_acc=None, multicast=None):
        object.__setattr__(self, "kwargs", dict(kwargs or {}))
        object.__setattr__(self, "math_fidelity", math_fidelity)
        object.__setattr__(self, "fp32_dest_acc", fp32_dest_acc)
        object.__setattr__(self, "multicast", multicast)

    def options(self) -> dict:
        return {k: getattr(self, k) for k in OPTIONS if getattr(self, k) is not None}

    def __str__(self) -> str:
        parts = [f"{k}={v!r}" for k, v in self.kwargs.items()]
        parts += [f"{k}={v!r}" for k, v in self.options().items()]
        return ", ".join(parts) or "(defaults)"

    def __hash__(self):
        return hash(str(self))


def autotune(configs, key=()):
    """Decorator over a @tt.kernel: `@tt.autotune(configs=[tt.Config({...}), ...], key=[...])`."""

    def wrap(k):
        if not isinstance(k, Kernel):
            raise TypeError("@tt.autotune goes above @tt.kernel: it tunes a kernel")
        return Autotuner(k, list(configs), list(key))

    return wrap


class Autotuner:
    def __init__(self, kernel: Kernel, configs: list[Config], key: list[str]):
        self.kernel = kernel
        self.__name__ = kernel.__name__
        self.__doc__ = kernel.__doc__
        names = [p.name for p in kernel.params]
        constexprs = {p.name for p in kernel.params if p.constexpr}
        if not configs:
            raise ValueError(f"@tt.autotune of '{kernel.__name__}': give at least one tt.Config")
        for c in configs:
            if not isinstance(c, Config):
                raise TypeError(f"@tt.autotune of '{kernel.__name__}': configs are tt.Config, got {c!r}")
            if set(c.kwargs) != set(configs[0].kwargs):
                raise ValueError(
                    f"@tt.autotune of '{kernel.__name__}': every config must set the same parameters "
                    f"({', '.join(configs[0].kwargs)}); {c} does not"
                )
            for n in c.kwargs:
                if n not in constexprs:
                    raise ValueError(
                        f"@tt.autotune of '{kernel.__name__}': config parameter '{n}' is not a "
                        f"tt.constexpr parameter of the kernel ({', '.join(sorted(constexprs)) or 'it has none'})"
                    )
        for n in key:
            if n not in names or n in configs[0].kwargs:
                raise ValueError(
                    f"@tt.autotune of '{kernel.__name__}': key '{n}' is not one of the parameters the "
                    f"caller passes ({', '.join(x for x in names if x not in configs[0].kwargs)})"
                )
        self.configs = configs
        self.key = key
        self.tuned = [p for p in names if p not in configs[0].kwargs]  # what a launch passes
        self._variants: dict[tuple, Kernel] = {}
        self._memo: dict[str, int] = {}
        self.best_config: Config | None = None
        self.scores: dict[Config, int | None] = {}
        self.errors: dict[Config, str] = {}

    def __repr__(self) -> str:
        return f"<ttlang autotuned kernel {self.kernel.fn.__qualname__}, {len(self.configs)} configs>"

    def __getitem__(self, grid):
        return _TunedLaunch(self, grid)

    def variant(self, config: Config, backend: str | None = None) -> Kernel:
        """The kernel compiled with the config's options (one Kernel per distinct options)."""
        k = self.kernel
        opts = dict(
            fp32_dest_acc=k.options.fp32_dest_acc,
            math_fidelity=k.options.math_fidelity,
            multicast=k.options.multicast,
            arch=k.arch_name,
            backend=backend or k.backend_name,
        )
        opts.update(config.options())
        if opts == dict(
            fp32_dest_acc=k.options.fp32_dest_acc,
            math_fidelity=k.options.math_fidelity,
            multicast=k.options.multicast,
            arch=k.arch_name,
            backend=k.backend_name,
        ):
            return k
        sig = tuple(sorted(opts.items()))
        if sig not in self._variants:
            self._variants[sig] = Kernel(k.fn, **opts)
        return self._variants[sig]

    # -- the on-disk choices ---------------------------------------------------------------

    def _file(self) -> Path:
        from .codegen import compiler_hash

        h = hashlib.sha256()
        for part in (
            __version__, compiler_hash(), self.kernel.source.text, repr(self.kernel.options),
            str(self.kernel.arch_name), "\n".join(map(str, self.configs)),
        ):
            h.update(part.encode())
            h.update(b"\0")
        return cachedir.root() / "autotune" / f"{self.kernel.__name__}-{h.hexdigest()[:24]}.json"

    def _stored(self, key: str) -> int | None:
        try:
            entry = json.loads(self._file().read_text()).get(key)
        except (OSError, ValueError):
            return None
        if not entry or not 0 <= entry.get("best", -1) < len(self.configs):
            return None
        self.scores = {c: s for c, s in zip(self.configs, entry["cycles"])}
        return entry["best"]

    def _store(self, key: str, best: int, cycles: list) -> None:
        path = self._file()
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            data = {}
        data[key] = {"best": best, "config": str(self.configs[best]), "cycles": cycles,
                     "configs": [str(c) for c in self.configs]}
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp.")
        with os.fdopen(fd, "w") as f:
            json.dump(data, f, indent=1)
        os.replace(tmp, path)

    # -- tuning ----------------------------------------------------------------------------

    def report(self) -> str:
        if self.best_config is None:
            return f"{self.__name__}: not tuned yet"
        lines = [f"autotuned {self.__name__}: best {self.best_config}"]
        for c in self.configs:
            s = self.scores.get(c)
            mark = "*" if c == self.best_config else " "
            what = f"{s:,} cycles" if s is not None else f"failed: {self.errors.get(c, 'did not run')}"
            lines.append(f"  {mark} {c}: {what}")
        return "\n".join(lines)


def _differs(got: dict, ref: dict) -> str | None:
    """The first array argument whose values after a config's run are not those after the
    reference config's, at a tolerance that fidelities and accumulation orders stay within
    (5% of the largest magnitude); None if all agree."""
    for n, x in got.items():
        if not isinstance(x, np.ndarray):
            continue
        a, b = np.asarray(x, np.float32), np.asarray(ref[n], np.float32)
        scale = float(np.nanmax(np.abs(b))) if b.size and np.isfinite(b).any() else 0.0
        if not np.allclose(a, b, rtol=0.05, atol=0.05 * scale, equal_nan=True):
            return f"argument '{n}'"
    return None


def _key_part(v) -> str:
    shape = getattr(v, "shape", None)
    if shape is not None:
        return f"{tuple(shape)}:{getattr(v, 'dtype', '')}"
    return repr(v)


class _TunedLaunch:
    def __init__(self, tuner: Autotuner, grid):
        self.tuner = tuner
        self.grid = grid

    def _grid(self, config: Config):
        return self.grid(dict(config.kwargs)) if callable(self.grid) else self.grid

    def __call__(self, *args, **kwargs):
        try:
            return self._launch(args, kwargs, _caller_loc(1))
        except TTLangError as e:  # reported at the user's line, without ttlang's frames
            raise e.with_traceback(None) from None

    def _launch(self, args, kwargs, loc):
        t = self.tuner
        bound = dict(zip(t.tuned, args))
        if len(args) > len(t.tuned):
            raise TTLangLaunchError(
                f"autotuned kernel '{t.__name__}' takes {len(t.tuned)} arguments ({', '.join(t.tuned)}); "
                f"the configs give the others; got {len(args)}",
                loc,
            )
        for n, v in kwargs.items():
            if n not in t.tuned:
                raise TTLangLaunchError(
                    f"autotuned kernel '{t.__name__}' has no argument '{n}' to pass (the configs set "
                    f"{', '.join(t.configs[0].kwargs)})",
                    loc,
                )
            bound[n] = v
        missing = [n for n in t.tuned if n not in bound]
        if missing:
            raise TTLangLaunchError(f"autotuned kernel '{t.__name__}' is missing argument(s) {', '.join(missing)}", loc)
        grids = [self._grid(c) for c in t.configs]
        key = "|".join([*(f"{n}={_key_part(bound[n])}" for n in t.key), "grid=" + repr(grids)])
        best = t._memo.get(key)
        if best is None:
            best = t._stored(key)
        if best is None:
            best = self._tune(bound, grids, key, loc)
        t._memo[key] = best
        t.best_config = t.configs[best]
        c = t.configs[best]
        return t.variant(c)[grids[best]].launch((), {**bound, **c.kwargs}, loc)

    def _tune(self, bound: dict, grids: list, key: str, loc) -> int:
        from .launch.device import Tensor
        from .profiling import profile

        t = self.tuner
        for n, v in bound.items():
            if isinstance(v, Tensor):
                raise TTLangLaunchError(
                    f"autotuning '{t.__name__}' runs every config on copies of its arguments, and "
                    f"argument '{n}' is a device tensor (not copied): pass numpy arrays for the "
                    "launch that tunes (the choice is then stored for this key)",
                    loc,
                )
        t.scores, t.errors = {}, {}
        cycles: list[int | None] = []
        first_error: TTLangError | None = None
        reference: tuple[Config, dict] | None = None  # the first config that ran, and its results
        for c, grid in zip(t.configs, grids):
            copies = {n: v.copy() if isinstance(v, np.ndarray) else v for n, v in bound.items()}
            try:
                p = profile(t.variant(c, backend="emulator")[grid], **copies, **c.kwargs)
                cycles.append(p.cycles)
            except TTLangError as e:
                first_error = first_error or e
                t.errors[c] = str(e).splitlines()[0]
                cycles.append(None)
            if cycles[-1] is not None:
                if reference is None:
                    reference = (c, copies)
                else:
                    differs = _differs(copies, reference[1])
                    if differs:
                        t.errors[c] = (
                            f"its {differs} differs from that of {reference[0]} beyond the formats' "
                            "tolerance: does the grid cover the output for this config?"
                        )
                        cycles[-1] = None
            t.scores[c] = cycles[-1]
        ok = [i for i, s in enumerate(cycles) if s is not None]
        if not ok:
            raise TTLangLaunchError(
                f"autotuning '{t.__name__}': no config ran; the first failed with: {first_error}", loc
            ) from None
        best = min(ok, key=lambda i: (cycles[i], i))
        t.best_config = t.configs[best]
        t._store(key, best, cycles)
        if os.environ.get("TTLANG_PRINT_AUTOTUNING") == "1":
            print(t.report(), file=sys.stderr)
        return best
