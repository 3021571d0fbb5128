"""Emulator faults as kernel errors: C++ positions in the generated kernels become the Python
positions they were generated from."""

from __future__ import annotations

import re

from ..errors import Loc, TTLangInternalError, TTLangRuntimeError

_POS = re.compile(r"(?P<path>/\S*?/(?P<role>reader|compute|writer)\.cpp):(?P<line>\d+)")
_CHAIN = re.compile(r"/\S*?/(?:reader|compute|writer)\.cpp:\d+(?: \(inlined at /\S*?\.cpp:\d+\))*")
_PREFIX = re.compile(
    r"core \((\d+),(\d+)\) (BRISC|NCRISC|TRISC) kernel (reader|compute|writer)\.cpp"
)
_INDEX_ASSERT = re.compile(
    r"ASSERT\(static_cast<uint32_t>\((?P<value>.*?)\) < static_cast<uint32_t>\((?P<limit>.*)\)\) failed"
)
_TENSOR = re.compile(r"\b([A-Za-z_]\w*?)_(?:tile_rows|tile_cols|dim\d+)\b")


def translate(message: str, compiled, shapes: dict, call_loc: Loc | None):
    """The error to raise for a failed launch of `compiled`."""
    if "failed to compile" in message:
        first = next(
            (line for line in message.splitlines() if "error" in line), message.splitlines()[0]
        )
        return TTLangInternalError(
            f"the generated C++ of kernel '{compiled.name}' failed to compile (a ttlang bug): {first.strip()}",
            compiled.kernel.def_loc,
            (f"the generated sources are in {compiled.dir}",),
        )
    first_loc: list[Loc] = []

    def to_python(chain: re.Match) -> str:
        # A C++ position and the positions it was inlined into: the first one generated from a
        # Python line names it (helpers of the prelude have none).
        positions = list(_POS.finditer(chain[0]))
        for m in positions:
            loc = compiled.line_map(m["role"]).get(int(m["line"]))
            if loc is not None:
                if not first_loc:
                    first_loc.append(loc)
                return str(loc)
        return f"{positions[0]['role']}.cpp:{positions[0]['line']}"

    text = _CHAIN.sub(to_python, message)
    if first_loc and "deadlock" not in text:
        text = text.replace(f" at {first_loc[0]}", "", 1)  # the error's own position says it
    text = _PREFIX.sub(lambda m: f"core ({m[1]},{m[2]}) {m[4]}", text)
    m = _INDEX_ASSERT.search(text)
    if m:
        t = _TENSOR.search(m["limit"])
        if t and t[1] in shapes:
            shape, tiles = shapes[t[1]]
            x = lambda dims: "x".join(map(str, dims))  # noqa: E731
            what = f"tile index out of range for tensor '{t[1]}', which has {x(tiles)} tiles (shape {x(shape)})"
        else:
            what = "tile index out of range"
        text = text[: m.start()] + what + text[m.end() :]
    notes = (f"while running kernel '{compiled.name}' launched at {call_loc}",) if call_loc else ()
    return TTLangRuntimeError(text, first_loc[0] if first_loc else call_loc, notes)
