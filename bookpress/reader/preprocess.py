"""Source text before Markdown parsing: mdBook includes and MDX module lines.

- mdBook's ``{{#include file}}``, ``{{#include file:anchor}}``,
  ``{{#include file:3}}``, ``{{#include file:8:}}``, ``{{#include file:9:10}}``
  (1-based, inclusive) and ``{{#rustdoc_include …}}`` (which also drops the
  lines that rustdoc hides, those starting with ``#``). Anchors are the lines
  between ``ANCHOR: name`` and ``ANCHOR_END: name``; other anchor lines are
  dropped from what is included. ``\\{{#include …}}`` stays literal.
- MDX files: module statements are blanked; imported images are bound to
  their paths and imported chapters are inlined (see :mod:`.mdx_modules`).

The result keeps a line map so that every later diagnostic points at the
file and line the text came from, included files too.

Includes and imports share one budget per chapter file: what they add may
not pass :data:`~bookpress.limits.INCLUDE_GROWTH` times the file's own size
(within a floor and a ceiling, see :mod:`bookpress.limits`) — depth alone does
not bound a file that includes the next one four times, ten deep. Past the
budget the build stops with an ``include-too-large`` error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostics
from ..limits import INCLUDE_CEILING_CHARS, INCLUDE_FLOOR_CHARS, INCLUDE_GROWTH, size_text
from ..sandbox import inside, resolved
from .file_deps import note
from .mdx_modules import inline_chapters, read_module, strip_front_matter

_INCLUDE = re.compile(r"(\\?)\{\{#(include|rustdoc_include)\s+([^}]+?)\s*\}\}")
_ANCHOR = re.compile(r"ANCHOR(_END)?:\s*([\w-]+)")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
MAX_DEPTH = 10


@dataclass
class Prepared:
    """Text ready for the parser, and where each of its lines came from."""

    text: str
    lines: list[tuple[str, int]] = field(default_factory=list)  # per output line: (path, 1-based line)

    def where(self, index: int) -> tuple[str, int]:
        """The source of output line ``index`` (0-based)."""
        if not self.lines:
            return "", index + 1
        return self.lines[min(max(index, 0), len(self.lines) - 1)]


@dataclass
class Budget:
    """What the includes and imports of one chapter file may still add, and
    the files they read (a file included a thousand times is read once)."""

    limit: int
    shown: str  # the chapter file, for the diagnostic
    diagnostics: Diagnostics
    used: int = 0
    exceeded: bool = False
    texts: dict[Path, str] = field(default_factory=dict)
    resolved: dict[Path, Path] = field(default_factory=dict)
    targets: dict[tuple[Path, str], Path] = field(default_factory=dict)

    @classmethod
    def for_text(cls, text: str, shown: str, diagnostics: Diagnostics) -> Budget:
        limit = min(INCLUDE_CEILING_CHARS, max(INCLUDE_FLOOR_CHARS, INCLUDE_GROWTH * len(text)))
        return cls(limit, shown, diagnostics)

    def spend(self, chars: int, where: tuple[str, int]) -> bool:
        """Whether ``chars`` more characters fit; the first time they do not,
        an error at ``where``."""
        if self.exceeded:
            return False
        if self.used + chars <= self.limit:
            self.used += chars
            return True
        self.exceeded = True
        path, line = where
        message = (
            f"includes and imports make '{self.shown}' more than {size_text(self.limit)} of text "
            f"({INCLUDE_GROWTH} times its size, at least {size_text(INCLUDE_FLOOR_CHARS)}, "
            f"at most {size_text(INCLUDE_CEILING_CHARS)}); the rest is left out"
        )
        self.diagnostics.err(path, line, "include-too-large", message)
        return False

    def resolve(self, path: Path) -> Path:
        """``path`` resolved (once per chapter file: includes repeat)."""
        if path not in self.resolved:
            self.resolved[path] = path.resolve()
        return self.resolved[path]

    def target(self, path: Path, name: str) -> Path:
        """The file ``name`` (as written in ``path``) resolved."""
        key = (path, name)
        if key not in self.targets:
            note(path.parent / name)  # the reading cache re-checks what is there
            self.targets[key] = resolved(path.parent / name) or path.parent / name  # None: a link loop
        return self.targets[key]

    def read(self, target: Path) -> str:
        """The text of ``target`` (read once per chapter file)."""
        if target not in self.texts:
            note(target)
            self.texts[target] = target.read_text(encoding="utf-8")
        return self.texts[target]


def prepare(
    path: Path,
    shown: str,
    root: Path,
    text: str,
    diagnostics: Diagnostics,
    depth: int = 0,
    within: tuple[Path, ...] = (),
    budget: Budget | None = None,
) -> Prepared:
    """``text`` of ``path`` ready for the parser. ``within`` are the files that
    imported this one (a chapter that imports itself is refused); ``budget``
    is shared with the file that imported this one."""
    budget = budget or Budget.for_text(text, shown, diagnostics)
    lines = text.split("\n")
    origin = [(shown, n) for n in range(1, len(lines) + 1)]
    if path.suffix.lower() == ".mdx":
        module = read_module(lines, path, shown, root.resolve(), None, diagnostics)
        here = (*within, path.resolve())

        def load(target: Path, next_depth: int) -> tuple[list[str], list[tuple[str, int]]] | None:
            return _imported_chapter(target, root, diagnostics, next_depth, here, shown, budget)

        lines, origin = inline_chapters(module, origin, load, depth)
    if "{{#" in text:
        lines, origin = _expand_includes(
            lines, origin, path, root, diagnostics, 0, budget, (budget.resolve(path),)
        )
    return Prepared("\n".join(lines), origin)


def _imported_chapter(
    target: Path,
    root: Path,
    diagnostics: Diagnostics,
    depth: int,
    within: tuple[Path, ...],
    shown: str,
    budget: Budget,
) -> tuple[list[str], list[tuple[str, int]]] | None:
    """The prepared lines of a chapter imported by an MDX file."""
    target_shown = target.relative_to(root.resolve()).as_posix()
    if depth > MAX_DEPTH or target in within:
        why = "imports itself" if target in within else f"imports nest more than {MAX_DEPTH} deep"
        diagnostics.warn(shown, 1, "mdx-import", f"'{target_shown}' is not inlined: {why}")
        return None
    try:
        text = budget.read(target)
    except (OSError, UnicodeDecodeError) as exc:
        diagnostics.warn(shown, 1, "mdx-import", f"cannot read '{target_shown}': {exc}")
        return None
    if not budget.spend(len(text), (shown, 1)):
        return None
    text = "\n".join(strip_front_matter(text.split("\n")))
    prepared = prepare(target, target_shown, root, text, diagnostics, depth, within, budget)
    return prepared.text.split("\n"), prepared.lines


def _expand_includes(
    lines: list[str],
    origin: list[tuple[str, int]],
    path: Path,
    root: Path,
    diagnostics: Diagnostics,
    depth: int,
    budget: Budget,
    chain: tuple[Path, ...],
) -> tuple[list[str], list[tuple[str, int]]]:
    """``lines`` with their includes expanded; ``chain`` is the files being
    expanded, outermost first (a file that includes one of them is a cycle)."""
    out: list[str] = []
    out_origin: list[tuple[str, int]] = []
    for line, where in zip(lines, origin, strict=True):
        if "{{#" not in line:
            out.append(line)
            out_origin.append(where)
            continue
        pieces = _expand_line(line, where, path, root, diagnostics, depth, budget, chain)
        out.extend(text for text, _ in pieces)
        out_origin.extend(source for _, source in pieces)
    return out, out_origin


def _expand_line(
    line: str,
    where: tuple[str, int],
    path: Path,
    root: Path,
    diagnostics: Diagnostics,
    depth: int,
    budget: Budget,
    chain: tuple[Path, ...],
) -> list[tuple[str, tuple[str, int]]]:
    """One source line with its includes replaced; it may become many lines."""
    result: list[tuple[str, tuple[str, int]]] = []
    current, current_where = "", where
    position = 0
    for match in _INCLUDE.finditer(line):
        current += line[position : match.start()]
        position = match.end()
        if match.group(1):  # escaped: \{{#include …}} stays literal, without the backslash
            current += match.group(0)[1:]
            continue
        if budget.exceeded:
            continue  # past the budget (an error said so): the directive is dropped
        spec = match.group(3)
        included = _include(match.group(2), spec, where, path, root, diagnostics, depth, budget, chain)
        if included is None:
            continue  # a warning or an error said why: the directive is dropped, not printed
        for k, (text, source) in enumerate(included):
            if k == 0:
                current += text
                current_where = source if current == text else where
                continue
            result.append((current, current_where))
            current, current_where = text, source
    current += line[position:]
    result.append((current, current_where))
    return result


def _include(
    kind: str,
    spec: str,
    where: tuple[str, int],
    path: Path,
    root: Path,
    diagnostics: Diagnostics,
    depth: int,
    budget: Budget,
    chain: tuple[Path, ...],
) -> list[tuple[str, tuple[str, int]]] | None:
    file_part, _, selector = spec.partition(":")
    target = budget.target(path, file_part.strip())
    shown_at, line_at = where
    if depth >= MAX_DEPTH:
        diagnostics.warn(shown_at, line_at, "include", f"includes nested more than {MAX_DEPTH} deep: {spec}")
        return None
    if inside(target, [budget.resolve(root)]) is None:  # the sandbox: symbolic links included
        message = f"include '{file_part}' is outside the book folder"
        diagnostics.warn(shown_at, line_at, "resource-refused", message)
        return None
    if target in chain:  # would repeat itself up to the depth limit: thousands of copies
        diagnostics.warn(
            shown_at, line_at, "include", f"'{file_part}' includes itself (a cycle): not included"
        )
        return None
    if target not in budget.texts and not target.is_file():
        diagnostics.warn(shown_at, line_at, "include", f"included file '{file_part}' does not exist")
        return None
    try:
        text = budget.read(target)
    except (OSError, UnicodeDecodeError) as exc:
        diagnostics.warn(shown_at, line_at, "include", f"cannot read '{file_part}': {exc}")
        return None
    shown = target.relative_to(budget.resolve(root)).as_posix()
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    numbered = list(enumerate(lines, start=1))
    chosen = _select(numbered, selector.strip(), shown_at, line_at, spec, diagnostics)
    if chosen is None:
        return None
    if kind == "rustdoc_include":
        chosen = [(n, text) for n, text in chosen if not _rustdoc_hidden(text)]
    chosen_lines = [text for _, text in chosen]
    chosen_origin = [(shown, n) for n, _ in chosen]
    if not budget.spend(sum(len(text) + 1 for text in chosen_lines), where):
        return None
    if any("{{#" in text for text in chosen_lines):
        chosen_lines, chosen_origin = _expand_includes(
            chosen_lines, chosen_origin, target, root, diagnostics, depth + 1, budget, (*chain, target)
        )
    return list(zip(chosen_lines, chosen_origin, strict=True))


def _select(
    numbered: list[tuple[int, str]], selector: str, shown: str, line: int, spec: str, diagnostics: Diagnostics
) -> list[tuple[int, str]] | None:
    if not selector:
        return [(n, t) for n, t in numbered if not _ANCHOR.search(t)]
    parts = selector.split(":")
    if all(p.strip().isdigit() or p.strip() == "" for p in parts):
        start = int(parts[0]) if parts[0].strip() else 1
        end = start if len(parts) == 1 else int(parts[1]) if parts[1].strip() else len(numbered)
        return [(n, t) for n, t in numbered if start <= n <= end and not _ANCHOR.search(t)]
    name = selector
    inside = False
    found = False
    chosen: list[tuple[int, str]] = []
    for n, text in numbered:
        m = _ANCHOR.search(text)
        if m and m.group(2) == name:
            inside = m.group(1) is None
            found = True
            continue
        if m:
            continue
        if inside:
            chosen.append((n, text))
    if not found:
        diagnostics.warn(shown, line, "include", f"no anchor '{name}' for {{{{#include {spec}}}}}")
        return None
    return chosen


def _rustdoc_hidden(line: str) -> bool:
    stripped = line.strip()
    return stripped == "#" or (stripped.startswith("# ") and not stripped.startswith("#!"))
