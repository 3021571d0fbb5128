"""IR -> TT-Metalium C++: a host program and three kernels, rendered from jinja2 templates.

Python decides what to call (lowering rules, argument layout); the templates under templates/
decide how the C++ reads. Every block of generated kernel code starts with a comment naming the
Python line it comes from (`// add.py:12:9: c[t] = a[t] + b[t]`); line_map() turns a C++ line
back into that Python position, so emulator faults point at the user's source.
"""

from __future__ import annotations

import hashlib
import linecache
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .. import __version__
from ..arch import Arch
from ..errors import Loc
from ..ir import nodes as ir
from ..ir.passes import Options
from ..ir.visit import stmt_exprs, walk_expr, walk_stmts
from .cexpr import CTYPE, ExprRenderer, ident, nonneg_vars
from .lowering import Call, UnitLowering, headers_for

TEMPLATES = Path(__file__).parent / "templates"
_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(TEMPLATES)),
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
)

# Common runtime arguments: per tensor, these words and its leading dims (dim0, dim1, ...), then
# the scalar params, then the grid.
TENSOR_WORDS = ("addr", "rows", "cols", "tile_rows", "tile_cols")


def tensor_words(ndim: int) -> tuple[str, ...]:
    return TENSOR_WORDS + tuple(f"dim{k}" for k in range(ndim - 2))
# A multicast stream's per-core reader args (host.cpp.j2's mcast_words, prelude.j2's TtlMcast):
# sender, the rectangle x0 y0 x1 y1, num_dests, loopback, the sender's x y.
MCAST_WORDS = 9


_COMPILER_HASH: str | None = None


def compiler_hash() -> str:
    """A hash of the compiler itself: every Python module of ttlang and every template (a
    compile cache entry is only valid for the compiler that wrote it)."""
    global _COMPILER_HASH
    if _COMPILER_HASH is None:
        root = Path(__file__).resolve().parent.parent
        h = hashlib.sha256()
        for p in sorted([*root.rglob("*.py"), *TEMPLATES.glob("*.j2")]):
            if "emulator" in p.relative_to(root).parts:
                continue  # the emulator has its own build id
            h.update(str(p.relative_to(root)).encode())
            h.update(p.read_bytes())
        _COMPILER_HASH = h.hexdigest()[:16]
    return _COMPILER_HASH


@dataclass
class Sources:
    """The generated C++ of one kernel specialisation."""

    host: str
    reader: str
    compute: str
    writer: str
    files: dict[str, str] = field(
        default_factory=dict
    )  # basename -> full path of the Python sources

    def by_role(self) -> dict[str, str]:
        return {
            "host.cpp": self.host,
            "reader.cpp": self.reader,
            "compute.cpp": self.compute,
            "writer.cpp": self.writer,
        }


_ORIGIN = re.compile(r"^\s*// (?P<file>[^:]+\.py):(?P<line>\d+):(?P<col>\d+): ")


def line_map(cpp: str, files: dict[str, str], default: str | None = None) -> dict[int, Loc]:
    """C++ line (1-based) -> the Python position its code comes from. `files` maps the file names
    in the comments to paths (`default` for names it does not know)."""
    out: dict[int, Loc] = {}
    cur = None
    for n, text in enumerate(cpp.splitlines(), start=1):
        m = _ORIGIN.match(text)
        if m:
            path = files.get(m["file"], default or m["file"])
            cur = Loc(path, int(m["line"]), int(m["col"]) - 1)
        if cur is not None:
            out[n] = cur
    return out


def generate(p: ir.Program, arch: Arch, options: Options) -> Sources:
    k = p.kernel
    files = {os.path.basename(k.file): k.file}
    ctx = _Context(p, arch, options)
    return Sources(
        host=ctx.host(),
        reader=ctx.role(p.reader),
        compute=ctx.role(p.compute),
        writer=ctx.role(p.writer),
        files=files,
    )


class _Context:
    def __init__(self, p: ir.Program, arch: Arch, options: Options):
        self.p = p
        self.k = p.kernel
        self.arch = arch
        self.options = options
        self.tensors = [x for x in self.k.params if isinstance(x, ir.TensorParam)]
        self.scalars = [x for x in self.k.params if isinstance(x, ir.ScalarParam)]
        self.render = ExprRenderer(nonneg_vars(self.k.body))
        self.compute_headers: set[str] = set()
        self.reader_helpers: set[str] = set()
        # Multicast CBs (passes/multicast.py) -> their stream's index.
        self.mcast = {m.cb.name: i for i, m in enumerate(p.multicast)}
        formats = {cb.dtype for cb in p.cbs}
        self.mixed_formats = len(formats) > 1
        self.file = os.path.basename(self.k.file)

    # Common arguments ----------------------------------------------------------------------

    def common_layout(self):
        """(kind, key, index, ctype) of every common runtime argument word."""
        out = []
        i = 0
        for t in self.tensors:
            for w in tensor_words(t.ndim):
                out.append(
                    (
                        ("dim", t.name, w) if w != "addr" else ("addr", t.name),
                        i,
                        "uint32_t" if w == "addr" else "int32_t",
                    )
                )
                i += 1
        for s in self.scalars:
            out.append(
                (("param", s.name), i, CTYPE[s.type.kind] if s.type.kind != "bool" else "uint32_t")
            )
            i += 1
        out.append((("npid", 0), i, "int32_t"))
        out.append((("npid", 1), i + 1, "int32_t"))
        return out

    def used_names(self, body) -> set:
        used = set()
        for s in walk_stmts(body):
            for e in stmt_exprs(s):
                for n in walk_expr(e):
                    if isinstance(n, ir.Param):
                        used.add(("param", n.name))
                    elif isinstance(n, ir.TensorDim):
                        used.add(("dim", n.tensor, n.dim))
                    elif isinstance(n, ir.ProgramId):
                        used.add(("pid", n.axis))
                    elif isinstance(n, ir.NumPrograms):
                        used.add(("npid", n.axis))
                    elif isinstance(n, ir.ShareBound):
                        used |= {("pid", 0), ("pid", 1), ("npid", 0), ("npid", 1), ("share",)}
            if isinstance(s, (ir.ReadTiles, ir.WriteTile)):
                for t in s.tiles if isinstance(s, ir.ReadTiles) else (s.tile,):
                    used.add(("addr", t.tensor))
            if isinstance(s, ir.ReadBlock):
                used |= {("addr", s.tensor), ("dim", s.tensor, "tile_rows"), ("dim", s.tensor, "tile_cols")}
        return used

    def arg_lines(self, used: set) -> list[dict]:
        lines = []
        for key, index, ctype in self.common_layout():
            if key not in used:
                continue
            if key[0] == "addr":
                name = f"{ident(key[1])}_addr"
            elif key[0] == "dim":
                name = f"{ident(key[1])}_{key[2]}"
            elif key[0] == "param":
                name = ident(key[1])
            else:
                name = f"ttl_npid{key[1]}"
            lines.append({"ctype": ctype, "name": name, "fn": "get_common_arg_val", "index": index})
        per_core = [
            {"ctype": "int32_t", "name": f"ttl_pid{a}", "fn": "get_arg_val", "index": a}
            for a in (0, 1)
        ]
        return [x for x in per_core if ("pid", int(x["name"][-1])) in used] + lines

    # Kernels -------------------------------------------------------------------------------

    def cb_name(self, cb: ir.CB) -> str:
        return f"cb_{cb.name}"

    def origin(self, loc: Loc | None) -> dict | None:
        if loc is None:
            return None
        text = linecache.getline(loc.file, loc.line).strip()
        return {
            "kind": "origin",
            "text": f"{os.path.basename(loc.file)}:{loc.line}:{loc.col + 1}: {text}",
        }

    def role(self, role: ir.RoleProgram) -> str:
        used = self.used_names(role.body)
        cbs = {}
        for s in walk_stmts(role.body):
            if isinstance(s, (ir.ReadTiles, ir.ReadBlock, ir.WriteTile, ir.FillMasks, ir.FillScaler)):
                cbs[s.cb.name] = s.cb
            elif isinstance(s, ir.MatmulBlockUnit):
                cbs.update({c.name: c for c in (s.a, s.b, s.acc)})
            elif isinstance(s, ir.ZeroBlock):
                cbs[s.acc.name] = s.acc
            elif isinstance(s, (ir.Compute, ir.AccumulateMatmuls)):
                if isinstance(s, ir.Compute):
                    cbs[s.out.name] = s.out
                for c, _ in s.waits:
                    cbs[c.name] = c
                for e in stmt_exprs(s):
                    for n in walk_expr(e):
                        if isinstance(n, ir.CbTile):
                            cbs[n.cb.name] = n.cb
            elif isinstance(s, ir.PopVar):
                cbs[s.cb.name] = s.cb
        cb_list = sorted(cbs.values(), key=lambda c: c.id)
        assigned = {s.name for s in walk_stmts(role.body) if isinstance(s, ir.Assign)}
        decls = [
            {"ctype": CTYPE[t.kind], "name": ident(n)}
            for n, t in self.k.scalar_vars
            if n in assigned
        ]
        ctx = {
            "version": __version__,
            "kernel": self.k.name,
            "source": f"{self.file}:{self.k.loc.line}",
            "role": role.role,
            "cbs": [
                {
                    "name": self.cb_name(c),
                    "id": c.id,
                    "what": c.what,
                    "format": c.dtype.device_format,
                    "pages": c.pages,
                }
                for c in cb_list
            ],
            "args": self.arg_lines(used),
            "accessors": [ident(t) for t in self.accessor_tensors(role)],
            "decls": decls,
            # before "headers": lowering collects them
            "body": drop_redundant_inits(self.block(role.body)) if role.role == "compute" else self.block(role.body),
            "uses_share": ("share",) in used,
            "reader_helpers": sorted(self.reader_helpers) if role.role == "reader" else [],
            "mcasts": self.mcast_streams() if role.role == "reader" else [],
        }
        if role.role == "compute":
            ctx["headers"] = sorted(self.compute_headers | {"api/compute/common.h"})
            inputs = [c for c in cb_list if c.purpose != "output"] or cb_list
            outputs = [c for c in cb_list if c.purpose == "output"] or cb_list
            ctx["startup"] = (
                [
                    self.cb_name(inputs[0]),
                    self.cb_name(inputs[min(1, len(inputs) - 1)]),
                    self.cb_name(outputs[0]),
                ]
                if cb_list
                else None
            )
        return _ENV.get_template(f"{role.role}.cpp.j2").render(**ctx)

    def block(self, stmts) -> list[dict]:
        out: list[dict] = []
        i = 0
        stmts = list(stmts)
        while i < len(stmts):
            s = stmts[i]
            if isinstance(s, (ir.ReadTiles, ir.ReadBlock)):  # consecutive reads into distinct CBs share one barrier
                group = [s]
                while (
                    i + 1 < len(stmts)
                    and isinstance(stmts[i + 1], (ir.ReadTiles, ir.ReadBlock))
                    and stmts[i + 1].cb.name not in {r.cb.name for r in group}
                ):
                    i += 1
                    group.append(stmts[i])
                out += self.reads(group)
            elif isinstance(s, ir.Assign):
                out += [x for x in (self.origin(s.loc),) if x]
                out.append({"kind": "assign", "name": ident(s.name), "value": self.render(s.value)})
            elif isinstance(s, ir.For):
                out += [x for x in (self.origin(s.loc),) if x]
                v = ident(s.var)
                const_step = isinstance(s.step, ir.Const)
                down = const_step and s.step.value < 0
                out.append(
                    {
                        "kind": "for",
                        "var": v,
                        "end": f"ttl_end_{v}",
                        "start": self.render(s.start),
                        "stop": self.render(s.stop),
                        "cmp": ">" if down else "<",
                        # Python evaluates range(...) once: a runtime step is read once too.
                        "step_var": None if const_step else f"ttl_step_{v}",
                        "step_value": None if const_step else self.render(s.step),
                        "step": (f"-= {-s.step.value}" if down else f"+= {s.step.value}")
                        if const_step
                        else f"+= ttl_step_{v}",
                        "body": self.block(s.body),
                    }
                )
            elif isinstance(s, ir.If):
                out += [x for x in (self.origin(s.loc),) if x]
                out.append(
                    {
                        "kind": "if",
                        "cond": self.render(s.cond),
                        "then": self.block(s.then),
                        "orelse": self.block(s.orelse),
                    }
                )
            elif isinstance(s, ir.WriteTile):
                out += self.write(s)
            elif isinstance(s, ir.FillMasks):
                out += self.fill_masks(s)
            elif isinstance(s, ir.FillScaler):
                cb = self.cb_name(s.cb)
                self.reader_helpers.add("scaler")
                out += [
                    self.call(Call("cb_reserve_back", (cb, "1"), "the reduce scaler, once for the whole kernel")),
                    self.call(Call("ttl_fill_scaler", (f"get_write_ptr({cb})", "0x3f80u /* 1.0 */"))),
                    self.call(Call("cb_push_back", (cb, "1"))),
                ]
            elif isinstance(s, ir.Compute):
                out += self.compute(s)
            elif isinstance(s, ir.AccumulateInDst):
                out += self.accumulate(s)
            elif isinstance(s, ir.AccumulateMatmuls):
                out += self.accumulate_step(s)
            elif isinstance(s, ir.MatmulBlockUnit):
                out += self.matmul_block(s)
            elif isinstance(s, ir.ZeroBlock):
                out += self.zero_block(s)
            elif isinstance(s, ir.PopVar):
                out.append(
                    self.call(
                        Call(
                            "cb_pop_front",
                            (self.cb_name(s.cb), str(s.pages)),
                            "end of the tile variable's scope",
                        )
                    )
                )
            else:
                raise TypeError(f"codegen: unexpected statement {type(s).__name__}")
            i += 1
        return out

    def index(self, e: ir.CbTile) -> str:
        return str(e.index) if isinstance(e.index, int) else self.render(e.index)

    @staticmethod
    def call(c: Call) -> dict:
        return {"kind": "call", "fn": c.fn, "args": list(c.args), "comment": c.comment}

    def checks(self, t: ir.TileAccess) -> list[dict]:
        out = []
        for value, limit in t.checks:
            cond = f"static_cast<uint32_t>({self.render(value)}) < static_cast<uint32_t>({self.render(limit)})"
            out.append(self.call(Call("ASSERT", (cond,), f"tile index within {t.tensor}")))
        return out

    def reads(self, group: list) -> list[dict]:
        """ReadTiles and ReadBlocks into distinct CBs: every read issued, then one barrier."""
        out: list[dict] = []
        for r in group:
            if isinstance(r, ir.ReadBlock):
                out += [x for x in (self.origin(r.loc),) if x]
                t = ident(r.tensor)
                for first, n, dim in ((r.row, r.rows, "rows"), (r.col, r.cols, "cols")):
                    last = self.render(first) + (f" + {n - 1}" if n > 1 else "")
                    cond = f"static_cast<uint32_t>({last}) < static_cast<uint32_t>({t}_tile_{dim})"
                    out.append(self.call(Call("ASSERT", (cond,), f"block within {r.tensor}")))
                out += self.checks(ir.TileAccess(r.tensor, r.row, r.checks, r.loc))
                continue
            for t in r.tiles:
                out += [x for x in (self.origin(t.loc),) if x]
                out += self.checks(t)
        out += [x for x in (self.origin(group[0].loc),) if x]
        pages = {r.cb.name: r.rows * r.cols if isinstance(r, ir.ReadBlock) else len(r.tiles) for r in group}
        for r in group:
            out.append(self.call(Call("cb_reserve_back", (self.cb_name(r.cb), str(pages[r.cb.name])))))
        mcast = [r for r in group if r.cb.name in self.mcast]
        for r in mcast:  # a receiver has room: it tells the sender
            out.append(self.call(Call("ttl_mcast_ready", (f"ttl_mc{self.mcast[r.cb.name]}",))))
        for r in group:
            cb = self.cb_name(r.cb)
            if isinstance(r, ir.ReadBlock):
                reads = self.read_block(r)
            else:
                reads = []
                for n, t in enumerate(r.tiles):
                    dst = f"get_write_ptr({cb})" + (f" + {n} * get_tile_size({cb})" if n else "")
                    reads.append(
                        self.call(
                            Call("noc_async_read_page", (self.render(t.page), ident(t.tensor), dst))
                        )
                    )
            if r in mcast:  # only the sender of its group reads
                reads = [{"kind": "if", "cond": f"ttl_mc{self.mcast[r.cb.name]}.sender", "then": reads, "orelse": []}]
            out += reads
        out.append(self.call(Call("noc_async_read_barrier")))
        for r in mcast:
            cb = self.cb_name(r.cb)
            size = f"{pages[r.cb.name]} * get_tile_size({cb})"
            out.append(
                self.call(
                    Call(
                        "ttl_mcast_block",
                        (f"ttl_mc{self.mcast[r.cb.name]}", f"get_write_ptr({cb})", size),
                        "the sender multicasts it, a receiver waits for it",
                    )
                )
            )
        for r in group:
            out.append(self.call(Call("cb_push_back", (self.cb_name(r.cb), str(pages[r.cb.name])))))
        return out

    def read_block(self, r: ir.ReadBlock) -> list[dict]:
        """The reads of a block, row-major into the reserved pages: a loop, not one call per tile."""
        cb, t = self.cb_name(r.cb), ident(r.tensor)
        page = f"({self.render(r.row)} + ttl_r) * {t}_tile_cols + {self.render(r.col)} + ttl_c"
        if r.base is not None:
            page = f"{self.render(r.base)} + {page}"
        dst = f"get_write_ptr({cb}) + (ttl_r * {r.cols} + ttl_c) * get_tile_size({cb})"
        read = self.call(Call("noc_async_read_page", (page, t, dst)))
        return [_loop("ttl_r", r.rows, [_loop("ttl_c", r.cols, [read])])]

    def matmul_block(self, s: ir.MatmulBlockUnit) -> list[dict]:
        """acc += a @ b in DST subblocks (tt-metal's bmm_large_block_zm): per subblock, the inner
        dimension's matmul_block calls, then a pack into the accumulator's CB, which adds to the
        partial sums there (pack_reconfig_l1_acc) on every update but the first."""
        a, b, acc = self.cb_name(s.a), self.cb_name(s.b), self.cb_name(s.acc)
        (bm, bn), bk, (sh, sw) = s.grid, s.inner, s.subblock
        first = self.render(s.first)
        self.compute_headers.add("api/compute/matmul.h")
        call = lambda fn, *args, comment="": self.call(Call(fn, tuple(args), comment))  # noqa: E731
        out = [x for x in (self.origin(s.loc),) if x]
        out += [call("cb_wait_front", a, str(bm * bk)), call("cb_wait_front", b, str(bk * bn))]
        if self.mixed_formats:  # matmul unpacks in1 (b) to SrcA and in0 (a) to SrcB
            out.append(call("reconfig_data_format", b, a))
        out.append(call("matmul_block_init", a, b, "0", str(sw), str(sh), str(bk)))
        if self.mixed_formats:
            out.append(call("pack_reconfig_data_format", acc))
        out.append(call("pack_reconfig_l1_acc", f"{first} ? 0 : 1", comment="later updates add to the sums in L1"))
        step = call(
            "matmul_block", a, b, f"ttl_sbi * {sh * bk} + ttl_kk", f"ttl_kk * {bn} + ttl_sbj * {sw}",
            "0", "0", str(sw), str(sh), str(bk),
        )
        pack = call("pack_tile", "ttl_t", acc)
        sub = [
            call("tile_regs_acquire"),
            _loop("ttl_kk", bk, [step]),
            call("tile_regs_commit"),
            {"kind": "if", "cond": f"!{first}", "orelse": [],
             "then": [
                 call("cb_wait_front", acc, str(sh * sw), comment="this subblock's sums of the last update"),
                 call("cb_pop_front", acc, str(sh * sw), comment="the packer adds to them"),
             ]},
            call("cb_reserve_back", acc, str(sh * sw)),
            call("tile_regs_wait"),
            _loop("ttl_t", sh * sw, [pack]),
            call("tile_regs_release"),
            call("cb_push_back", acc, str(sh * sw)),
        ]
        out.append(_loop("ttl_sbi", bm // sh, [_loop("ttl_sbj", bn // sw, sub)]))
        out.append(call("pack_reconfig_l1_acc", "0"))
        out += [call("cb_pop_front", a, str(bm * bk)), call("cb_pop_front", b, str(bk * bn))]
        return out

    def zero_block(self, s: ir.ZeroBlock) -> list[dict]:
        """After the loop of updates: zeros if it ran none; then the whole block, waited for once
        (each update waits only for the subblock it adds to, so that the next update's first
        subblocks start while the packer finishes this one's last)."""
        acc = self.cb_name(s.acc)
        self.compute_headers.add("api/compute/eltwise_unary/fill.h")
        call = lambda fn, *args: self.call(Call(fn, tuple(args)))  # noqa: E731
        one = [
            call("tile_regs_acquire"), call("fill_tile_init"), call("fill_tile", "0", "0.0f"),
            call("tile_regs_commit"), call("cb_reserve_back", acc, "1"), call("tile_regs_wait"),
            *([call("pack_reconfig_data_format", acc)] if self.mixed_formats else []),
            call("pack_tile", "0", acc), call("tile_regs_release"), call("cb_push_back", acc, "1"),
        ]
        return [
            {"kind": "if", "cond": self.render(s.first), "then": [_loop("ttl_t", s.acc.pages, one)], "orelse": []},
            self.call(Call("cb_wait_front", (acc, str(s.acc.pages)), "the block, for the code after the loop")),
        ]

    def fill_masks(self, s: ir.FillMasks) -> list[dict]:
        cb = self.cb_name(s.cb)
        self.reader_helpers.add("mask")
        out = [x for x in (self.origin(s.loc),) if x]
        out.append(self.call(Call("cb_reserve_back", (cb, str(len(s.masks))))))
        for n, (rows, cols, fill) in enumerate(s.masks):
            dst = f"get_write_ptr({cb})" + (f" + {n} * get_tile_size({cb})" if n else "")
            pad = "0x0000u /* 0 */" if fill == "zero" else "0xff80u /* -inf */"
            out.append(self.call(Call("ttl_fill_mask", (dst, self.render(rows), self.render(cols), pad))))
        out.append(self.call(Call("cb_push_back", (cb, str(len(s.masks))))))
        return out

    def write(self, s: ir.WriteTile) -> list[dict]:
        cb = self.cb_name(s.cb)
        out = [x for x in (self.origin(s.loc),) if x]
        out += self.checks(s.tile)
        out += [
            self.call(Call("cb_wait_front", (cb, "1"))),
            self.call(
                Call(
                    "noc_async_write_page",
                    (self.render(s.tile.page), ident(s.tile.tensor), f"get_read_ptr({cb})"),
                )
            ),
            # The page may be reused once its data has left L1; the acknowledgements are
            # waited for once, at the end of the kernel.
            self.call(Call("noc_async_writes_flushed")),
            self.call(Call("cb_pop_front", (cb, "1"))),
        ]
        return out

    def lowering(self, out: ir.CB, bound=None) -> UnitLowering:
        return UnitLowering(
            self.render,
            self.cb_name,
            self.mixed_formats,
            self.p.dst_capacity,
            self.cb_name(out),
            "Float32" if self.p.fp32_dest_acc else "Float16_b",
            bound,
        )

    def accumulate(self, s: ir.AccumulateInDst) -> list[dict]:
        """Accumulators in DST across the loop: acquire, zero, the loop of matmuls, the epilogue
        on the registers, then one commit and the packs."""
        out = [x for x in (self.origin(s.loc),) if x]
        out.append(self.call(Call("tile_regs_acquire", (), "the accumulators stay in DST for the whole loop")))
        for cb, r in s.accumulators:
            out.append(self.call(Call("fill_tile_init")))
            out.append(self.call(Call("fill_tile", (str(r), "0.0f"), f"{cb.what} in DST[{r}]")))
        self.compute_headers.add("api/compute/eltwise_unary/fill.h")
        out += self.block((s.loop,))
        bound = {cb.name: r for cb, r in s.accumulators}
        results = []
        lower = None
        for unit in s.epilogue:
            out += [x for x in (self.origin(unit.loc),) if x]
            for cb, n in unit.waits:
                out.append(self.call(Call("cb_wait_front", (self.cb_name(cb), str(n)))))
            lower = self.lowering(unit.out, bound)
            r = lower.value(unit.value)
            bound = {k: v for k, v in bound.items() if v != r}
            self.compute_headers.update(headers_for(lower.calls))
            out += [self.call(c) for c in lower.calls]
            results.append((unit, r))
        out.append(self.call(Call("tile_regs_commit")))
        for unit, _ in results:
            for cb, n in unit.pops:
                out.append(self.call(Call("cb_pop_front", (self.cb_name(cb), str(n)))))
        out.append(self.call(Call("tile_regs_wait")))
        for unit, r in results:
            dst = self.cb_name(unit.out)
            out.append(self.call(Call("cb_reserve_back", (dst, "1"))))
            if self.mixed_formats:
                out.append(self.call(Call("pack_reconfig_data_format", (dst,))))
            out.append(self.call(Call("pack_tile", (str(r), dst))))
            out.append(self.call(Call("cb_push_back", (dst, "1"))))
        out.append(self.call(Call("tile_regs_release")))
        return out

    def accumulate_step(self, s: ir.AccumulateMatmuls) -> list[dict]:
        out = [x for x in (self.origin(s.loc),) if x]
        for cb, n in s.waits:
            out.append(self.call(Call("cb_wait_front", (self.cb_name(cb), str(n)))))
        for mm in s.matmuls:
            a, b = mm.args
            if self.mixed_formats:  # matmul unpacks in1 (b) to SrcA and in0 (a) to SrcB
                out.append(self.call(Call("reconfig_data_format", (self.cb_name(b.cb), self.cb_name(a.cb)))))
            out.append(self.call(Call("matmul_init", (self.cb_name(a.cb), self.cb_name(b.cb)))))
            out.append(
                self.call(
                    Call("matmul_tiles", (self.cb_name(a.cb), self.cb_name(b.cb), self.index(a), self.index(b), str(s.reg)))
                )
            )
        for cb, n in s.pops:
            out.append(self.call(Call("cb_pop_front", (self.cb_name(cb), str(n)))))
        self.compute_headers.add("api/compute/matmul.h")
        return out

    def compute(self, s: ir.Compute) -> list[dict]:
        out = [x for x in (self.origin(s.loc),) if x]
        for cb, n in s.waits:
            out.append(self.call(Call("cb_wait_front", (self.cb_name(cb), str(n)))))
        lower = self.lowering(s.out)
        lower.emit("tile_regs_acquire")
        r = lower.value(s.value)
        lower.emit("tile_regs_commit")
        for cb, n in s.pops:
            lower.emit("cb_pop_front", self.cb_name(cb), str(n))
        dst = self.cb_name(s.out)
        if s.replaces:
            lower.emit("cb_pop_front", dst, "1", comment="drop the variable's previous value")
        lower.emit("cb_reserve_back", dst, "1")
        lower.emit("tile_regs_wait")
        if self.mixed_formats:
            lower.emit("pack_reconfig_data_format", dst)
        lower.emit("pack_tile", str(r), dst)
        lower.emit("tile_regs_release")
        lower.emit("cb_push_back", dst, "1")
        if s.keep:
            keep = s.keep_pages
            lower.emit("cb_wait_front", dst, str(keep) if isinstance(keep, int) else self.render(keep))
        self.compute_headers.update(headers_for(lower.calls))
        return out + [self.call(c) for c in lower.calls]

    def mcast_streams(self) -> list[dict]:
        """The reader's multicast streams: the CB, its runtime args (MCAST_WORDS per stream after
        the two program ids) and semaphores (two per stream), what its reads depend on."""
        out = []
        for i, m in enumerate(self.p.multicast):
            dep = " and ".join(f"program_id({a})" for a in m.axes) or "no program id"
            out.append(
                {
                    "name": f"ttl_mc{i}",
                    "arg": 2 + MCAST_WORDS * i,
                    "sem": 2 * i,
                    "what": f"{self.cb_name(m.cb)}: its reads depend on {dep} only",
                    "mask": sum(1 << a for a in m.axes),
                }
            )
        return out

    # Host ----------------------------------------------------------------------------------

    def host(self) -> str:
        reader_tensors = self.accessor_tensors(self.p.reader)
        writer_tensors = self.accessor_tensors(self.p.writer)
        fp32_cbs = [c for c in self.p.cbs if c.dtype.value == "float32" and c.purpose != "output"]
        ctx = {
            "version": __version__,
            "kernel": self.k.name,
            "source": f"{self.file}:{self.k.loc.line}",
            "tensors": [ident(t.name) for t in self.tensors],
            # Per tensor, its words of args->scalars (rows, cols, tile rows, tile cols, leading dims).
            "tensor_words": [
                {"name": ident(t.name), "first": sum(len(tensor_words(u.ndim)) - 1 for u in self.tensors[:i]),
                 "words": len(tensor_words(t.ndim)) - 1}
                for i, t in enumerate(self.tensors)
            ],
            "tensor_scalars": sum(len(tensor_words(t.ndim)) - 1 for t in self.tensors),
            "num_scalars": len(self.scalars),
            "cbs": [
                {
                    "name": self.cb_name(c),
                    "id": c.id,
                    "pages": c.pages,
                    "page_size": c.dtype.tile_bytes,
                    "format": c.dtype.device_format,
                    "what": c.what,
                }
                for c in self.p.cbs
            ],
            "reader_tensors": [ident(t) for t in reader_tensors],
            "writer_tensors": [ident(t) for t in writer_tensors],
            "math_fidelity": self.options.math_fidelity,
            "fp32_dest_acc": "true" if self.p.fp32_dest_acc else "false",
            "dst_full_sync": "true" if self.options.dst_full_sync else "false",
            "unpack_to_dest": [self.cb_name(c) for c in fp32_cbs] if self.p.fp32_dest_acc else [],
            "mcasts": self.mcast_streams(),
            "mcast_words": MCAST_WORDS,
        }
        return _ENV.get_template("host.cpp.j2").render(**ctx)

    @staticmethod
    def accessor_tensors(role: ir.RoleProgram) -> list[str]:
        out: list[str] = []
        for s in walk_stmts(role.body):
            tiles = (
                s.tiles
                if isinstance(s, ir.ReadTiles)
                else (s.tile,)
                if isinstance(s, ir.WriteTile)
                else ()
            )
            for t in tiles:
                if t.tensor not in out:
                    out.append(t.tensor)
            if isinstance(s, ir.ReadBlock) and s.tensor not in out:
                out.append(s.tensor)
        return out


def _loop(var: str, n: int, body: list[dict]) -> dict:
    """A generated counting loop `for (var = 0; var < n; ++var)` (a block's tiles)."""
    return {
        "kind": "for", "var": var, "end": f"{var}_end", "start": "0",
        "stop": str(n), "cmp": "<", "step_var": None, "step_value": None, "step": "+= 1", "body": body,
    }


# Compute configuration state that init and reconfig calls set, by slot. An op init (unpack and
# math programming: copy_init, add_init, matmul_init, an SFPU op's init...) replaces whatever the
# previous one set, so they share one slot; the unpackers' and the packer's data formats have
# theirs. reduce_uninit undoes reduce_init's packer setting: the slot becomes unknown.
_FORMAT_SLOTS = {
    "reconfig_data_format_srca": ("srca",),
    "reconfig_data_format_srcb": ("srcb",),
    "reconfig_data_format": ("srca", "srcb"),
    "pack_reconfig_data_format": ("pack",),
}


def _effect(c: dict) -> dict | None:
    """{slot: value} a call sets (None: unknown), or None for a call that sets no state."""
    if c.get("kind") != "call":
        return None
    fn, args = c["fn"], c["args"]
    if fn in _FORMAT_SLOTS:
        slots = _FORMAT_SLOTS[fn]
        vals = args[-len(slots):] if len(slots) == 1 else args[:2]
        return dict(zip(slots, vals))
    if fn == "reduce_uninit" or fn.startswith("compute_kernel_hw_startup"):
        return {"init": None, "srca": None, "srcb": None, "pack": None}
    if fn.split("<")[0].endswith("_init") or "_init_" in fn:
        return {"init": f"{fn}({','.join(args)})"}
    return None


def _redundant(c: dict, state: dict) -> bool:
    e = _effect(c)
    return e is not None and all(v is not None and state.get(k) == v for k, v in e.items())


def _meet(a: dict, b: dict) -> dict:
    return {k: v for k, v in a.items() if b.get(k) == v}


def drop_redundant_inits(stmts: list, state: dict | None = None) -> list:
    """A compute body without the init and reconfig calls that set what is already set on every
    path to them (a forward dataflow over the emitted calls, to a fixpoint at loops). A loop
    whose body starts by setting a slot to the value it ends with gets that call hoisted in
    front of it, so the copy inside goes: `matmul_init` once per K loop, not once per tile."""
    out, _ = _prune(stmts, dict(state or {}))
    return out


def _prune(stmts: list, state: dict) -> tuple[list, dict]:
    out = []
    for s in stmts:
        kind = s.get("kind")
        if kind == "call":
            if _redundant(s, state):
                continue
            e = _effect(s)
            if e:
                state.update(e)
            out.append(s)
        elif kind == "for":
            hoisted = _loop_invariant(s["body"])
            for c in hoisted:
                if not _redundant(c, state):
                    out.append(c)
                    state.update(_effect(c))
            entry = dict(state)
            s_in = entry
            while True:  # the state at the top of the body: the entry's, met with the end's
                _, end = _prune(s["body"], dict(s_in))
                new = _meet(entry, end) if s_in is entry else _meet(s_in, end)
                if new == s_in:
                    break
                s_in = new
            body, end = _prune(s["body"], dict(s_in))
            out.append({**s, "body": body})
            state = _meet(s_in, end)  # zero trips or many
        elif kind == "if":
            then, st_then = _prune(s["then"], dict(state))
            orelse, st_else = _prune(s["orelse"], dict(state))
            out.append({**s, "then": then, "orelse": orelse})
            state = _meet(st_then, st_else)
        else:
            out.append(s)
    return out, state


def _loop_invariant(body: list) -> list[dict]:
    """The state calls a loop body makes first (before anything else sets their slot, at its
    top level) and ends with: setting them before the loop makes the ones inside redundant."""
    first: list[dict] = []  # calls that set each of their slots first, in body order
    seen: set[str] = set()
    for s in body:
        if s.get("kind") == "call":
            e = _effect(s) or {}
            if e and all(slot not in seen and v is not None for slot, v in e.items()):
                first.append(s)
            seen.update(e)
        elif s.get("kind") in ("for", "if"):
            break  # what comes after a nested block: judged by the dataflow alone
    if not first:
        return []
    _, end = _prune(body, {})
    return [c for c in first if all(end.get(slot) == v for slot, v in _effect(c).items())]
