"""A small C++ reader for API headers and kernels: tokens, namespace-scope function declarations
(template parameters, parameter types, defaults), function-like macros, and the calls a kernel
makes. It is not a C++ parser; it understands what TT-Metalium's headers and ttlang's generated
kernels are made of:

- input may be raw source or ``g++ -E -fdirectives-only`` output: line markers (``# 12 "f.h"``)
  attribute every declaration to the file and line it was written at, ``#define``s are recorded
  as macros, other directives are skipped;
- namespace and ``extern "C"`` blocks are entered; class, struct, union and enum bodies and
  function bodies are skipped (only free functions are declarations here);
- attributes (``[[...]]``, ``__attribute__((...))``, ``alignas``) are removed, ``deprecated``
  is remembered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# ---------------------------------------------------------------------------------------------
# Tokens

_TOKEN = re.compile(
    r"""
    (?P<ws>[ \t\r\f\v]+|\\\n)
  | (?P<nl>\n)
  | (?P<lc>//[^\n]*)
  | (?P<bc>/\*.*?\*/)
  | (?P<raw>(?:u8|u|U|L)?R"(?P<delim>[^(\s\\]*)\(.*?\)(?P=delim)")
  | (?P<str>(?:u8|u|U|L)?"(?:\\.|[^"\\\n])*")
  | (?P<chr>(?:u8|u|U|L)?'(?:\\.|[^'\\\n])*')
  | (?P<num>\.?\d(?:[eEpP][+-]|[\w.']|)*)
  | (?P<id>[A-Za-z_$]\w*)
  | (?P<punct>::|->\*?|\.\.\.|<<=|<=>|[-+*/%^&|<=!]=|&&|\|\||\+\+|--|<<|\#\#|[][(){};:,.?~!%^&*+\-/<>=|\#@\\`])
    """,
    re.S | re.X,
)
_DIRECTIVE_START = re.compile(r"[ \t]*#")
_LINE_MARKER = re.compile(r'#\s*(?:line\s+)?(\d+)\s+"((?:\\.|[^"\\])*)"')
_DEFINE = re.compile(r"#\s*define\s+([A-Za-z_]\w*)(\(([^)]*)\))?")


@dataclass(frozen=True)
class Token:
    text: str
    kind: str  # id, num, str, chr, punct
    file: str
    line: int


@dataclass(frozen=True)
class Macro:
    name: str
    params: tuple[str, ...] | None  # None: object-like
    variadic: bool
    file: str
    line: int

    def arity(self) -> tuple[int, float]:
        n = len(self.params or ())
        return (n - 1 if self.variadic else n, float("inf") if self.variadic else n)


def tokenize(text: str, file: str = "<input>", keep=None) -> tuple[list[Token], list[Macro]]:
    """Tokens of `text` (comments, whitespace and directives dropped) and its #defines. With
    `keep`, a predicate on file names, the code of other files (after line markers) is skipped
    (their #defines are still recorded)."""
    tokens: list[Token] = []
    macros: list[Macro] = []
    pos, line, cur = 0, 1, file
    at_bol = True
    skipping = keep is not None and not keep(cur)
    n = len(text)
    while pos < n:
        if skipping and at_bol and not _DIRECTIVE_START.match(text, pos):
            nl = text.find("\n", pos)
            pos = n if nl == -1 else nl + 1
            line += 1
            continue
        if at_bol:
            # A directive: '#' first on its line (after blanks); runs to the first newline that is
            # not escaped.
            m = _DIRECTIVE_START.match(text, pos)
            if m:
                end = pos
                while True:
                    nl = text.find("\n", end)
                    if nl == -1:
                        end = n
                        break
                    if nl > 0 and text[nl - 1] == "\\":
                        end = nl + 1
                        continue
                    end = nl
                    break
                directive = text[pos:end].strip()
                nlines = text.count("\n", pos, end)
                lm = _LINE_MARKER.match(directive)
                if lm:
                    line = int(lm.group(1))
                    cur = (
                        lm.group(2).encode().decode("unicode_escape")
                        if "\\" in lm.group(2)
                        else lm.group(2)
                    )
                    skipping = keep is not None and not keep(cur)
                    pos = end + 1
                    at_bol = True
                    continue
                dm = _DEFINE.match(directive)
                if dm:
                    params = None
                    variadic = False
                    if dm.group(2) is not None:
                        ps = [p.strip() for p in dm.group(3).split(",") if p.strip()]
                        if ps and ps[-1].endswith("..."):
                            variadic = True
                            ps[-1] = ps[-1][:-3].strip() or "__VA_ARGS__"
                        params = tuple(ps)
                    macros.append(Macro(dm.group(1), params, variadic, cur, line))
                line += nlines + 1
                pos = end + 1
                at_bol = True
                continue
        m = _TOKEN.match(text, pos)
        if m is None:  # a stray character: skip it
            pos += 1
            at_bol = False
            continue
        kind = m.lastgroup
        s = m.group(0)
        if kind == "nl":
            line += 1
            at_bol = True
        elif kind in ("ws", "lc"):
            if s == "\\\n":
                line += 1
        elif kind == "bc":
            line += s.count("\n")
            # a block comment does not end the line
        else:
            if kind == "raw":
                kind = "str"
            tokens.append(Token(s, kind, cur, line))
            line += s.count("\n")
            at_bol = False
        pos = m.end()
    return tokens, macros


# ---------------------------------------------------------------------------------------------
# Declarations

_BUILTIN_TYPE_WORDS = {
    "void", "bool", "char", "char8_t", "char16_t", "char32_t", "wchar_t", "short", "int", "long",
    "float", "double", "signed", "unsigned", "auto", "const", "volatile",
}  # fmt: skip
_SPECIFIERS = {
    "inline", "static", "constexpr", "consteval", "constinit", "extern", "virtual", "explicit",
    "friend", "thread_local", "register", "mutable", "__inline", "__inline__", "__forceinline",
}  # fmt: skip
_STD_INT = re.compile(
    r"\bstd::((?:u?int(?:8|16|32|64)_t)|size_t|ptrdiff_t|u?intptr_t|u?intmax_t|nullptr_t)\b"
)
_INT_SUFFIX = re.compile(r"^(0[xX][0-9a-fA-F']+|0[bB][01']+|\d[\d']*)([uUlLzZ]+)$")


def _join(tokens, pretty: bool = False) -> str:
    """Canonical text of a token run: one space between words and after commas, none around
    other punctuation (`pretty`: also around '=', for reports)."""
    out = ""
    prev = None
    for t in tokens:
        s = t.text if isinstance(t, Token) else t
        if _INT_SUFFIX.match(s):
            s = _INT_SUFFIX.match(s).group(1)
        if prev is not None and (
            ((prev[-1:].isalnum() or prev[-1:] == "_") and (s[:1].isalnum() or s[:1] == "_"))
            or prev == ","
            or (pretty and (s == "=" or prev == "="))
        ):
            out += " "
        out += s
        prev = s
    return _STD_INT.sub(r"\1", out)


def normalize_type(tokens) -> str:
    """A parameter's type, for comparison: std:: integer typedefs unqualified, top-level cv of a
    by-value parameter dropped, east const moved west, `unsigned` spelled `unsigned int`."""
    toks = [t.text if isinstance(t, Token) else t for t in tokens]
    toks = [t for t in toks if t not in ("typename", "struct", "class", "enum")]
    if not any(t in ("*", "&", "&&") for t in toks):
        toks = [t for t in toks if t not in ("const", "volatile")]
    else:
        # T* const -> T* (top-level const of a pointer)
        while len(toks) >= 2 and toks[-1] in ("const", "volatile") and toks[-2] == "*":
            toks.pop()
        # T const& -> const T&
        for i in range(1, len(toks)):
            if (
                toks[i] == "const"
                and i + 1 < len(toks)
                and toks[i + 1] in ("&", "&&", "*")
                and toks[0] != "const"
            ):
                toks = ["const"] + toks[:i] + toks[i + 1 :]
                break
    if toks == ["unsigned"]:
        toks = ["unsigned", "int"]
    return _join(toks)


def normalize_expr(tokens) -> str:
    return _join(tokens)


@dataclass(frozen=True)
class Param:
    type: str  # normalized
    name: str
    default: str | None  # normalized
    pack: bool = False  # a parameter pack (Args... args) or C varargs (...)


@dataclass(frozen=True)
class TParam:
    kind: str  # "type", "value" or "template"
    type: str  # value parameters: the normalized type; template template parameters: the header
    name: str
    default: str | None
    pack: bool = False


@dataclass
class Decl:
    name: str
    scope: str  # enclosing namespaces, "a::b" ("" for the global namespace)
    qualifier: str  # a qualified declarator's prefix (A::f -> "A"), else ""
    template: list[TParam] | None  # None: not a template
    params: list[Param]
    file: str
    line: int
    deprecated: bool = False
    definition: bool = False
    specialization: bool = False
    deleted: bool = False
    text: str = ""  # the declaration as written (attributes and body removed), for reports

    @property
    def qualified_name(self) -> str:
        parts = [p for p in (self.scope, self.qualifier, self.name) if p]
        return "::".join(parts)

    def arity(self) -> tuple[int, float]:
        lo = sum(1 for p in self.params if p.default is None and not p.pack)
        hi = float("inf") if any(p.pack for p in self.params) else len(self.params)
        return lo, hi

    def template_arity(self) -> float:
        if self.template is None:
            return 0
        return float("inf") if any(t.pack for t in self.template) else len(self.template)

    def signature(self) -> str:
        """The declaration in canonical form: template parameters (kind, type, default) and
        parameters (type, default), names left out."""
        out = ""
        if self.template is not None:
            tp = []
            for t in self.template:
                s = {"type": "typename", "template": t.type}.get(t.kind, t.type)
                s += "..." if t.pack else ""
                if t.default is not None:
                    s += f" = {t.default}"
                tp.append(s)
            out += f"template <{', '.join(tp)}> "
        ps = []
        for p in self.params:
            s = p.type + ("..." if p.pack and p.type != "..." else "")
            if p.default is not None:
                s += f" = {p.default}"
            ps.append(s)
        return out + f"{self.qualified_name}({', '.join(ps)})"

    def where(self) -> str:
        return f"{self.file}:{self.line}"


def _match_close(tokens, i, open_, close):
    """Index of the token closing the bracket opened at tokens[i]."""
    depth = 0
    for j in range(i, len(tokens)):
        s = tokens[j].text
        if s == open_:
            depth += 1
        elif s == close:
            depth -= 1
            if depth == 0:
                return j
    return len(tokens) - 1


def _match_angle(tokens, i):
    """Index of the '>' closing the template bracket opened at tokens[i] ('<'), parentheses and
    brackets inside taken into account."""
    depth = 0
    paren = 0
    for j in range(i, len(tokens)):
        s = tokens[j].text
        if s in ("(", "[", "{"):
            paren += 1
        elif s in (")", "]", "}"):
            paren -= 1
        elif paren == 0 and s == "<":
            depth += 1
        elif paren == 0 and s == ">":
            depth -= 1
            if depth == 0:
                return j
        elif paren == 0 and s == ">>":  # never produced by the tokenizer; kept for safety
            depth -= 2
            if depth <= 0:
                return j
    return None


def split_top(tokens, sep=",", angles=True):
    """Split a token run at `sep` outside (), [], {} and (if `angles`) template <>."""
    parts, cur = [], []
    depth = 0
    angle = 0
    prev = None
    for t in tokens:
        s = t.text
        if s in ("(", "[", "{"):
            depth += 1
        elif s in (")", "]", "}"):
            depth -= 1
        elif (
            angles
            and depth == 0
            and s == "<"
            and prev is not None
            and (prev.kind == "id" or prev.text in ("::", ">"))
            and prev.text not in ("operator",)
        ):
            angle += 1
        elif angles and depth == 0 and s == ">" and angle > 0:
            angle -= 1
        if s == sep and depth == 0 and angle == 0:
            parts.append(cur)
            cur = []
        else:
            cur.append(t)
        prev = t
    if cur or parts:
        parts.append(cur)
    return parts


def _strip_attributes(tokens):
    """(tokens without attributes, deprecated?)"""
    out = []
    deprecated = False
    i = 0
    while i < len(tokens):
        s = tokens[i].text
        if s == "[" and i + 1 < len(tokens) and tokens[i + 1].text == "[":
            j = _match_close(tokens, i, "[", "]")
            if any(t.text == "deprecated" for t in tokens[i:j]):
                deprecated = True
            i = j + 1
            continue
        if (
            s
            in ("__attribute__", "__attribute", "alignas", "__declspec", "__asm__", "asm", "__asm")
            and i + 1 < len(tokens)
            and tokens[i + 1].text == "("
        ):
            j = _match_close(tokens, i + 1, "(", ")")
            if any(t.text in ("deprecated", "__deprecated__") for t in tokens[i:j]):
                deprecated = True
            i = j + 1
            continue
        out.append(tokens[i])
        i += 1
    return out, deprecated


def _split_name(decl_tokens):
    """(type tokens, name, pack) of a parameter or template parameter declaration."""
    toks = list(decl_tokens)
    pack = any(t.text == "..." for t in toks)
    # function pointer: R (*name)(args) or R (&name)[N]
    for i in range(len(toks) - 3):
        if (
            toks[i].text == "("
            and toks[i + 1].text in ("*", "&")
            and toks[i + 2].kind == "id"
            and toks[i + 3].text == ")"
        ):
            name = toks[i + 2].text
            return toks[: i + 2] + toks[i + 3 :], name, pack
    # array: T name[N]
    arr = []
    if toks and toks[-1].text == "]":
        k = len(toks) - 1
        while k >= 0 and toks[k].text == "]":
            open_ = max(j for j in range(k) if toks[j].text == "[")
            arr = toks[open_ : k + 1] + arr
            k = open_ - 1
        toks = toks[: k + 1]
    name = ""
    if (
        len(toks) >= 2
        and toks[-1].kind == "id"
        and toks[-1].text not in _BUILTIN_TYPE_WORDS
        and toks[-2].text not in ("::",)
    ):
        name = toks[-1].text
        toks = toks[:-1]
    toks = [t for t in toks if t.text != "..."] + arr
    return toks, name, pack


def _parse_params(tokens) -> list[Param]:
    if not tokens or (len(tokens) == 1 and tokens[0].text == "void"):
        return []
    params = []
    for part in split_top(tokens):
        if not part:
            continue
        if len(part) == 1 and part[0].text == "...":
            params.append(Param("...", "", None, True))
            continue
        eq = split_top(part, "=")
        decl = eq[0]
        default = normalize_expr([t for p in eq[1:] for t in p]) if len(eq) > 1 else None
        if len(eq) > 2:  # '=' inside the default expression (a == b): rejoin
            default = normalize_expr(part[len(decl) + 1 :])
        type_toks, name, pack = _split_name(decl)
        params.append(Param(normalize_type(type_toks), name, default, pack))
    return params


def _parse_template_params(tokens) -> list[TParam]:
    out = []
    for part in split_top(tokens):
        if not part:
            continue
        eq = split_top(part, "=")
        decl = eq[0]
        default = normalize_expr(part[len(decl) + 1 :]) if len(eq) > 1 else None
        first = decl[0].text if decl else ""
        if first == "template":
            close = _match_angle(decl, 1) or 1
            header = (
                "template <"
                + ", ".join(
                    {"type": "typename", "template": p.type}.get(p.kind, p.type)
                    for p in _parse_template_params(decl[2:close])
                )
                + "> typename"
            )
            rest = decl[close + 1 :]
            names = [t.text for t in rest if t.kind == "id" and t.text not in ("class", "typename")]
            out.append(
                TParam(
                    "template",
                    header,
                    names[-1] if names else "",
                    default,
                    any(t.text == "..." for t in rest),
                )
            )
        elif first in ("typename", "class") and not (len(decl) > 2 and decl[2].text == "::"):
            names = [t.text for t in decl[1:] if t.kind == "id"]
            out.append(
                TParam(
                    "type",
                    "",
                    names[-1] if names else "",
                    default,
                    any(t.text == "..." for t in decl),
                )
            )
        else:
            type_toks, name, pack = _split_name(decl)
            out.append(TParam("value", normalize_type(type_toks), name, default, pack))
    return out


def _parse_function(stmt, scope, file, line, definition) -> Decl | None:
    """A function declaration from a namespace-scope statement (up to its ';' or '{')."""
    toks, deprecated = _strip_attributes(stmt)
    template = None
    specialization = False
    i = 0
    while (
        i < len(toks)
        and toks[i].text == "template"
        and i + 1 < len(toks)
        and toks[i + 1].text == "<"
    ):
        close = _match_angle(toks, i + 1)
        if close is None:
            return None
        inner = toks[i + 2 : close]
        if not inner:
            specialization = True
        template = _parse_template_params(inner) if inner else []
        i = close + 1
    toks = toks[i:]
    # a `requires` clause between the template header and the declaration
    if toks and toks[0].text == "requires":
        return None
    if not toks or toks[0].text in (
        "typedef",
        "using",
        "static_assert",
        "friend",
        "namespace",
        "template",
    ):
        return None
    # the declarator's '(' : the first '(' at depth 0 outside template brackets that follows a name
    paren_at = None
    j = 0
    while j < len(toks):
        s = toks[j].text
        if (
            s == "<"
            and j > 0
            and (toks[j - 1].kind == "id" or toks[j - 1].text == "::")
            and toks[j - 1].text != "operator"
        ):
            close = _match_angle(toks, j)
            if close is None:
                return None
            j = close + 1
            continue
        if (
            s in ("decltype", "__typeof__", "typeof", "noexcept", "sizeof")
            and j + 1 < len(toks)
            and toks[j + 1].text == "("
        ):
            j = _match_close(toks, j + 1, "(", ")") + 1
            continue
        if s == "operator":
            # operator(), operator==, operator T ...
            k = j + 1
            if k < len(toks) and toks[k].text == "(":
                k += 2  # operator()
            while k < len(toks) and toks[k].text != "(":
                k += 1
            paren_at = k
            name_toks = toks[j:k]
            break
        if s in ("=", "{"):
            return None  # a variable with an initializer
        if s == "(":
            paren_at = j
            name_toks = None
            break
        j += 1
    if paren_at is None or paren_at >= len(toks):
        return None
    if name_toks is None:
        # the name before '(' (skipping explicit template arguments f<...>)
        k = paren_at - 1
        if k >= 0 and toks[k].text == ">":
            depth = 0
            while k >= 0:
                if toks[k].text == ">":
                    depth += 1
                elif toks[k].text == "<":
                    depth -= 1
                    if depth == 0:
                        break
                k -= 1
            k -= 1
            specialization = specialization or template is not None
        if (
            k < 0
            or toks[k].kind != "id"
            or toks[k].text in _BUILTIN_TYPE_WORDS
            or toks[k].text in _SPECIFIERS
        ):
            return None
        name = toks[k].text
        start = k
        quals = []
        while start >= 2 and toks[start - 1].text == "::" and toks[start - 2].kind == "id":
            quals.insert(0, toks[start - 2].text)
            start -= 2
        if start >= 1 and toks[start - 1].text == "~":
            return None  # destructor
        prefix = [t for t in toks[:start] if t.text not in _SPECIFIERS]
        if not prefix:
            return None  # a macro invocation or a constructor, not a function declaration
        qualifier = "::".join(quals)
    else:
        name = "".join(t.text for t in name_toks)
        qualifier = ""
    close = _match_close(toks, paren_at, "(", ")")
    params = _parse_params(toks[paren_at + 1 : close])
    trailer = [t.text for t in toks[close + 1 :]]
    deleted = trailer[-2:] == ["=", "delete"]
    text = _join(toks[: close + 1], pretty=True)
    if template is not None:
        text = (
            "template <"
            + ", ".join(
                (
                    {"type": "typename", "template": t.type}.get(t.kind, t.type)
                    + ("..." if t.pack else "")
                    + (f" {t.name}" if t.name else "")
                    + (f" = {t.default}" if t.default is not None else "")
                )
                for t in template
            )
            + "> "
            + text
        )
    return Decl(
        name=name,
        scope=scope,
        qualifier=qualifier,
        template=template,
        params=params,
        file=file,
        line=line,
        deprecated=deprecated,
        definition=definition,
        specialization=specialization,
        deleted=deleted,
        text=text,
    )


def declarations(tokens: list[Token], types: set[str] | None = None) -> list[Decl]:
    """The namespace-scope function declarations and definitions in `tokens`; the names of the
    classes, structs, unions, enums and aliases declared at namespace scope go into `types`."""
    decls: list[Decl] = []
    scopes: list[tuple[str, str]] = []  # (kind, name): ("ns", "a::b") or ("extern", "")
    stmt: list[Token] = []
    skip_to_semicolon = False
    i = 0
    n = len(tokens)

    def scope_name():
        return "::".join(name for kind, name in scopes if kind == "ns" and name)

    while i < n:
        t = tokens[i]
        s = t.text
        if s == "(" or s == "[":
            close = _match_close(tokens, i, s, ")" if s == "(" else "]")
            stmt.extend(tokens[i : close + 1])
            i = close + 1
            continue
        if s == ";":
            if types is not None and stmt and not skip_to_semicolon:
                words = [x.text for x in stmt]
                if words[:1] == ["using"] and "=" in words:
                    types.add(words[1])
                elif words[:1] == ["typedef"] and stmt[-1].kind == "id":
                    types.add(words[-1])
                elif (
                    len(words) >= 2
                    and words[0] in ("class", "struct", "union", "enum")
                    and stmt[-1].kind == "id"
                ):
                    types.add(words[-1])  # a forward declaration
            if not skip_to_semicolon and stmt:
                d = _parse_function(stmt, scope_name(), stmt[0].file, stmt[0].line, False)
                if d is not None:
                    decls.append(d)
            stmt = []
            skip_to_semicolon = False
            i += 1
            continue
        if s == "}":
            if scopes:
                scopes.pop()
            stmt = []
            skip_to_semicolon = False
            i += 1
            continue
        if s == "{":
            close = _match_close(tokens, i, "{", "}")
            words = [x.text for x in stmt]
            if skip_to_semicolon:
                i = close + 1
                continue
            if words[:1] == ["namespace"] or words[:2] == ["inline", "namespace"]:
                name = "".join(
                    w for w in words[words.index("namespace") + 1 :] if w not in ("inline",)
                )
                scopes.append(("ns", name))
                stmt = []
                i += 1
                continue
            if words[:1] == ["extern"] and len(words) == 2 and words[1].startswith('"'):
                scopes.append(("extern", ""))
                stmt = []
                i += 1
                continue
            body_toks, _ = _strip_attributes(stmt)
            # drop template headers before looking for class-keys
            k = 0
            while (
                k < len(body_toks)
                and body_toks[k].text == "template"
                and k + 1 < len(body_toks)
                and body_toks[k + 1].text == "<"
            ):
                close_a = _match_angle(body_toks, k + 1)
                k = (close_a if close_a is not None else k + 1) + 1
            rest = [x.text for x in body_toks[k:]]
            first_paren = rest.index("(") if "(" in rest else len(rest)
            is_class = any(w in ("class", "struct", "union", "enum") for w in rest[:first_paren])
            is_function = "(" in rest and not is_class and "=" not in rest[:first_paren]
            if is_function:
                d = _parse_function(stmt, scope_name(), stmt[0].file, stmt[0].line, True)
                if d is not None:
                    decls.append(d)
                stmt = []
                i = close + 1
                continue
            # a class body, an initializer or a lambda: skip it and the rest of the statement
            if is_class and types is not None:
                for w, nxt in zip(rest, rest[1:] + [""]):
                    if w in ("class", "struct", "union", "enum") and nxt not in (
                        "class",
                        "struct",
                        "",
                    ):
                        types.add(nxt)
                        break
            skip_to_semicolon = True
            i = close + 1
            continue
        stmt.append(t)
        i += 1
    return decls


# ---------------------------------------------------------------------------------------------
# Calls in a kernel

_KEYWORDS = {
    "if", "for", "while", "switch", "return", "sizeof", "alignof", "decltype", "static_cast",
    "reinterpret_cast", "const_cast", "dynamic_cast", "static_assert", "catch", "noexcept",
    "typeid", "new", "delete", "throw", "alignas", "requires", "co_return", "co_await", "co_yield",
    "__attribute__", "__builtin_offsetof", "defined", "_Pragma", "asm", "__asm__",
}  # fmt: skip
_PREV_OK = {
    "return",
    "else",
    "do",
    "case",
    "throw",
    "co_return",
    "co_yield",
    "co_await",
    "new",
    "delete",
}


@dataclass(frozen=True)
class Call:
    name: str
    qualifier: str  # "ckernel" for ckernel::f(...), else ""
    nargs: int
    ntemplate_args: int | None  # explicit template arguments, None if none written
    line: int
    text: str


def calls(tokens: list[Token]) -> list[Call]:
    """The calls of free functions and function-like macros in a kernel's tokens: `name(`,
    `name<...>(`, `ns::name(`; member calls (`.f(`, `->f(`), declarations (`int f(`) and
    keywords excluded."""
    out = []
    n = len(tokens)
    for i, t in enumerate(tokens):
        if t.kind != "id" or t.text in _KEYWORDS or t.text in _BUILTIN_TYPE_WORDS:
            continue
        j = i + 1
        targs = None
        if j < n and tokens[j].text == "<":
            close = _match_angle(tokens, j)
            if close is None or close + 1 >= n or tokens[close + 1].text != "(":
                continue
            targs = len([p for p in split_top(tokens[j + 1 : close]) if p])
            j = close + 1
        if j >= n or tokens[j].text != "(":
            continue
        # what precedes the name
        k = i - 1
        qual = []
        while k >= 1 and tokens[k].text == "::" and tokens[k - 1].kind == "id":
            qual.insert(0, tokens[k - 1].text)
            k -= 2
        if k >= 0 and tokens[k].text == "::":
            k -= 1  # ::f(
        prev = tokens[k] if k >= 0 else None
        if prev is not None:
            if prev.text in (".", "->", "~"):
                continue
            if (prev.kind == "id" and prev.text not in _PREV_OK) or (
                prev.text in ("*", "&", "&&")
                and k >= 1
                and tokens[k - 1].kind == "id"
                and tokens[k - 1].text not in _PREV_OK
                and _looks_like_type(tokens, k - 1)
            ):
                continue  # a declaration: `uint32_t f(`, `void kernel_main(`, `T* f(`
            if prev.text == ">" and _closes_type(tokens, k):
                continue  # `std::array<int, 2> f(`
        close = _match_close(tokens, j, "(", ")")
        args = split_top(tokens[j + 1 : close])
        nargs = len([a for a in args if a])
        out.append(
            Call(
                t.text,
                "::".join(qual),
                nargs,
                targs,
                t.line,
                _join(tokens[i : close + 1], pretty=True),
            )
        )
    return out


def _looks_like_type(tokens, k) -> bool:
    s = tokens[k].text
    return s in _BUILTIN_TYPE_WORDS or s.endswith("_t") or s[:1].isupper()


def _closes_type(tokens, k) -> bool:
    """Whether the '>' at tokens[k] closes a template-id that starts a declaration."""
    depth = 0
    for j in range(k, -1, -1):
        if tokens[j].text == ">":
            depth += 1
        elif tokens[j].text == "<":
            depth -= 1
            if depth == 0:
                before = tokens[j - 1] if j >= 1 else None
                prev = tokens[j - 2] if j >= 2 else None
                # the statement starts right before the template name
                return (
                    before is not None
                    and before.kind == "id"
                    and (
                        prev is None
                        or prev.text
                        in (";", "{", "}", ")", "const", "constexpr", "static", "inline")
                        or prev.text == "::"
                    )
                )
    return False


def defined_functions(tokens: list[Token]) -> set[str]:
    """Names of the functions a kernel defines or declares itself."""
    return {d.name for d in declarations(tokens)}
