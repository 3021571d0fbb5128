"""The source of a kernel function: its file, its parsed AST with real file positions."""

from __future__ import annotations

import ast
import inspect
import textwrap
from dataclasses import dataclass

from ..errors import Loc, TTLangSyntaxError


@dataclass(frozen=True)
class KernelSource:
    file: str
    text: str  # the dedented source of the function
    first_line: int  # file line of the source's first line
    indent: int  # columns removed by the dedent
    tree: ast.FunctionDef

    def loc(self, node: ast.AST) -> Loc:
        """The file position of an AST node (lines and columns already offset)."""
        return Loc(
            self.file,
            getattr(node, "lineno", self.first_line),
            getattr(node, "col_offset", 0),
            getattr(node, "end_lineno", None),
            getattr(node, "end_col_offset", None),
        )


def get_source(fn) -> KernelSource:
    """Parses `fn`'s source. Positions are offset to the file (TileLang's line padding), so
    every error can print file:line:col and the line itself."""
    try:
        lines, first_line = inspect.getsourcelines(fn)
        file = inspect.getsourcefile(fn) or inspect.getfile(fn)
    except (OSError, TypeError) as e:
        raise TTLangSyntaxError(
            f"cannot read the source of {fn.__qualname__!r}: a kernel must be defined in a file "
            f"or a notebook cell ({e})"
        ) from None
    raw = "".join(lines)
    text = textwrap.dedent(raw)
    indent = len(lines[0]) - len(lines[0].lstrip()) if lines else 0
    indent -= len(text.splitlines()[0]) - len(text.splitlines()[0].lstrip()) if text else 0
    module = ast.parse(text)
    ast.increment_lineno(module, first_line - 1)
    if indent:
        for node in ast.walk(module):
            if hasattr(node, "col_offset"):
                node.col_offset += indent
            if getattr(node, "end_col_offset", None) is not None:
                node.end_col_offset += indent
    fndefs = [n for n in module.body if isinstance(n, ast.FunctionDef)]
    if not fndefs:
        raise TTLangSyntaxError(f"{fn.__qualname__!r} is not a plain function definition")
    return KernelSource(file, text, first_line, indent, fndefs[0])
