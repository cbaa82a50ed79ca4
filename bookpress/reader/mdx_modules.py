"""MDX module statements: what ``import`` binds, and chapters that are imported.

An MDX article is a module. Its ``import`` lines do three different things,
and a book must honour each:

- ``import fig from './assets/fig.png'`` binds ``fig`` to a file (an image,
  a sound, a video, a PDF, an HTML page): ``src={fig}`` (or ``{fig.src}``,
  Astro's image object) as a prop is that file's path, written relative to the
  importing file — which is where the line map says the prop came from, so the
  image transform resolves it like any relative path.
- ``import Intro from './chapters/intro.mdx'`` binds a chapter: ``<Intro />``
  alone on a line stands for that file's text, recursively, with its own
  imports and with the line map kept (diagnostics point into the imported file).
- everything else — components (``.astro``, ``.jsx``…), packages,
  ``astro:assets``, named imports, ``export`` statements — is code for the web
  site and is dropped silently.

Statements are blanked (line numbers stay) outside fenced code; a statement
goes on over the following lines while brackets are open. MDX comments
(``{/* … */}``) are removed the same way.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostics
from ..sandbox import REFUSED, inside, resolved
from .file_deps import note

CHAPTER_SUFFIXES = frozenset({".md", ".mdx", ".markdown"})
ASSET_SUFFIXES = frozenset(
    {
        ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".bmp", ".tif", ".tiff",
        ".mp3", ".wav", ".ogg", ".m4a", ".mp4", ".webm", ".mov", ".pdf", ".html", ".htm",
    }
)  # fmt: skip

_STATEMENT = re.compile(r"^(import|export)[\s{*'\"]")
_IMPORT = re.compile(
    r"""^import\s+
        (?:(?P<default>[A-Za-z_$][\w$]*)\s*(?:,\s*(?:\{[^}]*\}|\*\s*as\s+[\w$]+))?
          |\{[^}]*\}|\*\s*as\s+[\w$]+)
        \s*from\s*(?P<q>['"])(?P<spec>[^'"]+)(?P=q)""",
    re.VERBOSE | re.DOTALL,
)
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_ALIASES = ("@/", "~/", "/")  # site-root aliases of web frameworks: tried against the book folder and src/


class _Fences:
    """Fenced code, followed line by line: MDX statements, comments, bindings
    and expressions are read only outside it."""

    def __init__(self) -> None:
        self.fence = ""

    def code(self, line: str) -> bool:
        """Whether ``line`` is code: a fence or a line inside one."""
        match = _FENCE.match(line)
        if self.fence:
            closing = match.group(1) if match else ""
            if closing[:1] == self.fence[0] and len(closing) >= len(self.fence):
                self.fence = ""
            return True
        if match:
            self.fence = match.group(1)
            return True
        return False


@dataclass(frozen=True)
class Binding:
    name: str
    kind: str  # "asset" or "chapter"
    value: str  # asset: the path as the importing file sees it; chapter: unused
    target: Path | None  # the resolved file (None: it does not exist)
    line: int  # 1-based line of the statement in the importing file


@dataclass
class Module:
    """A file's lines with its statements blanked, and what they bound."""

    lines: list[str]
    bindings: dict[str, Binding] = field(default_factory=dict)


def read_module(
    lines: list[str], path: Path, shown: str, root: Path, src: Path | None, diagnostics: Diagnostics
) -> Module:
    """Blank the module statements of ``lines`` (an MDX file) and bind its imports."""
    out: list[str] = []
    bindings: dict[str, Binding] = {}
    fences = _Fences()
    pending: list[str] = []
    pending_line = 0
    depth = 0
    for number, line in enumerate(lines, start=1):
        if pending:
            pending.append(line)
            depth += _bracket_balance(line)
            out.append("")
            if depth <= 0 and not _continues(line):
                _bind("\n".join(pending), pending_line, path, shown, root, src, bindings, diagnostics)
                pending = []
            continue
        if fences.code(line):
            out.append(line)
            continue
        if _STATEMENT.match(line):
            out.append("")
            depth = _bracket_balance(line)
            if depth > 0 or _continues(line):
                pending, pending_line = [line], number
            else:
                _bind(line, number, path, shown, root, src, bindings, diagnostics)
            continue
        out.append(line)
    if pending:
        _bind("\n".join(pending), pending_line, path, shown, root, src, bindings, diagnostics)
    module = Module(_strip_comments(out), bindings)
    _substitute_assets(module)
    _expressions(module.lines, shown, diagnostics)
    return module


_DOLLARS = re.compile(r"\$\$|\$")  # a $$ pair first, as str.replace("$$", "") would
_EXPRESSION = re.compile(r"(?<![={\\^_$])\{([^{}\n]*)\}")
_ATTRIBUTES = re.compile(r"\s*([#.][\w-]|-\s*$|[\w-]+=|\s*$)")
_STRING = re.compile(r"""\s*(["'`])(.*)\1\s*""")


def _expressions(lines: list[str], shown: str, diagnostics: Diagnostics) -> None:
    """JavaScript in the text (``{" "}``, ``{frontmatter.title}``): a string
    literal is its text; any other expression cannot be evaluated by a book
    compiler and is left out, with one warning for the file. Code, math
    (``$…$``, ``$$`` blocks) and props (``name={…}``) are not touched."""
    fences = _Fences()
    display_math = False
    dropped: list[tuple[int, str]] = []
    for i, line in enumerate(lines):
        if fences.code(line):
            continue
        if line.strip() == "$$" or (line.strip().startswith("$$") and line.count("$$") == 1):
            display_math = not display_math
            continue
        if display_math or "{" not in line or line.startswith("    "):
            continue

        # Where code spans and math open, found once per line: counting them in
        # the text before every expression would be quadratic in a long line.
        ticks = [m.start() for m in re.finditer("`", line)]
        dollars = [m.start() for m in _DOLLARS.finditer(line) if m.group() == "$"]

        def replace(match: re.Match[str], i: int = i, ticks: list = ticks, dollars: list = dollars) -> str:
            start = match.start()
            if bisect_left(ticks, start) % 2 or bisect_left(dollars, start) % 2:
                return match.group(0)  # in a code span or in math
            if _ATTRIBUTES.match(match.group(1)):
                return match.group(0)  # Pandoc attributes: {#id .class key=value}
            literal = _STRING.fullmatch(match.group(1))
            if literal:
                return literal.group(2)
            dropped.append((i + 1, match.group(0)))
            return ""

        lines[i] = _EXPRESSION.sub(replace, line)
    if dropped:
        line_number, first = dropped[0]
        more = f" and {len(dropped) - 1} more" if len(dropped) > 1 else ""
        message = f"JavaScript expression {first}{more} cannot be evaluated in a book; left out"
        diagnostics.warn(shown, line_number, "mdx-expression", message)


_COMMENT_OPEN = "{/*"
_COMMENT_CLOSE = "*/}"


def _strip_comments(lines: list[str]) -> list[str]:
    """MDX comments (``{/* … */}``, on one line or many) are not text; inside
    fenced code or a code span they are (a page about MDX shows them)."""
    out: list[str] = []
    fences = _Fences()
    inside = False
    for line in lines:
        if not inside and fences.code(line):
            out.append(line)
            continue
        kept = ""
        position = 0
        while position <= len(line):
            if inside:
                end = line.find(_COMMENT_CLOSE, position)
                if end < 0:
                    position = len(line) + 1
                    break
                inside, position = False, end + len(_COMMENT_CLOSE)
                continue
            start = line.find(_COMMENT_OPEN, position)
            while start >= 0 and line.count("`", 0, start) % 2:  # in a code span
                start = line.find(_COMMENT_OPEN, start + 1)
            if start < 0:
                kept += line[position:]
                break
            kept += line[position:start]
            inside, position = True, start + len(_COMMENT_OPEN)
        out.append(kept if kept.strip() or not line.strip() else "")
    return out


def _continues(line: str) -> bool:
    """``import X`` on one line and ``from '…'`` on the next."""
    stripped = line.strip()
    return stripped.startswith("import") and " from" not in stripped and not stripped.endswith(";")


def _bracket_balance(line: str) -> int:
    return sum(line.count(c) for c in "({[") - sum(line.count(c) for c in ")}]")


def _bind(
    statement: str,
    line: int,
    path: Path,
    shown: str,
    root: Path,
    src: Path | None,
    bindings: dict[str, Binding],
    diagnostics: Diagnostics,
) -> None:
    match = _IMPORT.match(statement.strip())
    if not match or not match.group("default"):
        return  # exports, named imports, side-effect imports: code for the web site
    name, spec = match.group("default"), match.group("spec")
    suffix = Path(spec.split("?", 1)[0]).suffix.lower()
    if suffix in CHAPTER_SUFFIXES:
        kind = "chapter"
    elif suffix in ASSET_SUFFIXES:
        kind = "asset"
    else:
        return  # a component or a package
    target = _resolve(spec.split("?", 1)[0], path, root, src)
    if target is not None and inside(target, [root]) is None:  # symbolic links included
        diagnostics.warn(shown, line, REFUSED, f"import '{spec}' is outside the book folder; it is not read")
        bindings[name] = Binding(name, kind, "", None, line)
        return
    if target is None or not target.is_file():
        if kind == "chapter":
            diagnostics.warn(shown, line, "mdx-import", f"imported file '{spec}' does not exist")
        bindings[name] = Binding(name, kind, spec, None, line)
        return
    value = Path(os.path.relpath(target, path.parent)).as_posix()
    bindings[name] = Binding(name, kind, value, target, line)


def _resolve(spec: str, path: Path, root: Path, src: Path | None) -> Path | None:
    """The file ``spec`` names, seen from ``path``; site-root aliases are tried
    against the book folder and its source folder."""
    if spec.startswith(("./", "../")):
        note(path.parent / spec)  # the reading cache re-checks what is there
        return resolved(path.parent / spec)
    for alias in _ALIASES:
        if spec.startswith(alias):
            rest = spec[len(alias) :].lstrip("/")
            for base in (root, src, root / "src", root / "public"):
                if base is not None:
                    note(base / rest)
                if base is not None and (base / rest).is_file():
                    return resolved(base / rest)
            return None
    return None  # a package


def _substitute_assets(module: Module) -> None:
    """``={name}`` / ``={name.src}`` for a bound file becomes ``="path"``."""
    names = [b.name for b in module.bindings.values() if b.kind == "asset" and b.value]
    if not names:
        return
    pattern = re.compile(r"=\s*\{\s*(" + "|".join(map(re.escape, names)) + r")(?:\.src)?\s*\}")

    def replace(match: re.Match[str]) -> str:
        return '="' + module.bindings[match.group(1)].value.replace('"', "%22") + '"'

    fences = _Fences()
    for i, line in enumerate(module.lines):
        if fences.code(line):
            continue
        if "{" in line:
            module.lines[i] = pattern.sub(replace, line)


Loader = Callable[[Path, int], tuple[list[str], list[tuple[str, int]]] | None]


def inline_chapters(
    module: Module,
    origin: list[tuple[str, int]],
    load: Loader,
    depth: int,
) -> tuple[list[str], list[tuple[str, int]]]:
    """Replace each ``<Chapter />`` line (a bound chapter, alone on its line,
    outside code) with the lines ``load`` gives for that file."""
    chapters = {b.name: b for b in module.bindings.values() if b.kind == "chapter"}
    if not chapters:
        return module.lines, origin
    names = "|".join(map(re.escape, chapters))
    usage = re.compile(rf"^\s*<({names})(?:\s[^<>]*)?(?:/>|>\s*</\1>)\s*$")
    lines: list[str] = []
    where: list[tuple[str, int]] = []
    fences = _Fences()
    for line, source in zip(module.lines, origin, strict=True):
        if not fences.code(line):
            match = usage.match(line)
            if match:
                binding = chapters[match.group(1)]
                loaded = load(binding.target, depth + 1) if binding.target is not None else None
                if loaded is not None:
                    lines.append("")  # the imported text starts a new block
                    where.append(source)
                    lines.extend(loaded[0])
                    where.extend(loaded[1])
                    lines.append("")
                    where.append(source)
                continue  # an unreadable chapter was reported; its tag never prints
        lines.append(line)
        where.append(source)
    return lines, where


def strip_front_matter(lines: list[str]) -> list[str]:
    """An imported chapter's own YAML front matter is not text: blank it."""
    if not lines or lines[0].strip() != "---":
        return lines
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            return [""] * (end + 1) + lines[end + 1 :]
    return lines
