"""Text form of the IR, for TTLANG_PRINT_AFTER=<pass> and for tests that state expected IR."""

from __future__ import annotations

from . import nodes as ir


def expr(e) -> str:
    if isinstance(e, ir.Const):
        return repr(e.value)
    if isinstance(e, (ir.Var, ir.Param)):
        return e.name
    if isinstance(e, ir.TensorDim):
        return f"{e.tensor}.{e.dim}"
    if isinstance(e, ir.ProgramId):
        return f"program_id({e.axis})"
    if isinstance(e, ir.NumPrograms):
        return f"num_programs({e.axis})"
    if isinstance(e, ir.ShareBound):
        return f"share_{'end' if e.end else 'begin'}({expr(e.n)})"
    if isinstance(e, ir.BinOp):
        if e.op in ("min", "max"):
            return f"{e.op}({expr(e.lhs)}, {expr(e.rhs)})"
        return f"({expr(e.lhs)} {e.op} {expr(e.rhs)})"
    if isinstance(e, ir.UnOp):
        return (
            f"{e.op}({expr(e.operand)})"
            if e.op in ("int", "float")
            else f"({e.op} {expr(e.operand)})"
        )
    if isinstance(e, ir.Load):
        return f"load {e.tensor}[{', '.join(expr(i) for i in e.index)}]"
    if isinstance(e, ir.TileVar):
        return f"%{e.name}" + (f"[{', '.join(expr(i) for i in e.index)}]" if e.index else "")
    if isinstance(e, ir.TileOp):
        attrs = "".join(f", {k}={v}" for k, v in e.attrs)
        return f"{e.op.value}({', '.join(expr(a) for a in e.args)}{attrs})"
    if isinstance(e, ir.Full):
        return f"full({expr(e.value)}, {e.type})"
    if isinstance(e, ir.CbTile):
        return f"cb{e.cb.id}:{e.cb.name}[{e.index if isinstance(e.index, int) else expr(e.index)}]"
    return f"<{type(e).__name__}>"


def access(t: ir.TileAccess) -> str:
    return f"{t.tensor}@{expr(t.page)}"


def stmts(body, indent: int = 0) -> list[str]:
    pad = "  " * indent
    out = []
    for s in body:
        if isinstance(s, ir.Assign):
            out.append(f"{pad}{s.name} = {expr(s.value)}")
        elif isinstance(s, ir.TileAssign):
            at = f"[{', '.join(expr(i) for i in s.index)}]" if s.index else ""
            out.append(f"{pad}%{s.name}{at} = {expr(s.value)}")
        elif isinstance(s, ir.Store):
            out.append(
                f"{pad}store {s.tensor}[{', '.join(expr(i) for i in s.index)}] = {expr(s.value)}"
            )
        elif isinstance(s, ir.For):
            kw = s.kind
            out.append(
                f"{pad}for {s.var} in {kw}({expr(s.start)}, {expr(s.stop)}, {expr(s.step)}):"
            )
            out += stmts(s.body, indent + 1) or [pad + "  pass"]
        elif isinstance(s, ir.If):
            out.append(f"{pad}if {expr(s.cond)}:")
            out += stmts(s.then, indent + 1) or [pad + "  pass"]
            if s.orelse:
                out.append(f"{pad}else:")
                out += stmts(s.orelse, indent + 1)
        elif isinstance(s, ir.ReadTiles):
            out.append(
                f"{pad}read cb{s.cb.id}:{s.cb.name} <- {', '.join(access(t) for t in s.tiles)}"
            )
        elif isinstance(s, ir.FillMasks):
            masks = ", ".join(f"{f}({expr(r)}, {expr(c)})" for r, c, f in s.masks)
            out.append(f"{pad}fill cb{s.cb.id}:{s.cb.name} <- masks {masks}")
        elif isinstance(s, ir.FillScaler):
            out.append(f"{pad}fill cb{s.cb.id}:{s.cb.name} <- reduce scaler")
        elif isinstance(s, ir.WriteTile):
            out.append(f"{pad}write cb{s.cb.id}:{s.cb.name} -> {access(s.tile)}")
        elif isinstance(s, ir.Compute):
            waits = ", ".join(f"cb{c.id}x{n}" for c, n in s.waits)
            tag = " (replaces)" if s.replaces else ""
            out.append(
                f"{pad}compute cb{s.out.id}:{s.out.name}{tag} = {expr(s.value)}  [waits {waits or '-'}]"
            )
        elif isinstance(s, ir.AccumulateInDst):
            regs = ", ".join(f"cb{c.id}:{c.name}->dst{r}" for c, r in s.accumulators)
            out.append(f"{pad}accumulate in DST [{regs}]:")
            out += stmts((s.loop,), indent + 1)
            out.append(f"{pad}  then:")
            out += stmts(s.epilogue, indent + 2)
        elif isinstance(s, ir.AccumulateMatmuls):
            mms = " + ".join(expr(m) for m in s.matmuls)
            out.append(f"{pad}dst{s.reg} += {mms}")
        elif isinstance(s, ir.MatmulBlockBegin):
            out.append(f"{pad}%{s.acc} = zeros {s.grid[0]}x{s.grid[1]} tiles (block accumulator, {s.first} = 1)")
        elif isinstance(s, ir.MatmulBlock):
            out.append(f"{pad}%{s.acc} += matmul_block({expr(s.a)}, {expr(s.b)})  [{s.grid[0]}x{s.inner} @ {s.inner}x{s.grid[1]} tiles]")
        elif isinstance(s, ir.MatmulBlockEnd):
            out.append(f"{pad}%{s.acc} = zeros if no update ran")
        elif isinstance(s, ir.ReadBlock):
            out.append(
                f"{pad}read cb{s.cb.id}:{s.cb.name} <- {s.tensor}[{expr(s.row)}:+{s.rows}, {expr(s.col)}:+{s.cols}]"
                + (f" of the matrix at page {expr(s.base)}" if s.base is not None else "")
            )
        elif isinstance(s, ir.MatmulBlockUnit):
            out.append(
                f"{pad}matmul_block cb{s.acc.id}:{s.acc.name} += cb{s.a.id}:{s.a.name} @ cb{s.b.id}:{s.b.name}"
                f"  [{s.grid[0]}x{s.inner} @ {s.inner}x{s.grid[1]}, subblocks {s.subblock[0]}x{s.subblock[1]}, first: {expr(s.first)}]"
            )
        elif isinstance(s, ir.ZeroBlock):
            out.append(f"{pad}zero cb{s.acc.id}:{s.acc.name} if {expr(s.first)}")
        elif isinstance(s, ir.PopVar):
            out.append(f"{pad}pop cb{s.cb.id}:{s.cb.name}" + (f" x{s.pages}" if s.pages != 1 else ""))
        else:
            out.append(f"{pad}<{type(s).__name__}>")
    return out


def kernel(k: ir.KernelIR) -> str:
    params = ", ".join(
        f"{p.name}: {p.dtype.value}[]" if isinstance(p, ir.TensorParam) else f"{p.name}: {p.type}"
        for p in k.params
    )
    compiled_in = [f"  # compiled in: {t}.{d} = {v}" for t, d, v in k.shape_consts]
    return "\n".join([f"kernel {k.name}({params}):", *compiled_in, *stmts(k.body, 1)])


def program(p: ir.Program) -> str:
    lines = [
        f"program {p.kernel.name} (fp32_dest_acc={p.fp32_dest_acc}, dst_capacity={p.dst_capacity}):"
    ]
    for cb in p.cbs:
        lines.append(
            f"  cb{cb.id} {cb.name}: {cb.purpose} {cb.dtype.value} x{cb.pages}  # {cb.what}"
        )
    for m in p.multicast:
        dep = " and ".join(f"program_id({a})" for a in m.axes) or "no program id"
        along = " and ".join(str(a) for a in m.along)
        lines.append(f"  multicast cb{m.cb.id} {m.cb.name} along axis {along}  # its reads depend on {dep} only")
    for role in p.roles:
        lines.append(f"  {role.role}:")
        lines += stmts(role.body, 2) or ["    pass"]
    return "\n".join(lines)


def show(x) -> str:
    return program(x) if isinstance(x, ir.Program) else kernel(x)
