"""The documentation against the code: every public name of `ttlang` is documented in
docs/language.md, the README's first screen links every page of docs/, the relative links of the
README and of docs/*.md resolve, and the IR listings of docs/architecture.md are what the
compiler prints (recompiled here, without building any C++)."""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from pathlib import Path

import numpy as np
import pytest

import ttlang as tt
from ttlang import arch
from ttlang.ir import passes
from ttlang.kernel import _shapes

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
README = REPO / "README.md"
FIRST_SCREEN = 40  # lines of the README a reader sees without scrolling

# Inline code spans and fenced blocks: where a documented name is spelled as code.
CODE = re.compile(r"^```.*?^```|`[^`\n]+`", re.MULTILINE | re.DOTALL)
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def code_text(markdown: str) -> str:
    return "\n".join(CODE.findall(markdown))


def undocumented(names, markdown: str) -> list[str]:
    """The names that the page never spells as `tt.<name>` in code."""
    code = code_text(markdown)
    return [n for n in names if not re.search(rf"\btt\.{re.escape(n)}\b", code)]


def test_every_public_name_is_documented_in_language_md():
    missing = undocumented(tt.__all__, (DOCS / "language.md").read_text())
    assert not missing, (
        "docs/language.md does not document (as `tt.<name>` in code) these names of "
        f"ttlang.__all__: {', '.join(missing)}"
    )


def test_the_check_fails_for_a_name_the_page_lacks():
    page = (DOCS / "language.md").read_text()
    without = re.sub(r"\btt\.sigmoid\b", "tt.SIGMOID_REMOVED", page)
    assert undocumented(["sigmoid", "exp"], without) == ["sigmoid"]
    assert undocumented(["max"], "`tt.maximum(x, y)`") == ["max"]  # a prefix is not the name
    assert undocumented(["max"], "plain tt.max outside code") == ["max"]


def relative_links(markdown: str) -> list[str]:
    """The targets of the page's links to files of the repository (not those in code)."""
    return [
        t.split("#")[0]
        for t in LINK.findall(CODE.sub("", markdown))
        if not re.match(r"[a-z]+:", t) and not t.startswith("#")
    ]


@pytest.mark.parametrize(
    "page", [README, *sorted(DOCS.glob("*.md"))], ids=lambda p: str(p.relative_to(REPO))
)
def test_relative_links_resolve(page):
    broken = [t for t in relative_links(page.read_text()) if not (page.parent / t).exists()]
    assert not broken, f"{page.relative_to(REPO)} links to missing files: {', '.join(broken)}"


def test_readme_first_screen_links_every_doc():
    first = "\n".join(README.read_text().splitlines()[:FIRST_SCREEN])
    linked = {(REPO / t).resolve() for t in relative_links(first)}
    missing = [p.name for p in sorted(DOCS.glob("*.md")) if p.resolve() not in linked]
    assert not missing, (
        f"the first {FIRST_SCREEN} lines of README.md do not link docs/{', docs/'.join(missing)}"
    )


# docs/architecture.md: "One kernel through the pipeline" --------------------------------------

ARCH = DOCS / "architecture.md"
TITLED = re.compile(r'^```(\w+) title="([^"]+)"\n(.*?)^```$', re.MULTILINE | re.DOTALL)


def titled_blocks() -> dict[str, str]:
    return {title: body for _, title, body in TITLED.findall(ARCH.read_text())}


@pytest.fixture(scope="module")
def example_kernel(tmp_path_factory):
    """The page's kernel, from its own source file (the frontend reads source with inspect),
    without the launch that follows it on the page."""
    source = titled_blocks()["matmul_bias_relu.py"]
    tree = ast.parse(source)
    keep = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom, ast.FunctionDef))]
    path = tmp_path_factory.mktemp("arch_doc") / "matmul_bias_relu.py"
    lines = source.splitlines()
    first = lambda n: min([n.lineno, *(d.lineno for d in getattr(n, "decorator_list", ()))])
    text = "\n\n".join("\n".join(lines[first(n) - 1 : n.end_lineno]) for n in keep)
    path.write_text(text + "\n")
    spec = importlib.util.spec_from_file_location("ttl_doc_matmul_bias_relu", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        yield module.matmul_bias_relu
    finally:
        del sys.modules[spec.name]


def test_architecture_ir_listings_are_what_the_compiler_prints(example_kernel, monkeypatch, capsys):
    blocks = titled_blocks()
    shown = {t.removeprefix("after "): b.rstrip("\n") for t, b in blocks.items() if t.startswith("after ")}
    names = ["frontend", *(name for name, _ in passes.pipeline(arch.get("wormhole_b0"), passes.Options()))]
    assert list(shown) == names, "the page shows the IR after the frontend and each pass, in order"
    # The arrays of the page's launch (shapes and dtypes are all that compiling reads).
    k = example_kernel
    values = {
        "a": np.zeros((64, 96), np.float32),
        "b": np.zeros((96, 64), np.float32),
        "bias": np.zeros((1, 64), np.float32),
        "c": np.zeros((64, 64), np.float32),
    }
    specs = k._spec(values, None)
    monkeypatch.setenv("TTLANG_PRINT_AFTER", "all")
    passes.run(k._frontend(specs, _shapes(values, specs)), arch.get("wormhole_b0"), k.options)
    printed = dict(re.findall(r"^// IR after (\w+)\n(.*?)\n\n", capsys.readouterr().err, re.M | re.S))
    for name in names:
        assert shown[name] == printed[name], (
            f"docs/architecture.md's IR after {name} differs from the compiler's:\n{printed[name]}"
        )
