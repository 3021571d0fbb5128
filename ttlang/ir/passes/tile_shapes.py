"""Tile shapes: every tile value of an elementwise kernel is one 32x32 tile.

Tensors are padded to whole tiles by the launcher; elementwise results in the padding are
never written back, so they need no masking. (Reductions, which would read the padding, bring
their own masks with the compiler's reduction support.)

Invariant established: all tile values are 32x32.
"""

from __future__ import annotations

from ...errors import TTLangTypeError
from .. import nodes as ir
from ..visit import stmt_exprs, walk_expr, walk_stmts


def run(k: ir.KernelIR) -> ir.KernelIR:
    for s in walk_stmts(k.body):
        for e in stmt_exprs(s):
            for n in walk_expr(e):
                if isinstance(n.type, ir.TileType) and n.type.shape != (32, 32):
                    raise TTLangTypeError(
                        f"a {n.type.shape[0]}x{n.type.shape[1]} block of tiles is not supported yet; "
                        "kernels work on one 32x32 tile at a time",
                        n.loc or s.loc,
                    )
    return k
