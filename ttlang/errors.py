"""User-facing errors. Every mistake in a kernel or a launch raises a TTLangError subclass whose
message names the file, line and column, shows the source line and a caret under the span."""

from __future__ import annotations

import linecache
import warnings
from dataclasses import dataclass


@dataclass(frozen=True)
class Loc:
    """A span in a Python source file (lines 1-based, columns 0-based, end exclusive)."""

    file: str
    line: int
    col: int
    end_line: int | None = None
    end_col: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col + 1}"


def format_snippet(loc: Loc) -> str:
    """The source line of `loc` with a caret span under it (TVM's _format_source_snippet)."""
    text = linecache.getline(loc.file, loc.line).rstrip("\n")
    if not text:
        return ""
    if loc.end_line == loc.line and loc.end_col is not None and loc.end_col > loc.col:
        width = loc.end_col - loc.col
    else:
        width = max(1, len(text.rstrip()) - loc.col)
    lineno = str(loc.line)
    pad = " " * len(lineno)
    return f" {lineno} | {text}\n {pad} | {' ' * loc.col}{'^' * width}"


class TTLangError(Exception):
    """Base class of every error ttlang reports to a kernel author."""

    kind = "error"

    def __init__(self, message: str, loc: Loc | None = None, notes: tuple[str, ...] = ()):
        self.message = message
        self.loc = loc
        self.notes = tuple(notes)
        super().__init__(self._render())

    def _render(self) -> str:
        if self.loc is None:
            head = f"{self.kind}: {self.message}"
        else:
            head = f"{self.loc}: {self.kind}: {self.message}"
        parts = [head]
        if self.loc is not None:
            snippet = format_snippet(self.loc)
            if snippet:
                parts.append(snippet)
        parts.extend(f"note: {n}" for n in self.notes)
        return "\n".join(parts)


class TTLangSyntaxError(TTLangError):
    """A Python construct the kernel language does not support."""

    kind = "unsupported"


class TTLangTypeError(TTLangError):
    """Mismatched shapes or types (tile vs scalar, broadcasting, dtypes)."""

    kind = "type error"


class TTLangNameError(TTLangError):
    """A name that is not defined in the kernel."""

    kind = "name error"


class TTLangLaunchError(TTLangError):
    """A bad launch: wrong arguments, unsupported arrays, a grid larger than the device."""

    kind = "launch error"


class TTLangResourceError(TTLangError):
    """The program does not fit the core: too many circular buffers, L1 exhausted, DST exhausted."""

    kind = "resource error"


class TTLangRuntimeError(TTLangError):
    """A fault detected while the kernel ran (an index out of range, a deadlock)."""

    kind = "runtime error"


class TTLangInternalError(TTLangError):
    """A bug in ttlang itself (the generated code failed to build); please report it."""

    kind = "internal error"


class TTLangToolchainError(TTLangError):
    """The C++ toolchain or the backend is missing."""

    kind = "toolchain error"


class TTLangWarning(UserWarning):
    """A kernel that compiles but is probably not what its author meant (one that stores into no
    tensor, say). Located at the kernel like an error: Python's warning filters apply to the
    kernel's file and line."""


def warn_at(
    message: str, loc: Loc, module_globals: dict | None = None, category: type[Warning] = TTLangWarning
) -> None:
    """Issues a Python warning at `loc` (not at ttlang's own line), with the source line and a
    caret; `module_globals` are those of the module at `loc`, whose warning registry makes the
    default filters show it once per location."""
    snippet = format_snippet(loc)
    text = f"{loc}: {message}" + (f"\n{snippet}" if snippet else "")
    g = module_globals if module_globals is not None else {}
    warnings.warn_explicit(
        text,
        category,
        loc.file,
        loc.line,
        module=g.get("__name__"),
        registry=g.setdefault("__warningregistry__", {}) if module_globals is not None else None,
    )
