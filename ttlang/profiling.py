"""What a launch would cost on the chip: the emulator's timing model, read from Python.

Every launch on the emulator is replayed in virtual time after it ran (docs/performance.md): each
RISC of each core carries a clock in cycles of the chip's clock, advanced by the modeled cost of
every kernel API call, meeting the other clocks where the threads synchronise, with DRAM banks and
NoC links queueing their traffic. `CompiledKernel.profile` is the profile of the kernel's last
launch; `tt.profile(kernel[grid], *args)` launches and returns it.

    p = tt.profile(matmul[(8, 8)], a, b, c)
    print(p)                       # cycles, TFLOPS, % of peak, DRAM GB/s, bottleneck, hot lines
    p.save_trace("matmul.json")    # Perfetto / chrome://tracing: a process per core, a track per RISC
    p.roofline()                   # matplotlib (optional extra)
"""

from __future__ import annotations

import json
import linecache
import os
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Loc

TRACKS = ("reader", "writer", "unpack", "math", "pack")
_TRACK_OF = {
    "reader (NCRISC)": "reader",
    "writer (BRISC)": "writer",
    "unpack (TRISC0)": "unpack",
    "math (TRISC1)": "math",
    "pack (TRISC2)": "pack",
}
_FIDELITY = {0: "LoFi", 2: "HiFi2", 3: "HiFi3", 4: "HiFi4"}
_FIDELITY_INDEX = {"LoFi": 0, "HiFi2": 2, "HiFi3": 3, "HiFi4": 4}
TILE_FLOPS = 2 * 32 * 32 * 32


def _stall_label(reason: str, ident: int) -> str:
    if reason in ("cb_wait_front", "cb_reserve_back"):
        return f"{reason} c_{ident}"
    if reason == "semaphore":
        return f"semaphore at L1 0x{ident:x}"
    return reason


@dataclass
class Pipe:
    """One RISC pipeline of one core: what it did with the kernel's cycles."""

    core: tuple[int, int]
    track: str  # reader, writer, unpack, math, pack
    start: int
    end: int
    busy: int
    stalls: dict[str, int]  # what it waited on -> cycles

    @property
    def stalled(self) -> int:
        return sum(self.stalls.values())


@dataclass
class Line:
    """A source line (Python for ttlang kernels, C++ for hand-written ones) and its cycles,
    summed over every core and pipeline."""

    where: str  # "file.py:12"
    busy: int
    stall: int
    calls: int
    calls_by_name: dict[str, int] = field(default_factory=dict)
    text: str = ""

    @property
    def cycles(self) -> int:
        return self.busy + self.stall


class Profile:
    """The timing model's profile of one launch (see the module docstring)."""

    def __init__(self, data: dict, *, runtime=None, device: int = 0, compiled=None, fidelity=None):
        self.data = data
        self._rt = runtime
        self._device = device
        self._compiled = compiled
        self.run: int = data["run"]
        self.arch: str = data["arch"]
        self.clock_ghz: float = data["clock_ghz"]
        self.grid: tuple[int, int] = tuple(data["grid"])
        self.cycles: int = data["kernel_cycles"]
        self.launch_cycles: int = data["launch_cycles"]
        self.error: str = data.get("error", "")
        self.pipes = [
            Pipe(
                tuple(p["core"]),
                _TRACK_OF.get(p["track"], p["track"]),
                p["start"],
                p["end"],
                p["busy"],
                {_stall_label(r, i): c for r, i, c in p["stalls"]},
            )
            for p in data["pipes"]
        ]
        tiles = data["matmul_tiles"]
        self.matmul_tiles = sum(tiles)
        # The fidelity the matmuls ran at (the most used one), else the kernel's own.
        if self.matmul_tiles:
            self.fidelity = _FIDELITY[max((t, f) for f, t in enumerate(tiles) if f != 1)[1]]
        else:
            self.fidelity = fidelity or "HiFi4"
        self._lines: list[Line] | None = None

    # -- the headline figures ------------------------------------------------------------------
    @property
    def us(self) -> float:
        """Device kernel time in microseconds (first kernel start to last kernel end)."""
        return self.cycles / (self.clock_ghz * 1e3)

    @property
    def flops(self) -> int:
        """Matrix-engine floating point operations (2 * 32^3 per 32x32x32 tile product)."""
        return self.matmul_tiles * TILE_FLOPS

    @property
    def tflops(self) -> float:
        return self.flops / (self.us * 1e6) if self.cycles else 0.0

    @property
    def peak_tflops(self) -> float:
        """The grid's matrix-engine peak at the profile's fidelity."""
        per_tile = self.data["matmul_cycles_per_tile"][_FIDELITY_INDEX[self.fidelity]]
        cores = self.grid[0] * self.grid[1]
        return cores * TILE_FLOPS / per_tile * self.clock_ghz * 1e9 / 1e12

    @property
    def utilization(self) -> float:
        """Ideal matmul cycles over actual (tt-metal's GEMM_FLOPS definition, full grid)."""
        return self.tflops / self.peak_tflops if self.peak_tflops else 0.0

    @property
    def dram_bytes(self) -> int:
        return self.data["dram_read_bytes"] + self.data["dram_write_bytes"]

    @property
    def dram_gbps(self) -> float:
        return self.dram_bytes / (self.us * 1e3) if self.cycles else 0.0

    @property
    def dram_peak_gbps(self) -> float:
        return self.data["dram_peak_bytes_per_cycle"] * self.clock_ghz

    @property
    def dram_fraction(self) -> float:
        """Achieved DRAM bandwidth over the chip's."""
        return self.dram_gbps / self.dram_peak_gbps if self.dram_peak_gbps else 0.0

    @property
    def noc_bytes(self) -> int:
        """Bytes the kernels' NoC transfers carried (DRAM reads and writes, core to core)."""
        return self.data.get("noc_bytes", 0)

    @property
    def noc_link_busy(self) -> float:
        """The share of the kernel's cycles that the busiest NoC link spent carrying data."""
        return self.data.get("busiest_link_cycles", 0) / self.cycles if self.cycles else 0.0

    def _noc_verdict(self) -> str:
        """What a wait on the NoC comes from: the busiest link's load tells a saturated or
        contended NoC from the latency of reads that have the links to themselves."""
        link = self.noc_link_busy
        if link >= 0.8:
            return "the NoC's bandwidth"
        if link >= 0.5:
            return "contention on the NoC"
        return "latency, not bandwidth"

    @property
    def arithmetic_intensity(self) -> float:
        """Matrix-engine FLOPs per DRAM byte."""
        return self.flops / self.dram_bytes if self.dram_bytes else float("inf")

    # -- where the time went ----------------------------------------------------------------------
    def critical_core(self) -> tuple[int, int]:
        """The core that finishes last."""
        return max(self.pipes, key=lambda p: (p.end, p.core)).core if self.pipes else (0, 0)

    def core(self, xy: tuple[int, int]) -> dict[str, Pipe]:
        return {p.track: p for p in self.pipes if p.core == tuple(xy)}

    def bottleneck(self) -> str:
        """What limits the kernel, in one sentence: starting from the pipeline that finishes
        last, follows what each pipeline waited on most (a CB to its producer or consumer, DST
        to math or pack, a barrier to the NoC and DRAM) to the first one that is busy most of
        the time, or to the memory system."""
        if self.error:
            return f"unknown: {self.error}"
        if not self.cycles:
            return "nothing ran"
        t = self.cycles
        banks = self.data["banks"]
        hot = max(range(len(banks)), key=lambda b: banks[b]["busy"]) if banks else 0
        hot_busy = banks[hot]["busy"] / t if banks else 0.0
        if self.dram_fraction >= 0.7 or hot_busy >= 0.8:
            return (
                f"DRAM-bound: {self.dram_gbps:.0f} GB/s of the chip's {self.dram_peak_gbps:.0f} "
                f"({100 * self.dram_fraction:.0f}%), bank {hot} {100 * hot_busy:.0f}% busy"
            )
        raw = self.data["pipes"]
        links = {(x, y, cb): (prod, cons) for x, y, cb, prod, cons in self.data.get("cbs", [])}
        index = {(tuple(r["core"]), _TRACK_OF.get(r["track"], r["track"])): i for i, r in enumerate(raw)}
        xy = self.critical_core()
        here = [i for i, p in enumerate(self.pipes) if p.core == xy]
        node = max(here, key=lambda i: (self.pipes[i].end, self.pipes[i].track == "writer"))
        seen: set[int] = set()
        while node not in seen:
            seen.add(node)
            p = self.pipes[node]
            if p.busy >= 0.5 * t:
                what = {
                    "math": "math-bound: FPU/SFPU",
                    "unpack": "unpack-bound: the unpacker",
                    "pack": "pack-bound: the packer",
                    "reader": "reader-bound: the reader (NCRISC) issuing",
                    "writer": "writer-bound: the writer (BRISC) issuing",
                }[p.track]
                return f"{what} {100 * p.busy / t:.0f}% busy on core {p.core}"
            if not raw[node]["stalls"]:
                break
            reason, ident, cycles = max(raw[node]["stalls"], key=lambda s: s[2])
            share = f"{100 * cycles / t:.0f}% of the time"
            x, y = p.core
            same = {"operands": "unpack", "dst_ready": "math", "dst_free": "pack", "src_free": "math"}
            if reason in same:
                node = index.get((p.core, same[reason]), node)
            elif reason in ("cb_wait_front", "cb_reserve_back"):
                prod, cons = links.get((x, y, ident), (-1, -1))
                nxt = prod if reason == "cb_wait_front" else cons
                if nxt < 0:
                    return f"latency-bound: the {p.track} of core {p.core} waits on {reason} c_{ident} {share}"
                node = nxt
            elif reason in ("read_barrier", "noc_queue"):
                where = "noc_async_read_barrier" if reason == "read_barrier" else "a full NoC queue"
                return (
                    f"{p.track}-bound: waiting on NoC reads ({share} in {where} on core {p.core}); "
                    f"DRAM at {100 * self.dram_fraction:.0f}% of its bandwidth, busiest bank "
                    f"{hot} {100 * hot_busy:.0f}% busy, busiest NoC link "
                    f"{100 * self.noc_link_busy:.0f}% busy: {self._noc_verdict()}"
                )
            elif reason == "write_barrier":
                return (
                    f"{p.track}-bound: waiting on NoC write acknowledgements ({share} on core "
                    f"{p.core}); busiest NoC link {100 * self.noc_link_busy:.0f}% busy: "
                    f"{self._noc_verdict()}"
                )
            else:
                return f"synchronisation-bound: the {p.track} of core {p.core} waits on a semaphore {share}"
        top = max((self.pipes[i] for i in here), key=lambda q: q.busy)
        return f"latency-bound: no pipeline is more than {100 * top.busy / t:.0f}% busy (core {xy})"

    def lines(self, top: int | None = 10) -> list[Line]:
        """The source lines that cost the most cycles (busy + stalled, over all cores)."""
        if self._lines is None:
            self._lines = self._line_table()
        return self._lines[:top] if top else list(self._lines)

    def _site_where(self) -> list[str]:
        """Per call site of the JSON: its C++ file:line, resolved by the runtime."""
        sites = self.data["sites"]
        if self._rt is None:
            return [""] * len(sites)
        return self._rt.site_lines([s["pc"] for s in sites])

    def _python_loc(self, where: str) -> Loc | None:
        """The Python position a generated kernel's C++ line comes from."""
        if self._compiled is None or ":" not in where:
            return None
        file, _, rest = where.split(" ")[0].rpartition(":")
        role = Path(file).stem
        if role not in ("reader", "compute", "writer") or Path(file).parent != self._compiled.dir:
            return None
        try:
            return self._compiled.line_map(role).get(int(rest))
        except ValueError:
            return None

    def site_labels(self) -> dict[int, str]:
        """Call-site address -> a label: the Python line for ttlang kernels."""
        out = {}
        for s, where in zip(self.data["sites"], self._site_where()):
            loc = self._python_loc(where)
            if loc:
                out[s["pc"]] = f"{os.path.basename(loc.file)}:{loc.line}"
            elif self._compiled is not None and where:  # generated code outside the user's lines
                file, _, num = where.split(" ")[0].rpartition(":")
                out[s["pc"]] = f"{Path(file).name}:{num} ({s['name']})"
            else:
                out[s["pc"]] = where
        return out

    def _line_table(self) -> list[Line]:
        sites = self.data["sites"]
        labels = self.site_labels() if self._rt is not None else {}
        table: dict[str, Line] = {}
        for p in self.data["pipes"]:
            for index, busy, stall, calls in p["sites"]:
                s = sites[index]
                where = labels.get(s["pc"]) or s["name"]
                line = table.setdefault(where, Line(where, 0, 0, 0))
                line.busy += busy
                line.stall += stall
                line.calls += calls
                line.calls_by_name[s["name"]] = line.calls_by_name.get(s["name"], 0) + calls
        out = sorted(table.values(), key=lambda x: (-x.cycles, x.where))
        if self._compiled is not None:
            path = self._compiled.kernel.source.file
            for ln in out:
                file, _, num = ln.where.rpartition(":")
                if num.isdigit() and os.path.basename(path) == file:
                    ln.text = linecache.getline(path, int(num)).strip()
        return out

    # -- outputs ---------------------------------------------------------------------------------
    def save_trace(self, path) -> Path:
        """Writes the timeline as Chrome trace-event JSON (Perfetto UI, chrome://tracing): one
        process per core, one track per RISC (reader, unpack, math, pack, writer), slices named
        with their source line."""
        if self._rt is None:
            raise RuntimeError("this profile has no runtime to write its trace from")
        path = Path(path)
        if not self._rt.write_trace(self._device, self.run, str(path), self.site_labels()):
            raise RuntimeError(
                f"the timeline of run {self.run} is no longer kept (the emulator keeps the most "
                "recent launches); profile the launch again with tt.profile(...)"
            )
        return path

    def save_device_csv(self, path) -> Path:
        """The kernel zones in tt-metal's device profiler format (profile_log_device.csv)."""
        if self._rt is None or not self._rt.write_profile_csv(self._device, self.run, str(path)):
            raise RuntimeError(f"run {self.run} is no longer kept")
        return Path(path)

    def save(self, directory) -> Path:
        """profile.json (the model's data plus the summary), trace.json and
        profile_log_device.csv in `directory`."""
        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        summary = self.summary()
        (d / "profile.json").write_text(json.dumps({"summary": summary, "model": self.data}, indent=1))
        self.save_trace(d / "trace.json")
        self.save_device_csv(d / "profile_log_device.csv")
        return d

    def summary(self) -> dict:
        return {
            "cycles": self.cycles,
            "us": self.us,
            "tflops": self.tflops,
            "peak_tflops": self.peak_tflops,
            "utilization": self.utilization,
            "fidelity": self.fidelity,
            "dram_bytes": self.dram_bytes,
            "dram_gbps": self.dram_gbps,
            "noc_bytes": self.noc_bytes,
            "noc_link_busy": self.noc_link_busy,
            "bottleneck": self.bottleneck(),
            "lines": [
                {"where": ln.where, "busy": ln.busy, "stall": ln.stall, "calls": ln.calls}
                for ln in self.lines(10)
            ],
        }

    def roofline(self, ax=None):
        """Draws the kernel on the chip's roofline (matrix-engine FLOPs per DRAM byte against
        TFLOPS, with the compute and DRAM roofs); returns the matplotlib Axes."""
        try:
            import matplotlib.pyplot as plt
        except ImportError as e:  # pragma: no cover - depends on the optional extra
            raise ImportError(
                "Profile.roofline() needs matplotlib: pip install 'ttlang[plot]'"
            ) from e
        if ax is None:
            _, ax = plt.subplots(figsize=(6, 4))
        peak, bw = self.peak_tflops, self.dram_peak_gbps
        ridge = peak * 1e3 / bw  # FLOP/byte where the roofs meet
        ai = self.arithmetic_intensity
        lo = min(ridge / 100, ai / 3 if 0 < ai < float("inf") else ridge / 100)
        hi = max(ridge * 100, ai * 3 if ai < float("inf") else ridge * 100)
        ax.loglog([lo, ridge], [lo * bw / 1e3, peak], color="black", lw=1.5, label="DRAM roof")
        ax.loglog([ridge, hi], [peak, peak], color="black", lw=1.5, label="compute roof")
        ax.axhline(peak, ls=":", color="gray")
        ax.text(hi, peak, f" {peak:.1f} TFLOPS ({self.fidelity})", va="bottom", ha="right")
        ax.text(lo, lo * bw / 1e3, f" DRAM {bw:.0f} GB/s", va="bottom", rotation=30)
        if self.flops and ai < float("inf"):
            ax.plot([ai], [self.tflops], "o", color="tab:red", label="this launch")
            ax.annotate(
                f"{self.tflops:.1f} TFLOPS\n{100 * self.utilization:.0f}% of peak",
                (ai, self.tflops),
                textcoords="offset points",
                xytext=(6, -24),
            )
        ax.set_xlabel("arithmetic intensity (FLOP per DRAM byte)")
        ax.set_ylabel("TFLOPS")
        ax.set_title(f"{self.arch}: {self.us:.1f} us, {self.bottleneck().split(':')[0]}")
        return ax

    def __str__(self) -> str:
        name = self._compiled.name if self._compiled is not None else "run"
        out = [
            f"{name} on {self.arch} {self.grid[0]}x{self.grid[1]}: {self.cycles:,} cycles = "
            f"{self.us:,.2f} us (+{self.launch_cycles / (self.clock_ghz * 1e3):.1f} us dispatch)"
        ]
        if self.error:
            out.append(f"  model error: {self.error}")
        if self.flops:
            out.append(
                f"  {self.tflops:.2f} TFLOPS, {100 * self.utilization:.1f}% of the {self.fidelity} "
                f"peak ({self.peak_tflops:.1f} TFLOPS)"
            )
        out.append(
            f"  DRAM {self.dram_bytes / 1e6:.2f} MB, {self.dram_gbps:.1f} GB/s "
            f"({100 * self.dram_fraction:.0f}% of {self.dram_peak_gbps:.0f} GB/s)"
        )
        out.append(
            f"  NoC {self.noc_bytes / 1e6:.2f} MB, busiest link {100 * self.noc_link_busy:.0f}% busy"
        )
        out.append(f"  bottleneck: {self.bottleneck()}")
        xy = self.critical_core()
        out.append(f"  core {xy} (finishes last):")
        for track in TRACKS:
            p = self.core(xy).get(track)
            if p is None:
                continue
            waits = ", ".join(
                f"{k} {100 * v / max(1, self.cycles):.0f}%"
                for k, v in sorted(p.stalls.items(), key=lambda kv: -kv[1])[:3]
            )
            out.append(
                f"    {track:7s} busy {100 * p.busy / max(1, self.cycles):5.1f}%  "
                f"stalled {100 * p.stalled / max(1, self.cycles):5.1f}%" + (f"  ({waits})" if waits else "")
            )
        lines = self.lines(5)
        if lines:
            out.append("  hottest lines (cycles over all cores: busy + stalled):")
            for ln in lines:
                text = f"  {ln.text.strip()}" if ln.text else ""
                out.append(f"    {ln.where:24s} {ln.busy:>14,} + {ln.stall:>14,}{text}")
        return "\n".join(out)

    def __repr__(self) -> str:
        return f"<Profile run {self.run}: {self.cycles:,} cycles, {self.bottleneck()}>"


def fetch(runtime, device: int, run: int, compiled=None, fidelity=None) -> Profile | None:
    """The profile of run `run` on `device`, or None if the runtime keeps none for it."""
    if not run:
        return None
    text = runtime.profile_json(device, run)
    if not text:
        return None
    return Profile(json.loads(text), runtime=runtime, device=device, compiled=compiled, fidelity=fidelity)


def profile(launch, *args, **kwargs) -> Profile:
    """Launches `kernel[grid]` on `args` and returns the timing model's profile of that launch:
    `tt.profile(matmul[(8, 8)], a, b, c)`. Needs the emulator backend."""
    from .errors import TTLangLaunchError
    from .kernel import Kernel, _caller_loc

    if isinstance(launch, Kernel):
        raise TTLangLaunchError(
            f"tt.profile takes a launch, kernel[grid]: give kernel '{launch.__name__}' a grid "
            f"(tt.profile({launch.__name__}[grid], ...))",
            _caller_loc(1),
        ).with_traceback(None) from None
    compiled = launch(*args, **kwargs)
    p = compiled.profile
    if p is None:
        raise TTLangLaunchError(
            f"kernel '{compiled.name}' ran on the {compiled.backend.name} backend, which has no "
            "timing model (profiles come from the emulator)",
            None,
        )
    return p
