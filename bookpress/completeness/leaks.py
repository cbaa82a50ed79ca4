"""Source markup printed as text: the leaked-markup check.

A piece of markup on a page is the author's own text when the book's code
(listings, inline code, raw HTML) on those pages has it, or when the
manuscript escapes it (``\\`code\\```, ``&lt;div&gt;``): then it may print.
Otherwise a reader kept a construct it did not understand as text.
"""

from __future__ import annotations

import bisect
import html
import re
from pathlib import Path
from typing import Any

from ..model import Chapter, SourceRef, Text, query
from . import markup
from .expected import Expected
from .printed import PrintedPdf
from .result import MAX_REPORTED, Completeness, Gap

_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);")


def check_markup(
    expected: Expected, printed: PrintedPdf, starts: list[int | None], result: Completeness
) -> None:
    known = sorted((start, chapter) for chapter, start in enumerate(starts) if start is not None)
    first_pages = [start for start, _ in known]
    everything = set(expected.everywhere).union(*expected.code_tokens)
    allowed_in: dict[int, set[str]] = {}
    sources = _Sources(expected.root)
    places: dict[tuple[int, str], tuple[SourceRef | None, bool]] = {}
    pages_with_leaks: list[Gap] = []
    for index, page in enumerate(printed.pages):
        at = bisect.bisect_right(first_pages, index) - 1
        chapter = known[at][1] if at >= 0 else None
        if chapter is None:
            allowed = everything
        elif chapter in allowed_in:
            allowed = allowed_in[chapter]
        else:
            allowed = allowed_in[chapter] = expected.code_tokens[chapter] | expected.everywhere
        leaks = []
        for hit in markup.hits(page.text):
            if hit.token in allowed or not allowed.isdisjoint(_unbroken(hit.token)):
                continue
            if chapter is not None:
                key = (chapter, hit.token)
                if key not in places:
                    places[key] = _locate(expected.chapters[chapter], hit.token, sources)
                if places[key][1]:  # escaped in the manuscript
                    continue
            leaks.append(hit)
        if not leaks:
            continue
        result.leaked += len(leaks)
        result.leaked_by_kind.update(hit.kind for hit in leaks)
        first = leaks[0]
        more = f" (and {len(leaks) - 1} more on the page)" if len(leaks) > 1 else ""
        source = places[(chapter, first.token)][0] if chapter is not None else None
        pages_with_leaks.append(
            Gap(
                "leaked-markup",
                f"{first.kind} printed as text: '{markup.snippet(page.text, first)}'{more}",
                index,
                source=source,
            )
        )
    result.gaps.extend(pages_with_leaks[:MAX_REPORTED])
    if len(pages_with_leaks) > MAX_REPORTED:
        rest = pages_with_leaks[MAX_REPORTED:]
        last = rest[-1].page or 0
        result.gaps.append(
            Gap("leaked-markup", f"… and markup printed on {len(rest)} more pages (up to page {last + 1})")
        )


class _Sources:
    """Manuscript files, read once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[str, list[str]] = {}

    def lines(self, path: str) -> list[str]:
        if path not in self.files:
            try:
                text = (self.root / path).read_text(encoding="utf-8", errors="replace")
            except OSError:
                text = ""
            self.files[path] = text.splitlines()
        return self.files[path]


def _locate(chapter: Chapter, token: str, sources: _Sources) -> tuple[SourceRef, bool]:
    """Where the printed ``token`` comes from in the manuscript, and whether the
    author escaped it there (it is then meant to print). An escaped occurrence in
    the file wins: the same text unescaped elsewhere in it may well be inside
    code, or consumed by a preprocessor."""
    near = _where(chapter, token)
    lines = sources.lines(near.path) if near.path else []
    raw_at = None
    for number, line in enumerate(lines, 1):
        masked = markup.token(_masked(line))
        if token in markup.token(_unescape(line)) and token not in masked:
            return SourceRef(near.path, number), True
        if raw_at is None and token in masked:
            raw_at = number
    at_node = 0 < near.line <= len(lines) and token in markup.token(_masked(lines[near.line - 1]))
    if raw_at is None or at_node:
        return near, False
    return SourceRef(near.path, raw_at), False


# PDFium marks the end of a line broken at a hyphen with U+FFFE (and a soft
# hyphen with U+00AD): ``<span class="image-credit">`` in a listing comes back
# as ``image\ufffecredit`` when the line broke there.
_LINE_BREAK_MARKS = ("\ufffe", "\u00ad", "\u2010")


def _unbroken(token: str) -> set[str]:
    """The ways ``token`` may have been written before its line was broken."""
    if not any(mark in token for mark in _LINE_BREAK_MARKS):
        return set()
    variants = set()
    for replacement in ("-", ""):
        text = token
        for mark in _LINE_BREAK_MARKS:
            text = text.replace(mark, replacement)
        variants.add(text)
    return variants


def _unescape(text: str) -> str:
    return html.unescape(_ESCAPE.sub(r"\1", text))


def _masked(text: str) -> str:
    """``text`` with every escaped character (``\\<``, ``&lt;``) blotted out."""
    return _ENTITY.sub("\0", _ESCAPE.sub("\0", text))


def _where(chapter: Chapter, token: str) -> SourceRef:
    """The innermost node with a source line whose text holds ``token`` (its first
    occurrence), else the chapter."""
    for block in chapter.blocks:
        if token not in _squashed_text(block):
            continue
        found = getattr(block, "source", None)
        for node in query(block):
            source = getattr(node, "source", None)
            if isinstance(source, SourceRef) and source.line and token in _squashed_text(node):
                found = source
        if isinstance(found, SourceRef) and found.line:
            return found
    return chapter.source


def _squashed_text(node: Any) -> str:
    return "".join("".join(n.text.split()) for n in query(node) if isinstance(n, Text))
